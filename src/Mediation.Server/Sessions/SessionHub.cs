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

    /// <summary>The chat line with this id reached the room but could not be kept in the record (the database was away):
    /// the page marks it and its sender may send it again, which keeps it once.</summary>
    Task ChatNotKept(string id);

    /// <summary>Who speaks now in your room (their attendee id), from the audio levels; null when nobody does.</summary>
    Task ActiveSpeaker(string? attendeeId);

    /// <summary>The mediator asks you to speak: your microphone is yours to turn on again.</summary>
    Task AskedToUnmute();
    Task SessionEnded();

    /// <summary>This person opened the session elsewhere (a reload, another tab): this connection is out.</summary>
    Task Replaced();

    /// <summary>This server is shutting down: connect again now (the next process or another node takes over).</summary>
    Task ServerRestarting();
}

/// <summary>
/// The live mediation session. A page joins a case's session; the host (the assigned mediator, or an admin of the
/// organization) opens it by joining and admits parties from the lobby after checking their identity against the
/// camera picture a waiting party sends to the host alone; pages negotiate WebRTC with the SFU (the page always
/// offers). The session in the database is the authority on who is admitted, who sits where and who is muted: every
/// change is saved, applied to this node's media (<see cref="SessionSync"/>), and announced with
/// <see cref="ISessionClient.Sync"/>, on which each page asks for its own view — on whichever node it is connected to.
/// Every call is checked again against the caller's access (<see cref="SessionHubGuard"/>); errors reach the page as a
/// <see cref="HubException"/> whose message is a stable code.
/// </summary>
[Authorize(Policy = Policies.StaffOrParty)]
public sealed class SessionHub(
    SessionRooms rooms, CaseAccess access, SessionCoordinator sessions, SessionSync sync, SessionBroadcast broadcast, SessionConnections connections,
    SessionDrain drain, ILogger<SessionHub> logger) : Hub<ISessionClient>
{
    internal const string CallerKey = "caller";
    internal const string RoomKey = "room";
    private const string ChatLimitKey = "chat-limit";
    public const int MaxChatLength = 1000;

    /// <summary>Joins the case's session: the host opens it, a party waits in the lobby (or comes straight back in
    /// when already admitted — a reload, a dropped network, a restarted server).</summary>
    public async Task<RoomView> Join(Guid caseId)
    {
        if (drain.Draining)
        {
            throw new HubException("server-restarting");
        }

        var check = await access.CheckAsync(Context.User!, caseId, Context.ConnectionAborted);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            throw new HubException("case-forbidden");
        }

        // One room per connection: joining another leaves the one it was in.
        await LeaveAsync();
        var caller = SessionCaller.Of(grant, Context.User!);
        if (caller.IsHost)
        {
            if (grant.Case.Status is not (CaseStatus.MediatorAssigned or CaseStatus.InMediation))
            {
                throw new HubException("case-not-in-mediation");
            }

            await sessions.ChangeAsync(() => sessions.OpenAsync(caseId, caller.Person, caller.DisplayName, Context.ConnectionAborted), Context.ConnectionAborted);
        }

        var (room, replaced) = rooms.Join(caseId, caller.Person, Context.ConnectionId);
        if (replaced is not null)
        {
            await broadcast.ToConnectionAsync(replaced, c => c.Replaced());
            await sync.LeaveCaseAsync(replaced, caseId, caller.Person);
        }

        Context.Items[CallerKey] = caller;
        Context.Items[RoomKey] = room;
        connections.Joined(Context.ConnectionId, caseId);
        await sync.JoinCaseAsync(Context.ConnectionId, caseId);
        logger.LogInformation("Session of case {CaseId}: {Role} connected", caseId, caller.Role);
        var view = await RefreshAsync(caller, room);
        await broadcast.ToCaseAsync(room, c => c.Sync());
        return view;
    }

    /// <summary>The caller's view of the room now; also brings this node's media in line with the session.</summary>
    public async Task<RoomView> Refresh()
    {
        var (caller, room) = Current();
        return await RefreshAsync(caller, room);
    }

    /// <summary>The page's offer; the answer comes back. Tracks it publishes become producers of the room. An offer
    /// from a new peer connection of the page (another DTLS certificate) replaces the old connection whole.</summary>
    public async Task<SessionDescription> Negotiate(SessionDescription offer)
    {
        var (caller, room) = Current();
        if (room.Find(caller.Person, Context.ConnectionId)?.Media is not { } participant)
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

        await sync.RenegotiateAsync(room.Refresh());
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
        Check(attendee.Admit(identityConfirmed, caller.Person, sessions.Now));
        Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.IdentityCheck, attendee.PartyId,
            $"调解员通过视频对{attendee.DisplayName}（{SessionCoordinator.RoleName(attendee)}）进行身份核验，与案卷所载身份证件信息一致，准予进入调解室。",
            caller.Person, null, Context.ConnectionAborted));
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
        SessionPerson? asked = null;
        await HostChangeAsync(attendeeId, (_, attendee, _) =>
        {
            Check(attendee.Mute(false));
            asked = attendee.Person;
            return Task.CompletedTask;
        });
        await broadcast.ToPersonAsync(Current().Room, asked!.Value, c => c.AskedToUnmute());
    }

    /// <summary>The notices read to the parties (人民调解工作若干规定 art. 30; 在线调解规则 arts. 13, 17): into the
    /// record; each admitted party is asked to acknowledge them on screen.</summary>
    public Task ReadNotices() => HostSessionChangeAsync(async (session, caller) =>
    {
        Check(session.ReadNotices(sessions.Now));
        Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Notice, null,
            "调解员向当事人告知以下事项：" + string.Join("", SessionNotices.Text.Select((t, i) => $"{i + 1}. {t}")), caller.Person, null, Context.ConnectionAborted));
    });

    /// <summary>背对背: the mediator goes into a private room with one side; the other side waits in its own and
    /// receives no media and no chat of the first. Called again with the other side, the mediator switches rooms.</summary>
    public Task StartCaucus(PartySide side) => HostSessionChangeAsync(async (session, caller) =>
    {
        Check(session.StartCaucus(side));
        Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Session, null,
            $"调解员与{(side == PartySide.Applicant ? "申请人" : "被申请人")}一方进行背对背调解。", caller.Person, null, Context.ConnectionAborted));
    });

    public Task EndCaucus() => HostSessionChangeAsync(async (session, caller) =>
    {
        Check(session.EndCaucus());
        Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Session, null, "各方回到联合调解室。", caller.Person, null, Context.ConnectionAborted));
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
                caller.Person, null, Context.ConnectionAborted));
            return 0;
        }, Context.ConnectionAborted);
        logger.LogInformation("Session of case {CaseId} ended", caller.CaseId);
        await sync.CloseAsync(room);
        await broadcast.ToCaseAsync(room, c => c.SessionEnded());
    }

    // ---- everyone admitted ----

    /// <summary>
    /// A chat line to the people in the caller's space only, kept in the record (a private room's lines are private to
    /// that side there too). The record keeps what the room received: the line is delivered first and recorded once
    /// delivered; a line that could not reach everyone present is not recorded and the sender is told
    /// (<c>chat-not-delivered</c>); a line delivered but not recorded is announced as such (<see cref="ISessionClient.ChatNotKept"/>).
    /// <paramref name="lineId"/> is the page's own id for the line: sent again, it is delivered again (pages show it
    /// once) and recorded once.
    /// </summary>
    public async Task SendChat(string text, string lineId)
    {
        var (caller, room) = Current();
        text = (text ?? "").Trim();
        if (text.Length is 0 or > MaxChatLength)
        {
            throw new HubException("chat-text");
        }

        var reference = Guid.TryParse(lineId, out var id) ? id : Guid.NewGuid();

        // Each line is written to the record: a burst of ten, then one a second, per connection.
        if (!ChatLimit().AttemptAcquire().IsAcquired)
        {
            throw new HubException("chat-rate-limited");
        }

        var (session, me) = await PresentAsync(caller);
        var space = session.SpaceOf(me);
        var message = new ChatMessage(reference.ToString("N"), me.Id.ToString("N"), me.DisplayName, text, space.ToString(), sessions.Now);
        var delivered = await broadcast.ToSpaceAsync(room, space, c => c.Chat(message));
        if (!delivered && session.Attendees.Any(a => a.Present && session.SpaceOf(a) == space && room.Members.All(m => m.Person != a.Person)))
        {
            // Someone present on another node did not get it: not in the record, and the sender may send it again.
            throw new HubException("chat-not-delivered");
        }

        try
        {
            await sessions.ChangeAsync(async () =>
            {
                if (await sessions.RecordedAsync(caller.CaseId, reference, Context.ConnectionAborted))
                {
                    return 0;
                }

                var privateTo = SessionCoordinator.PrivateTo(space);
                Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Chat, me.PartyId, SessionCoordinator.ChatPrefix(privateTo, me.DisplayName) + text,
                    caller.Person, privateTo, Context.ConnectionAborted, reference));
                return 0;
            }, Context.ConnectionAborted);
        }
        catch (Exception e) when (e is not HubException)
        {
            await broadcast.ToSpaceAsync(room, space, c => c.ChatNotKept(message.Id));
            throw;
        }
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
        var (caller, room) = Current();
        await sessions.ChangeAsync(async () =>
        {
            var (_, me) = await PresentAsync(caller);
            me.RaiseHand(raised);
            return 0;
        }, Context.ConnectionAborted);
        await broadcast.ToCaseAsync(room, c => c.Sync());
    }

    /// <summary>A party confirms on screen that the notices were read to them; the record says so.</summary>
    public async Task AcknowledgeNotices()
    {
        var (caller, room) = Current();
        await sessions.ChangeAsync(async () =>
        {
            var (session, me) = await PresentAsync(caller);
            Check(me.AcknowledgeNotices(session.NoticesReadAtUtc, sessions.Now));
            Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Notice, me.PartyId,
                $"{me.DisplayName}（{SessionCoordinator.RoleName(me)}）确认已知悉上述告知事项。", caller.Person, null, Context.ConnectionAborted));
            return 0;
        }, Context.ConnectionAborted);
        await broadcast.ToCaseAsync(room, c => c.Sync());
    }

    // ---- the plumbing ----

    /// <summary>The caller arrives in the open session if not there yet on this connection (they may have been waiting
    /// for it to open, or come back after a restart), this node's media follows the session, and the caller gets their view.</summary>
    private async Task<RoomView> RefreshAsync(SessionCaller caller, SessionRoom room)
    {
        var session = await sessions.ChangeAsync(async () =>
        {
            var open = await sessions.OpenSessionAsync(caller.CaseId, Context.ConnectionAborted);
            if (open?.Find(caller.Person) is { Connected: true } present && present.ConnectionId == Context.ConnectionId)
            {
                present.Seen(sessions.Now);
            }
            else
            {
                open?.Arrive(caller.Person, caller.DisplayName, caller.Role, caller.PartyId, caller.Side, caller.IsHost, sessions.Now, Context.ConnectionId);
            }

            return open;
        }, Context.ConnectionAborted);
        await sync.ApplyAsync(room, caller.Person, Context.ConnectionId, session);
        return session?.Find(caller.Person) is { } me ? SessionViews.For(session, me, sessions.Now) : SessionViews.NotOpen(caller.IsHost);
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
        await sync.ApplyAllAsync(room, session);
        await broadcast.ToCaseAsync(room, c => c.Sync());
    }

    private async Task<(MediationSession Session, SessionAttendee Me)> PresentAsync(SessionCaller caller)
    {
        var session = await sessions.OpenSessionAsync(caller.CaseId, Context.ConnectionAborted) ?? throw new HubException("session-not-open");
        var me = session.Find(caller.Person);
        return me is { Present: true } ? (session, me) : throw new HubException("not-admitted");
    }

    private async Task LeaveAsync()
    {
        if (Context.Items[RoomKey] is not SessionRoom room || Context.Items[CallerKey] is not SessionCaller caller)
        {
            return;
        }

        Context.Items.Remove(RoomKey);
        Context.Items.Remove(CallerKey);
        if (!rooms.Leave(room, caller.Person, Context.ConnectionId))
        {
            // Replaced by a newer connection of the same person: that one is their presence now.
            return;
        }

        await sync.LeaveCaseAsync(Context.ConnectionId, caller.CaseId, caller.Person);
        await sessions.DepartAsync(caller.CaseId, caller.Person, Context.ConnectionId);
        await sync.RenegotiateAsync(room.Refresh());
        await broadcast.ToCaseAsync(room, c => c.Sync());
    }

    private (SessionCaller Caller, SessionRoom Room) Current() =>
        Context.Items[CallerKey] is SessionCaller caller && Context.Items[RoomKey] is SessionRoom room && room.Find(caller.Person, Context.ConnectionId) is not null
            ? (caller, room)
            : throw new HubException("not-joined");

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
}
