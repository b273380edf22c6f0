using System.Collections.Concurrent;
using Mediation.Domain.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace Mediation.Server.Sessions;

/// <summary>
/// The hub connections open on this node, with the person behind each and the case it joined: so that a person whose
/// access ended (an invite revoked, a mediator taken off the case, an account disabled) can be cut off at once, not
/// at their next call, and so that the node can say which presences it still holds.
/// </summary>
public sealed class SessionConnections(ILogger<SessionConnections> logger)
{
    private readonly ConcurrentDictionary<string, Entry> _open = new();

    private sealed class Entry(HubCallerContext context, SessionPerson person)
    {
        public HubCallerContext Context { get; } = context;
        public SessionPerson Person { get; } = person;
        public Guid? CaseId { get; set; }
    }

    public void Opened(HubCallerContext context, SessionPerson person) => _open[context.ConnectionId] = new Entry(context, person);

    public void Joined(string connectionId, Guid caseId)
    {
        if (_open.TryGetValue(connectionId, out var entry))
        {
            entry.CaseId = caseId;
        }
    }

    public void Closed(string connectionId) => _open.TryRemove(connectionId, out _);

    public int Count => _open.Count;

    /// <summary>Closes this node's connections of the person (in one case, or in all when <paramref name="caseId"/> is
    /// null); each leaves its room as a closed connection does. Returns how many were closed.</summary>
    public int Evict(SessionPerson person, Guid? caseId) =>
        Evict(e => e.Person == person && (caseId is null || e.CaseId == caseId));

    /// <summary>Closes this node's connections opened with one party session (its invite was revoked): the party's other
    /// devices, signed in through other invites, stay.</summary>
    public int EvictPartySession(Guid partySessionId) =>
        Evict(e => e.Context.User?.FindFirst(Access.PartyAuthentication.SessionIdClaim)?.Value is { } id
            && Guid.TryParse(id, out var session) && session == partySessionId);

    private int Evict(Func<Entry, bool> which)
    {
        var evicted = 0;
        foreach (var entry in _open.Values.Where(which))
        {
            entry.Context.Abort();
            evicted++;
        }

        if (evicted > 0)
        {
            logger.LogInformation("Closed {Count} session connection(s) whose access ended", evicted);
        }

        return evicted;
    }

    /// <summary>Closes every connection: the node is going away.</summary>
    public void CloseAll()
    {
        foreach (var entry in _open.Values)
        {
            entry.Context.Abort();
        }
    }
}
