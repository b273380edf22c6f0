using System.Security.Claims;
using Mediation.Media.Sfu;
using Mediation.Server.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.SignalR;

namespace Mediation.Server.Sessions;

/// <summary>What a page gets on joining: its own participant id and who else is in the room.</summary>
public sealed record JoinedSession(string ParticipantId, IReadOnlyList<SessionParticipant> Participants);

/// <summary>An RTCSessionDescriptionInit as the page sends and receives it.</summary>
public sealed record SessionDescription(string Type, string Sdp);

/// <summary>What the server tells a page: the room changed, so offer again with at least this many receive-only
/// transceivers of each kind; and who is in the room.</summary>
public interface ISessionClient
{
    Task Renegotiate(int audio, int video);
    Task ParticipantsChanged(IReadOnlyList<SessionParticipant> participants);
    Task Replaced();
}

/// <summary>
/// The live mediation session's signaling: join a case's room, then negotiate WebRTC with the SFU (the page always
/// offers; the server answers and asks for a new offer when tracks come or go). Every call checks the caller's
/// relation to the case through <see cref="CaseAccess"/>; errors reach the page as a <see cref="HubException"/>
/// whose message is a stable code.
/// </summary>
[Authorize(Policy = Policies.StaffOrParty)]
public sealed class SessionHub(SessionRooms rooms, CaseAccess access, ILogger<SessionHub> logger) : Hub<ISessionClient>
{
    private const string RoomKey = "room";
    private const string ParticipantKey = "participant";

    public async Task<JoinedSession> Join(Guid caseId)
    {
        var check = await access.CheckAsync(Context.User!, caseId, Context.ConnectionAborted);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            throw new HubException("case-forbidden");
        }

        // One room per connection: joining another leaves the one it was in.
        await LeaveAsync();
        var who = new SessionParticipant(Guid.NewGuid().ToString("N"), DisplayName(grant), grant.Role.ToString());
        var key = PersonKey(Context.User!);
        var (room, replaced) = rooms.Join(caseId, key, who, key, Context.ConnectionId);
        if (replaced is not null)
        {
            await Clients.Client(replaced).Replaced();
        }

        Context.Items[RoomKey] = room;
        Context.Items[ParticipantKey] = key;
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(caseId));
        logger.LogInformation("Session of case {CaseId}: {Role} joined as {ParticipantId}", caseId, who.Role, who.Id);
        await Clients.Group(Group(caseId)).ParticipantsChanged(room.Participants);
        await TellRenegotiate(room);
        return new JoinedSession(who.Id, room.Participants);
    }

    /// <summary>The page's offer; the answer comes back. Tracks it publishes become producers of the room.</summary>
    public async Task<SessionDescription> Negotiate(SessionDescription offer)
    {
        var (room, participant) = Current();
        if (offer.Type != "offer" || offer.Sdp is not { Length: > 0 and < 128 * 1024 })
        {
            throw new HubException("sdp-invalid");
        }

        var result = participant.Negotiate(offer.Sdp, Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (!result.IsOk)
        {
            throw new HubException(result.ErrorCode ?? "sdp-invalid");
        }

        await TellRenegotiate(room);
        return new SessionDescription("answer", result.AnswerSdp!);
    }

    public async Task Leave() => await LeaveAsync();

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await LeaveAsync();
        await base.OnDisconnectedAsync(exception);
    }

    private async Task LeaveAsync()
    {
        if (Context.Items[RoomKey] is not SessionRoom room || Context.Items[ParticipantKey] is not string key)
        {
            return;
        }

        Context.Items.Remove(RoomKey);
        if (rooms.Leave(room, key, Context.ConnectionId))
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(room.CaseId));
            await Clients.Group(Group(room.CaseId)).ParticipantsChanged(room.Participants);
            await TellRenegotiate(room);
        }
    }

    /// <summary>Tells each page whose receivable tracks changed to offer again.</summary>
    private async Task TellRenegotiate(SessionRoom room)
    {
        foreach (var (connectionId, audio, video) in room.Refresh())
        {
            await Clients.Client(connectionId).Renegotiate(audio, video);
        }
    }

    private (SessionRoom Room, Participant Participant) Current()
    {
        if (Context.Items[RoomKey] is SessionRoom room && Context.Items[ParticipantKey] is string key && room.Find(key, Context.ConnectionId) is { } participant)
        {
            return (room, participant);
        }

        throw new HubException("not-joined");
    }

    private static string Group(Guid caseId) => $"case:{caseId:N}";

    /// <summary>One presence per person: a staff member by account, a party by party (not by device).</summary>
    private static string PersonKey(ClaimsPrincipal user) =>
        user.FindFirstValue(PartyAuthentication.PartyIdClaim) is { } party ? "party:" + party : "staff:" + user.FindFirstValue(ClaimTypes.NameIdentifier);

    private string DisplayName(CaseAccessGrant grant) => grant.Role == CaseRole.Party
        ? grant.Case.Parties.FirstOrDefault(p => p.Id == grant.PartyId)?.Name ?? ""
        : Context.User!.FindFirstValue(StaffClaimsPrincipalFactory.DisplayNameClaim) ?? "";
}
