using Mediation.Domain.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace Mediation.Server.Sessions;

/// <summary>
/// The hub groups of a case's live session, and how a message reaches them. Each message goes to this node's
/// connections of the room directly — with the Redis backplane a send to one local connection never touches Redis —
/// and through the backplane to the connections on other nodes. So people on one node keep talking to each other
/// while Redis is down; the caller learns whether the other nodes could be reached.
/// </summary>
public sealed class SessionBroadcast(IHubContext<SessionHub, ISessionClient> hub, ILogger<SessionBroadcast> logger)
{
    /// <summary>Every connection of the case's session: room changes (Sync), the end.</summary>
    public static string CaseGroup(Guid caseId) => $"case:{caseId:N}";

    /// <summary>The connections in one space of a case's session (the joint room, or one side's private room): chat and
    /// the active speaker. Only admitted people present in that space are in it.</summary>
    public static string SpaceGroup(Guid caseId, SessionSpace space) => $"case:{caseId:N}:{space}";

    /// <summary>Every connection of one person.</summary>
    public static string PersonGroup(SessionPerson person) => "person:" + person;

    /// <summary>To everyone in the room's session; false when other nodes could not be reached.</summary>
    public Task<bool> ToCaseAsync(SessionRoom room, Func<ISessionClient, Task> send) =>
        DeliverAsync(CaseGroup(room.CaseId), room.Members.Select(m => m.ConnectionId), send);

    /// <summary>To the people present in one space of the room; with <paramref name="elsewhere"/> false (nobody of the
    /// space is connected to another node) this node's connections are all there is.</summary>
    public Task<bool> ToSpaceAsync(SessionRoom room, SessionSpace space, Func<ISessionClient, Task> send, bool elsewhere = true) =>
        DeliverAsync(SpaceGroup(room.CaseId, space), room.Members.Where(m => m.Presence == MemberPresence.Room && m.Space == space).Select(m => m.ConnectionId), send, elsewhere);

    /// <summary>To one person's connections.</summary>
    public Task<bool> ToPersonAsync(SessionRoom room, SessionPerson person, Func<ISessionClient, Task> send) =>
        DeliverAsync(PersonGroup(person), room.Members.Where(m => m.Person == person).Select(m => m.ConnectionId), send);

    /// <summary>To one connection (its own node's, or another's through the backplane).</summary>
    public Task ToConnectionAsync(string connectionId, Func<ISessionClient, Task> send) => send(hub.Clients.Client(connectionId));

    private async Task<bool> DeliverAsync(string group, IEnumerable<string> local, Func<ISessionClient, Task> send, bool elsewhere = true)
    {
        var here = local.ToList();
        foreach (var connectionId in here)
        {
            await send(hub.Clients.Client(connectionId));
        }

        if (!elsewhere)
        {
            return true;
        }

        try
        {
            await send(hub.Clients.GroupExcept(group, here));
            return true;
        }
        catch (Exception e) when (IsBackplaneOutage(e))
        {
            logger.LogWarning("Session message to {Group} reached this node's {Count} connections only: the backplane is unreachable ({Error})",
                group, here.Count, e.Message);
            return false;
        }
    }

    /// <summary>Redis down or unreachable, as StackExchange.Redis reports it.</summary>
    internal static bool IsBackplaneOutage(Exception e) =>
        e is StackExchange.Redis.RedisException or TimeoutException || e.InnerException is StackExchange.Redis.RedisException;
}
