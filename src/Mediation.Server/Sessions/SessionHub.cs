using System.Security.Claims;
using System.Threading.RateLimiting;
using Mediation.Domain;
using Mediation.Domain.Cases;
using Mediation.Domain.Sessions;
using Mediation.Server.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.SignalR;

namespace Mediation.Server.Sessions;

/// <summary>An RTCSessionDescriptionInit as the page sends and receives it.</summary>
public sealed record SessionDescription(string Type, string Sdp);

/// <summary>What the server tells a page.</summary>
public interface ISessionClient
{
    /// <summary>What the page may receive changed: offer again with at least this many receive-only transceivers.</summary>
    Task Renegotiate(int audio, int video);

    /// <summary>The room changed (someone came, went, was admitted, moved, muted…): call <c>Refresh</c> for your view.</summary>
    Task Sync();

    Task Chat(ChatMessage message);

    /// <summary>Who speaks now in your room (their attendee id), from the audio levels; null when nobody does.</summary>
    Task ActiveSpeaker(string? attendeeId);

    /// <summary>The mediator asks you to speak: your microphone is yours to turn on again.</summary>
    Task AskedToUnmute();
    Task SessionEnded();

    /// <summary>This person opened the session elsewhere (a reload, another tab): this connection is out.</summary>
    Task Replaced();
}

/// <summary>Who the connection is, fixed when it joins a case.</summary>
internal sealed record SessionCaller(Guid CaseId, string Key, string DisplayName, string Role, Guid? PartyId, PartySide? Side, bool IsHost);

/// <summary>
/// The live mediation session. A page joins a case's session; the host (the assigned mediator, or an admin of the
/// organization) opens it by joining and admits parties from the lobby after checking their identity against the
/// camera picture a waiting party sends to the host alone; pages negotiate WebRTC with the SFU (the page always
/// offers). The session in the database is the authority on
/// who is admitted, who sits where and who is muted: every change is saved, applied to this node's media, and
/// announced with <see cref="ISessionClient.Sync"/>, on which each page asks for its own view — on whichever node
/// it is connected to. Every method checks the caller's relation to the case (<see cref="CaseAccess"/>) and role;
/// errors reach the page as a <see cref="HubException"/> whose message is a stable code.
/// </summary>
[Authorize(Policy = Policies.StaffOrParty)]
public sealed class SessionHub(SessionRooms rooms, CaseAccess access, SessionCoordinator sessions, ILogger<SessionHub> logger) : Hub<ISessionClient>
{
    private const string CallerKey = "caller";
    private const string RoomKey = "room";
    private const string ChatLimitKey = "chat-limit";
    public const int MaxChatLength = 1000;

    /// <summary>Joins the case's session: the host opens it, a party waits in the lobby (or comes straight back in
    /// when already admitted — a reload, a dropped network).</summary>
    public async Task<RoomView> Join(Guid caseId)
    {
        var check = await access.CheckAsync(Context.User!, caseId, Context.ConnectionAborted);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            throw new HubException("case-forbidden");
        }

        // One room per connection: joining another leaves the one it was in.
        await LeaveAsync();
        var caller = CallerOf(grant);
        if (caller.IsHost)
        {
            if (grant.Case.Status is not (CaseStatus.MediatorAssigned or CaseStatus.InMediation))
            {
                throw new HubException("case-not-in-mediation");
            }

            await sessions.ChangeAsync(async () => await sessions.OpenAsync(grant.Case, caller.Key, caller.DisplayName, Context.ConnectionAborted), Context.ConnectionAborted);
        }

        var (room, replaced) = rooms.Join(caseId, caller.Key, Context.ConnectionId);
        if (replaced is not null)
        {
            await Clients.Client(replaced).Replaced();
            await RemoveFromGroupsAsync(replaced, caseId);
        }

        Context.Items[CallerKey] = caller;
        Context.Items[RoomKey] = room;
        await Groups.AddToGroupAsync(Context.ConnectionId, CaseGroup(caseId));
        logger.LogInformation("Session of case {CaseId}: {Role} connected", caseId, caller.Role);
        var view = await RefreshAsync(caller, room);
        await Clients.OthersInGroup(CaseGroup(caseId)).Sync();
        return view;
    }

    /// <summary>The caller's view of the room now; also brings this node's media in line with the session.</summary>
    public async Task<RoomView> Refresh()
    {
        var (caller, room) = Current();
        return await RefreshAsync(caller, room);
    }

    /// <summary>The page's offer; the answer comes back. Tracks it publishes become producers of the room.</summary>
    public async Task<SessionDescription> Negotiate(SessionDescription offer)
    {
        var (caller, room) = Current();
        if (room.Find(caller.Key, Context.ConnectionId)?.Media is not { } participant)
        {
            throw new HubException("not-admitted");
        }

        if (offer.Type != "offer" || offer.Sdp is not { Length: > 0 and < 128 * 1024 })
        {
            throw new HubException("sdp-invalid");
        }

        var result = participant.Negotiate(offer.Sdp, Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (!result.IsOk)
        {
            throw new HubException(result.ErrorCode ?? "sdp-invalid");
        }

        await TellRenegotiate(room.Refresh());
        return new SessionDescription("answer", result.AnswerSdp!);
    }

    public async Task Leave() => await LeaveAsync();

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        (Context.Items[ChatLimitKey] as IDisposable)?.Dispose();
        await LeaveAsync();
        await base.OnDisconnectedAsync(exception);
    }

    // ---- the host's controls ----

    /// <summary>Lets a waiting party in; <paramref name="identityConfirmed"/> says the mediator compared the person on
    /// camera with the identity document on record (在线调解规则 art. 17) — the record keeps that check.</summary>
    public Task Admit(string attendeeId, bool identityConfirmed) => HostChangeAsync(attendeeId, async (session, attendee, caller) =>
    {
        Check(attendee.Admit(identityConfirmed, caller.Key, sessions.Now));
        Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.IdentityCheck, attendee.PartyId,
            $"调解员通过视频对{attendee.DisplayName}（{SessionCoordinator.RoleName(attendee)}）进行身份核验，与案卷所载身份证件信息一致，准予进入调解室。",
            caller.Key, null, Context.ConnectionAborted));
    });

    public Task Deny(string attendeeId) => HostChangeAsync(attendeeId, (_, attendee, _) =>
    {
        Check(attendee.Deny());
        return Task.CompletedTask;
    });

    /// <summary>Takes a party out of the room; they would wait in the lobby to come back.</summary>
    public Task Remove(string attendeeId) => HostChangeAsync(attendeeId, (_, attendee, _) =>
    {
        Check(attendee.Remove(sessions.Now));
        return Task.CompletedTask;
    });

    /// <summary>Mutes a party: the server stops forwarding their audio (whatever their page does) until the mediator
    /// asks them to speak.</summary>
    public Task Mute(string attendeeId) => HostChangeAsync(attendeeId, (_, attendee, _) =>
    {
        Check(attendee.Mute(true));
        return Task.CompletedTask;
    });

    public async Task AskToUnmute(string attendeeId)
    {
        string? key = null;
        await HostChangeAsync(attendeeId, (_, attendee, _) =>
        {
            Check(attendee.Mute(false));
            key = attendee.PersonKey;
            return Task.CompletedTask;
        });
        await Clients.Group(PersonGroup(key!)).AskedToUnmute();
    }

    /// <summary>The notices read to the parties (人民调解工作若干规定 art. 30; 在线调解规则 arts. 13, 17): into the
    /// record; each admitted party is asked to acknowledge them on screen.</summary>
    public Task ReadNotices() => HostSessionChangeAsync(async (session, caller) =>
    {
        Check(session.ReadNotices(sessions.Now));
        Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Notice, null,
            "调解员向当事人告知以下事项：" + string.Join("", SessionNotices.Text.Select((t, i) => $"{i + 1}. {t}")), caller.Key, null, Context.ConnectionAborted));
    });

    /// <summary>背对背: the mediator goes into a private room with one side; the other side waits in its own and
    /// receives no media and no chat of the first. Called again with the other side, the mediator switches rooms.</summary>
    public Task StartCaucus(PartySide side) => HostSessionChangeAsync(async (session, caller) =>
    {
        Check(session.StartCaucus(side));
        Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Session, null,
            $"调解员与{(side == PartySide.Applicant ? "申请人" : "被申请人")}一方进行背对背调解。", caller.Key, null, Context.ConnectionAborted));
    });

    public Task EndCaucus() => HostSessionChangeAsync(async (session, caller) =>
    {
        Check(session.EndCaucus());
        Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Session, null, "各方回到联合调解室。", caller.Key, null, Context.ConnectionAborted));
    });

    /// <summary>Ends the session: attendance and durations into the record, every page told, the room closed.</summary>
    public async Task End()
    {
        var (caller, room) = Current();
        RequireHost(caller);
        await sessions.ChangeAsync(async () =>
        {
            var session = await sessions.OpenSessionAsync(caller.CaseId, Context.ConnectionAborted) ?? throw new HubException("session-not-open");
            Check(session.End(sessions.Now));
            Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Session, null, SessionCoordinator.AttendanceLine(session, sessions.Now),
                caller.Key, null, Context.ConnectionAborted));
            return 0;
        }, Context.ConnectionAborted);
        logger.LogInformation("Session of case {CaseId} ended", caller.CaseId);
        foreach (var member in room.Members)
        {
            await TellRenegotiate(room.Apply(member.Key, member.Id, MemberPresence.None, SessionSpace.Joint, muted: false));
        }

        await Clients.Group(CaseGroup(caller.CaseId)).SessionEnded();
    }

    // ---- everyone admitted ----

    /// <summary>A chat line to the people in the caller's space only, kept in the record (a private room's lines
    /// are private to that side there too).</summary>
    public async Task SendChat(string text)
    {
        var (caller, _) = Current();
        text = (text ?? "").Trim();
        if (text.Length is 0 or > MaxChatLength)
        {
            throw new HubException("chat-text");
        }

        // Each line is written to the record: a burst of ten, then one a second, per connection.
        if (!ChatLimit().AttemptAcquire().IsAcquired)
        {
            throw new HubException("chat-rate-limited");
        }

        var message = await sessions.ChangeAsync(async () =>
        {
            var (session, me) = await PresentAsync(caller);
            var space = session.SpaceOf(me);
            var privateTo = SessionCoordinator.PrivateTo(space);
            Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Chat, me.PartyId, SessionCoordinator.ChatPrefix(privateTo, me.DisplayName) + text,
                caller.Key, privateTo, Context.ConnectionAborted));
            return new ChatMessage(me.Id.ToString("N"), me.DisplayName, text, space.ToString(), sessions.Now);
        }, Context.ConnectionAborted);
        await Clients.Group(SpaceGroup(caller.CaseId, Enum.Parse<SessionSpace>(message.Space))).Chat(message);
    }

    /// <summary>The chat said so far in this session in the caller's room: after a reload, or on moving between rooms.</summary>
    public async Task<IReadOnlyList<ChatMessage>> ChatHistory()
    {
        var (caller, _) = Current();
        var (session, me) = await PresentAsync(caller);
        return await sessions.ChatHistoryAsync(session, session.SpaceOf(me), Context.ConnectionAborted);
    }

    public async Task RaiseHand(bool raised)
    {
        var (caller, _) = Current();
        await sessions.ChangeAsync(async () =>
        {
            var (_, me) = await PresentAsync(caller);
            me.RaiseHand(raised);
            return 0;
        }, Context.ConnectionAborted);
        await Clients.Group(CaseGroup(caller.CaseId)).Sync();
    }

    /// <summary>A party confirms on screen that the notices were read to them; the record says so.</summary>
    public async Task AcknowledgeNotices()
    {
        var (caller, _) = Current();
        await sessions.ChangeAsync(async () =>
        {
            var (session, me) = await PresentAsync(caller);
            Check(me.AcknowledgeNotices(session.NoticesReadAtUtc, sessions.Now));
            Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Notice, me.PartyId,
                $"{me.DisplayName}（{SessionCoordinator.RoleName(me)}）确认已知悉上述告知事项。", caller.Key, null, Context.ConnectionAborted));
            return 0;
        }, Context.ConnectionAborted);
        await Clients.Group(CaseGroup(caller.CaseId)).Sync();
    }

    // ---- the plumbing ----

    /// <summary>The caller arrives in the open session if not there yet (they may have been waiting for it to
    /// open), this node's media follows the session, and the caller gets their view.</summary>
    private async Task<RoomView> RefreshAsync(SessionCaller caller, SessionRoom room)
    {
        var session = await sessions.ChangeAsync(async () =>
        {
            var open = await sessions.OpenSessionAsync(caller.CaseId, Context.ConnectionAborted);
            if (open?.Find(caller.Key) is not { Connected: true })
            {
                open?.Arrive(caller.Key, caller.DisplayName, caller.Role, caller.PartyId, caller.Side, caller.IsHost, sessions.Now);
            }

            return open;
        }, Context.ConnectionAborted);
        if (session?.Find(caller.Key) is not { } me)
        {
            await TellRenegotiate(room.Apply(caller.Key, "", MemberPresence.None, SessionSpace.Joint, muted: false));
            return SessionViews.NotOpen(caller.IsHost);
        }

        var space = session.SpaceOf(me);
        await TellRenegotiate(room.Apply(caller.Key, me.Id.ToString("N"), PresenceOf(me), space, me.MutedByMediator));
        await PlaceInGroupsAsync(Context.ConnectionId, caller, space, me.Present);
        return SessionViews.For(session, me, sessions.Now);
    }

    /// <summary>A host's change to one attendee: saved, applied to this node's media, announced.</summary>
    private Task HostChangeAsync(string attendeeId, Func<MediationSession, SessionAttendee, SessionCaller, Task> change) =>
        HostSessionChangeAsync(async (session, caller) =>
        {
            var attendee = Guid.TryParse(attendeeId, out var id) ? session.FindById(id) : null;
            await change(session, attendee ?? throw new HubException("attendee-not-found"), caller);
        });

    private async Task HostSessionChangeAsync(Func<MediationSession, SessionCaller, Task> change)
    {
        var (caller, room) = Current();
        RequireHost(caller);
        var session = await sessions.ChangeAsync(async () =>
        {
            var open = await sessions.OpenSessionAsync(caller.CaseId, Context.ConnectionAborted) ?? throw new HubException("session-not-open");
            await change(open, caller);
            return open;
        }, Context.ConnectionAborted);

        // This node's members follow at once (a caucus must not wait for pages to ask); other nodes' follow when
        // their pages refresh on the Sync below.
        foreach (var member in room.Members)
        {
            if (session.Find(member.Key) is { } attendee)
            {
                var space = session.SpaceOf(attendee);
                await TellRenegotiate(room.Apply(member.Key, attendee.Id.ToString("N"), PresenceOf(attendee), space, attendee.MutedByMediator));
                await PlaceInGroupsAsync(member.ConnectionId, CallerKeyOnly(caller.CaseId, member.Key), space, attendee.Present);
            }
        }

        await Clients.Group(CaseGroup(caller.CaseId)).Sync();
    }

    private async Task<(MediationSession Session, SessionAttendee Me)> PresentAsync(SessionCaller caller)
    {
        var session = await sessions.OpenSessionAsync(caller.CaseId, Context.ConnectionAborted) ?? throw new HubException("session-not-open");
        var me = session.Find(caller.Key);
        return me is { Present: true } ? (session, me) : throw new HubException("not-admitted");
    }

    private async Task LeaveAsync()
    {
        if (Context.Items[RoomKey] is not SessionRoom room || Context.Items[CallerKey] is not SessionCaller caller)
        {
            return;
        }

        Context.Items.Remove(RoomKey);
        if (!rooms.Leave(room, caller.Key, Context.ConnectionId))
        {
            // Replaced by a newer connection of the same person: that one is their presence now.
            return;
        }

        await RemoveFromGroupsAsync(Context.ConnectionId, caller.CaseId);
        await sessions.ChangeAsync(async () =>
        {
            var session = await sessions.OpenSessionAsync(caller.CaseId, CancellationToken.None);
            session?.Find(caller.Key)?.Depart(sessions.Now);
            return 0;
        }, CancellationToken.None);
        await TellRenegotiate(room.Refresh());
        await Clients.Group(CaseGroup(caller.CaseId)).Sync();
    }

    private async Task TellRenegotiate(IReadOnlyList<(string ConnectionId, int Audio, int Video)> changed)
    {
        foreach (var (connectionId, audio, video) in changed)
        {
            await Clients.Client(connectionId).Renegotiate(audio, video);
        }
    }

    /// <summary>Chat and the active speaker go to a space's group: a connection in the room is in its own space's
    /// group only; one in the lobby (not yet identity-checked), turned away or removed is in none. Every connection
    /// is in its person's group.</summary>
    private async Task PlaceInGroupsAsync(string connectionId, SessionCaller caller, SessionSpace space, bool present)
    {
        foreach (var other in Enum.GetValues<SessionSpace>().Where(s => !present || s != space))
        {
            await Groups.RemoveFromGroupAsync(connectionId, SpaceGroup(caller.CaseId, other));
        }

        if (present)
        {
            await Groups.AddToGroupAsync(connectionId, SpaceGroup(caller.CaseId, space));
        }

        await Groups.AddToGroupAsync(connectionId, PersonGroup(caller.Key));
    }

    private async Task RemoveFromGroupsAsync(string connectionId, Guid caseId)
    {
        await Groups.RemoveFromGroupAsync(connectionId, CaseGroup(caseId));
        foreach (var space in Enum.GetValues<SessionSpace>())
        {
            await Groups.RemoveFromGroupAsync(connectionId, SpaceGroup(caseId, space));
        }
    }

    private (SessionCaller Caller, SessionRoom Room) Current() =>
        Context.Items[CallerKey] is SessionCaller caller && Context.Items[RoomKey] is SessionRoom room && room.Find(caller.Key, Context.ConnectionId) is not null
            ? (caller, room)
            : throw new HubException("not-joined");

    /// <summary>What the attendee's media may do: waiting in the lobby, their camera goes to the host for the
    /// identity check (and their connection is up when they are admitted); admitted, they are in the room.</summary>
    private static MemberPresence PresenceOf(SessionAttendee attendee) => attendee switch
    {
        { Connected: false } => MemberPresence.None,
        { Status: AttendeeStatus.Admitted } => MemberPresence.Room,
        { Status: AttendeeStatus.Waiting } => MemberPresence.Lobby,
        _ => MemberPresence.None,
    };

    private TokenBucketRateLimiter ChatLimit()
    {
        if (Context.Items[ChatLimitKey] is not TokenBucketRateLimiter limiter)
        {
            limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = 10,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
            Context.Items[ChatLimitKey] = limiter;
        }

        return limiter;
    }

    private static void RequireHost(SessionCaller caller)
    {
        if (!caller.IsHost)
        {
            throw new HubException("host-only");
        }
    }

    private static void Check(DomainResult result)
    {
        if (!result.IsOk)
        {
            throw new HubException(result.ErrorCode);
        }
    }

    private SessionCaller CallerOf(CaseAccessGrant grant)
    {
        var user = Context.User!;
        if (grant.Role == CaseRole.Party)
        {
            var party = grant.Case.Parties.First(p => p.Id == grant.PartyId);
            var key = "party:" + party.Id.ToString("N");
            return new SessionCaller(grant.Case.Id, key, party.Name, "Party", party.Id, party.Side, IsHost: false);
        }

        var staffKey = "staff:" + user.FindFirstValue(ClaimTypes.NameIdentifier);
        return new SessionCaller(grant.Case.Id, staffKey, user.FindFirstValue(StaffClaimsPrincipalFactory.DisplayNameClaim) ?? "",
            grant.Role.ToString(), null, null, IsHost: true);
    }

    /// <summary>Enough of a caller to place another connection of the room in its groups.</summary>
    private static SessionCaller CallerKeyOnly(Guid caseId, string key) => new(caseId, key, "", "", null, null, false);

    private static string CaseGroup(Guid caseId) => $"case:{caseId:N}";

    /// <summary>The connections in one space of a case's session (the joint room, or one side's private room).</summary>
    internal static string SpaceGroup(Guid caseId, SessionSpace space) => $"case:{caseId:N}:{space}";

    private static string PersonGroup(string key) => "person:" + key;
}
