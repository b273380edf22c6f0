using Mediation.Domain.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace Mediation.Server.Sessions;

/// <summary>
/// Brings this node's part of a room in line with the session in the database: each member's media (none, the
/// lobby's camera to the host, or the room), the space they sit in, whether they are muted, and the hub groups their
/// connection is in — chat and the active speaker go to a space's group, which holds only people admitted and present
/// in that space (a person in the lobby, turned away or removed is in none). Members whose receivable tracks changed
/// are asked to offer again.
/// </summary>
public sealed class SessionSync(IHubContext<SessionHub, ISessionClient> hub, ILogger<SessionSync> logger)
{
    /// <summary>What the attendee's media may do: waiting in the lobby, their camera goes to the host for the identity
    /// check (and their connection is up when they are admitted); admitted, they are in the room.</summary>
    public static MemberPresence PresenceOf(SessionAttendee? attendee) => attendee switch
    {
        null or { Connected: false } => MemberPresence.None,
        { Status: AttendeeStatus.Admitted } => MemberPresence.Room,
        { Status: AttendeeStatus.Waiting } => MemberPresence.Lobby,
        _ => MemberPresence.None,
    };

    /// <summary>One member, from the session (null: no session open, or not in it).</summary>
    public async Task ApplyAsync(SessionRoom room, SessionPerson person, string connectionId, MediationSession? session)
    {
        var attendee = session?.Find(person);
        var space = attendee is null ? SessionSpace.Joint : session!.SpaceOf(attendee);
        await RenegotiateAsync(room.Apply(person, attendee?.Id.ToString("N") ?? "", PresenceOf(attendee), space, attendee?.MutedByMediator ?? false));
        var member = room.Find(person, connectionId);
        await GroupsAsync(member, async () =>
        {
            if (member?.GroupsStale == true)
            {
                // A group change that met a Redis outage may have left the backplane's subscription behind: leave and
                // join again, so the subscription is made anew.
                await RemoveAsync(connectionId, room.CaseId, person);
            }

            await PlaceAsync(room.CaseId, person, connectionId, space, attendee?.Present ?? false);
        });
    }

    /// <summary>Runs group changes. Groups carry messages to other nodes only (this node's connections are reached
    /// directly), so a Redis outage does not fail the call: it is logged and the groups are made again on the next sync.</summary>
    private async Task GroupsAsync(RoomMember? member, Func<Task> change)
    {
        try
        {
            await change();
            member?.GroupsStale = false;
        }
        catch (Exception e) when (SessionBroadcast.IsBackplaneOutage(e))
        {
            member?.GroupsStale = true;
            logger.LogWarning("Session groups not updated on the backplane ({Error}); made again on the next sync", e.Message);
        }
    }

    /// <summary>Every member on this node: after a host's change, which must not wait for pages to ask (a caucus starts
    /// at once). Members of other nodes follow when their pages refresh on the Sync that announces the change.</summary>
    public async Task ApplyAllAsync(SessionRoom room, MediationSession session)
    {
        foreach (var member in room.Members)
        {
            await ApplyAsync(room, member.Person, member.ConnectionId, session);
        }
    }

    /// <summary>The room is over: every member's media goes.</summary>
    public async Task CloseAsync(SessionRoom room)
    {
        foreach (var member in room.Members)
        {
            await RenegotiateAsync(room.Apply(member.Person, member.Id, MemberPresence.None, SessionSpace.Joint, muted: false));
        }
    }

    /// <summary>Asks the connections whose receivable tracks changed to offer again, with enough receive-only lines.</summary>
    public async Task RenegotiateAsync(IReadOnlyList<(string ConnectionId, int Audio, int Video)> changed)
    {
        foreach (var (connectionId, audio, video) in changed)
        {
            await hub.Clients.Client(connectionId).Renegotiate(audio, video);
        }
    }

    /// <summary>Takes a connection out of every group of the case (it left, or another connection of the person took over).</summary>
    public Task LeaveCaseAsync(string connectionId, Guid caseId, SessionPerson person) => GroupsAsync(null, () => RemoveAsync(connectionId, caseId, person));

    private async Task RemoveAsync(string connectionId, Guid caseId, SessionPerson person)
    {
        await hub.Groups.RemoveFromGroupAsync(connectionId, SessionBroadcast.CaseGroup(caseId));
        await hub.Groups.RemoveFromGroupAsync(connectionId, SessionBroadcast.PersonGroup(person));
        foreach (var space in Enum.GetValues<SessionSpace>())
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, SessionBroadcast.SpaceGroup(caseId, space));
        }
    }

    private async Task PlaceAsync(Guid caseId, SessionPerson person, string connectionId, SessionSpace space, bool present)
    {
        await hub.Groups.AddToGroupAsync(connectionId, SessionBroadcast.CaseGroup(caseId));
        foreach (var other in Enum.GetValues<SessionSpace>().Where(s => !present || s != space))
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, SessionBroadcast.SpaceGroup(caseId, other));
        }

        if (present)
        {
            await hub.Groups.AddToGroupAsync(connectionId, SessionBroadcast.SpaceGroup(caseId, space));
        }

        await hub.Groups.AddToGroupAsync(connectionId, SessionBroadcast.PersonGroup(person));
    }
}
