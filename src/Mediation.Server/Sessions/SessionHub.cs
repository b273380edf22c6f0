using Mediation.Domain;
using Mediation.Domain.Cases;
using Mediation.Domain.Sessions;
using Mediation.Server.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.SignalR;

namespace Mediation.Server.Sessions;

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
public sealed partial class SessionHub(
    SessionRooms rooms, CaseAccess access, SessionCoordinator sessions, SessionSync sync, SessionBroadcast broadcast, SessionConnections connections,
    SessionDrain drain, SessionRecords records, Agreements.AgreementDocuments documents, ILogger<SessionHub> logger) : Hub<ISessionClient>
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

    // ---- the plumbing ----

    /// <summary>The caller arrives in the open session if not there yet on this connection (they may have been waiting
    /// for it to open, or come back after a restart), this node's media follows the session, and the caller gets their view.</summary>
    private async Task<RoomView> RefreshAsync(SessionCaller caller, SessionRoom room)
    {
        var session = await sessions.ChangeAsync(async () =>
        {
            var open = await sessions.OpenSessionAsync(caller.CaseId, Context.ConnectionAborted);
            // Already present on this connection: nothing to write (the node's heartbeat keeps it seen).
            if (open?.Find(caller.Person) is not { Connected: true } present || present.ConnectionId != Context.ConnectionId)
            {
                open?.Arrive(caller.Person, caller.DisplayName, caller.Role, caller.PartyId, caller.Side, caller.IsHost, sessions.Now, Context.ConnectionId);
            }

            return open;
        }, Context.ConnectionAborted);
        await sync.ApplyAsync(room, caller.Person, Context.ConnectionId, session);
        if (session?.Find(caller.Person) is not { } me)
        {
            return SessionViews.NotOpen(caller.IsHost, await sessions.NextScheduledStartAsync(caller.CaseId, Context.ConnectionAborted));
        }

        // The particulars on record, for the host's identity check of whoever waits in the lobby.
        var identities = caller.IsHost && session.Attendees.Any(a => a.Status == AttendeeStatus.Waiting && a.Connected)
            ? await sessions.IdentitiesAsync(caller.CaseId, Context.ConnectionAborted) : null;
        return SessionViews.For(session, me, sessions.Now, identities) with
        {
            ActiveSpeaker = me.Status == AttendeeStatus.Admitted ? room.SpeakerIn(session.SpaceOf(me)) : null,
        };
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
