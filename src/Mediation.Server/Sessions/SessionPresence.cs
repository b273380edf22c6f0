using Mediation.Data;
using Mediation.Domain.Sessions;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Sessions;

/// <summary>Whether this node is shutting down: it takes no more joins, so pages go to the next process or node.</summary>
public sealed class SessionDrain
{
    private volatile bool _draining;

    public bool Draining => _draining;

    internal void Begin() => _draining = true;
}

/// <summary><c>Sessions:*</c>.</summary>
public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>How long a shutdown may take: pages told, media closed, departures recorded, requests finished. Past it
    /// the process exits anyway (the host's shutdown timeout).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Keeps the attendance honest across failures. Every <see cref="SessionAttendee.HeartbeatInterval"/> this node marks
/// the presences it holds as seen, and ends — at the time each was last seen — presences no node has seen for
/// <see cref="SessionAttendee.PresenceGrace"/> (their server crashed or was cut off), so after a restart nobody shows
/// as connected until they are and the outage does not count as time present. On shutdown it stops taking joins,
/// tells every page to connect again at once, records who left when, and closes the media, within
/// <see cref="SessionOptions.ShutdownTimeout"/>.
/// </summary>
public sealed class SessionPresence(
    SessionRooms rooms, SessionConnections connections, SessionDrain drain, IServiceScopeFactory scopes, IHubContext<SessionHub, ISessionClient> hub,
    TimeProvider time, ILogger<SessionPresence> logger) : BackgroundService, IHostedLifecycleService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The beat keeps real time (connections live in it); what it writes is on the injected clock. A test that moves
        // that clock by days would otherwise have the timer fire for every five seconds in between.
        using var timer = new PeriodicTimer(SessionAttendee.HeartbeatInterval);
        do
        {
            try
            {
                await BeatAsync(stoppingToken);
            }
            catch (Exception e) when (Outages.CodeOf(e) is not null)
            {
                logger.LogWarning("Session presence not updated: the database is unreachable ({Error})", e.GetBaseException().Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Session presence update failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Marks this node's presences seen, then ends those nobody has seen for too long.</summary>
    internal async Task BeatAsync(CancellationToken ct)
    {
        if (drain.Draining)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
        var held = rooms.Snapshot().SelectMany(r => r.Members.Select(m => (r.CaseId, m.Person, m.ConnectionId))).ToHashSet();
        if (held.Count > 0)
        {
            var caseIds = held.Select(h => h.CaseId).Distinct().ToList();
            var open = await db.MediationSessions.Include(s => s.Attendees).Where(s => caseIds.Contains(s.CaseId) && s.Status == SessionStatus.Open).ToListAsync(ct);
            foreach (var attendee in open.SelectMany(s => s.Attendees.Select(a => (s.CaseId, Attendee: a))))
            {
                if (attendee.Attendee.ConnectionId is { } connection && held.Contains((attendee.CaseId, attendee.Attendee.Person, connection)))
                {
                    attendee.Attendee.Seen(now);
                }
            }

            await db.SaveChangesAsync(ct);
        }

        db.ChangeTracker.Clear();
        var cutoff = now - SessionAttendee.PresenceGrace;
        var lost = await db.MediationSessions.Include(s => s.Attendees)
            .Where(s => s.Status == SessionStatus.Open && s.Attendees.Any(a => a.Connected && a.LastSeenUtc < cutoff)).ToListAsync(ct);
        foreach (var session in lost)
        {
            var count = session.DepartUnseen(now);
            logger.LogInformation("Session of case {CaseId}: {Count} presence(s) ended when last seen (their server went away)", session.CaseId, count);
        }

        if (lost.Count > 0)
        {
            await db.SaveChangesAsync(ct);
            foreach (var session in lost)
            {
                await hub.Clients.Group(SessionBroadcast.CaseGroup(session.CaseId)).Sync();
            }
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The host is stopping (SIGTERM): before the web server stops, every page hears it and the presences this
    /// node holds end now.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        drain.Begin();
        var held = rooms.Snapshot();
        logger.LogInformation("Shutting down: {Rooms} room(s) and {Connections} session connection(s) on this node", held.Length, connections.Count);
        foreach (var room in held)
        {
            foreach (var member in room.Members)
            {
                await hub.Clients.Client(member.ConnectionId).ServerRestarting();
            }
        }

        try
        {
            await DepartAllAsync(held, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The presences end when last seen instead, by the next node's sweep.
            logger.LogWarning("Departures at shutdown not recorded: {Error}", e.GetBaseException().Message);
        }

        connections.CloseAll();
        rooms.CloseAll();
    }

    private async Task DepartAllAsync(SessionRoom[] held, CancellationToken ct)
    {
        if (held.Length == 0)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
        var caseIds = held.Select(r => r.CaseId).ToList();
        var open = await db.MediationSessions.Include(s => s.Attendees).Where(s => caseIds.Contains(s.CaseId) && s.Status == SessionStatus.Open).ToListAsync(ct);
        foreach (var session in open)
        {
            foreach (var member in held.First(r => r.CaseId == session.CaseId).Members)
            {
                session.Find(member.Person)?.Depart(now, member.ConnectionId);
            }
        }

        await db.SaveChangesAsync(ct);
        foreach (var caseId in caseIds)
        {
            await hub.Clients.Group(SessionBroadcast.CaseGroup(caseId)).Sync();
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
