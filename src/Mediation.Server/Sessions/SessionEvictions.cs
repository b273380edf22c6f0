using System.Text.Json;
using Mediation.Domain.Sessions;
using StackExchange.Redis;

namespace Mediation.Server.Sessions;

/// <summary>
/// Ends a person's live-session connections wherever they are: on this node at once, and, with the Redis backplane,
/// on every other node through a Redis channel of its own. Every hub call rechecks access too (<see cref="SessionHubGuard"/>),
/// so a node that misses the message (Redis down at that moment) still refuses the person's next call, and its media
/// goes with the connection at the latest when the page next calls.
/// </summary>
public sealed class SessionEvictions : IHostedService, IAsyncDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("mediation:session-evictions");
    private readonly SessionConnections _connections;
    private readonly ILogger<SessionEvictions> _logger;
    private readonly string? _redisConfiguration;
    private ConnectionMultiplexer? _redis;

    public SessionEvictions(SessionConnections connections, IConfiguration configuration, ILogger<SessionEvictions> logger)
    {
        _connections = connections;
        _logger = logger;
        _redisConfiguration = configuration["Redis:Configuration"] is { Length: > 0 } redis ? redis : null;
    }

    /// <summary>Whose connections to close: a person's (in one case, or in all), or those of one party session.</summary>
    private sealed record Eviction(string? Person, Guid? CaseId, Guid? PartySessionId);

    /// <summary>Cuts off the person's connections (in one case, or all of them).</summary>
    public Task EvictAsync(SessionPerson person, Guid? caseId) => EvictAsync(new Eviction(person.ToString(), caseId, null));

    /// <summary>Cuts off the connections a party opened through one session (its invite was revoked).</summary>
    public Task EvictPartySessionAsync(Guid partySessionId) => EvictAsync(new Eviction(null, null, partySessionId));

    private void EvictHere(Eviction eviction)
    {
        if (eviction.PartySessionId is { } session)
        {
            _connections.EvictPartySession(session);
        }
        else if (SessionPerson.TryParse(eviction.Person, out var person))
        {
            _connections.Evict(person.Value, eviction.CaseId);
        }
    }

    private async Task EvictAsync(Eviction eviction)
    {
        EvictHere(eviction);
        if (_redis is null)
        {
            return;
        }

        try
        {
            await _redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(eviction));
        }
        catch (Exception e) when (SessionBroadcast.IsBackplaneOutage(e))
        {
            _logger.LogWarning("Could not tell the other nodes to close a session connection ({Error}); their next call is refused instead", e.Message);
        }
    }

    /// <summary>How a node reconnects to Redis after an outage: every second, so nodes hear each other again about a
    /// second after Redis is back (the client's default backs off exponentially, up to ten seconds and more between
    /// tries, while pages wait to connect). A try a second against a server that is away costs nothing.</summary>
    internal static readonly IReconnectRetryPolicy RedisRetry = new LinearRetry(1000);

    /// <summary>While Redis is away, a message for the other nodes fails at once instead of waiting in the client's
    /// backlog for the command timeout (five seconds): a session message is worth nothing later, and the callers
    /// already handle its failure (this node's people are told at once, a chat line is offered again).</summary>
    internal static readonly BacklogPolicy RedisBacklog = BacklogPolicy.FailFast;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_redisConfiguration is null)
        {
            return;
        }

        var options = ConfigurationOptions.Parse(_redisConfiguration);
        options.AbortOnConnectFail = false;
        options.ReconnectRetryPolicy = RedisRetry;
        options.BacklogPolicy = RedisBacklog;
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
        await _redis.GetSubscriber().SubscribeAsync(Channel, (_, message) =>
        {
            if (JsonSerializer.Deserialize<Eviction>(message.ToString()) is { } eviction)
            {
                EvictHere(eviction);
            }
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
