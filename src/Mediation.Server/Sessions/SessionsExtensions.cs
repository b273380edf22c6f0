using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Sessions;

/// <summary>One track in a room and the copies of it, with the counters the router keeps. Protocol is how the
/// publisher's (or the subscriber's) connection reaches the server: Udp, or Tcp when UDP is blocked.</summary>
public sealed record TrackStats(string ProducerId, string ParticipantId, string Kind, string? Protocol, long Packets, long Bytes, long KeyFramesSent, long KeyFrameRequestsFolded,
    byte LastFractionLost, IReadOnlyList<CopyStats> Copies);

public sealed record CopyStats(string ConsumerId, string ToParticipantId, string? Protocol, long Packets, long Bytes, long NacksReceived, long Retransmitted, long RetransmissionMisses,
    long KeyFrameRequests, byte FractionLost, int CumulativeLost, uint Jitter);

public static class SessionsExtensions
{
    /// <summary>SignalR for the live sessions (over Redis between nodes when <c>Redis:Configuration</c> is set), the
    /// sessions' state in the database, and this node's rooms.</summary>
    public static IHostApplicationBuilder AddSessions(this IHostApplicationBuilder builder)
    {
        var signalR = builder.Services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = 128 * 1024; // an SDP offer with many m-lines
            o.EnableDetailedErrors = false;
            // Outermost first: failures become codes, then every call is checked against the caller's access and budget.
            o.AddFilter<SessionHubErrors>();
            o.AddFilter<SessionHubGuard>();
        }).AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        if (builder.Configuration["Redis:Configuration"] is { Length: > 0 } redis)
        {
            // Messages to a case's groups reach the pages connected to any node (README: scale-out).
            signalR.AddStackExchangeRedis(redis, o =>
            {
                o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("mediation");
                o.Configuration.ReconnectRetryPolicy = SessionEvictions.RedisRetry;
                o.Configuration.BacklogPolicy = SessionEvictions.RedisBacklog;
            });
        }

        builder.Services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section)
            .Validate(o => o.ShutdownTimeout > TimeSpan.Zero && o.ShutdownTimeout <= TimeSpan.FromMinutes(1), "Sessions:ShutdownTimeout must be between 0 and 1 minute.")
            .ValidateOnStart();
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<SessionOptions>>((host, sessions) => host.ShutdownTimeout = sessions.Value.ShutdownTimeout);
        builder.Services.AddSingleton<SessionBroadcast>();
        builder.Services.AddSingleton<SessionSync>();
        builder.Services.AddSingleton<SessionRooms>();
        builder.Services.AddSingleton<SessionConnections>();
        builder.Services.AddSingleton<SessionDrain>();
        builder.Services.AddSingleton<SessionHubGuard>();
        builder.Services.AddSingleton<SessionEvictions>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SessionEvictions>());
        builder.Services.AddSingleton<SessionPresence>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SessionPresence>());
        builder.Services.AddScoped<SessionCoordinator>();
        builder.Services.AddScoped<SessionRecords>();
        return builder;
    }

    /// <summary>A node that is shutting down takes no new session connections: pages that come straight back after its
    /// ServerRestarting go to the next process or node instead of holding this one's shutdown open.</summary>
    public static WebApplication UseSessionDrain(this WebApplication app)
    {
        var drain = app.Services.GetRequiredService<SessionDrain>();
        app.Use((http, next) => drain.Draining && http.Request.Path.StartsWithSegments(HubPath)
            ? Problems.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "server-restarting", "This server is shutting down.", "Connect again in a moment.")
            : next(http));
        return app;
    }

    public const string HubPath = "/hubs/session";

    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        // Stateful reconnect: a page that loses its connection for a moment gets the messages it missed, on the same
        // connection, and nobody sees it leave.
        app.MapHub<SessionHub>(HubPath, o => o.AllowStatefulReconnects = true);
        app.MapSessionSchedule();
        app.MapSessionRecords();
        app.MapGet("/api/cases/{caseId:guid}/session/stats", StatsAsync).WithTags("Sessions").RequireAuthorization(Policies.Staff);
        return app;
    }

    /// <summary>The room's forwarding counters, per track and per copy: what the mediator's connection-quality view and
    /// an operator read. Staff working on the case only.</summary>
    private static async Task<Results<Ok<List<TrackStats>>, ProblemHttpResult>> StatsAsync(
        Guid caseId, System.Security.Claims.ClaimsPrincipal user, CaseAccess access, SessionRooms rooms, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct);
        if (check.Result is not Ok<CaseAccessGrant>)
        {
            return (ProblemHttpResult)check.Result;
        }

        if (rooms.Find(caseId) is not { } room)
        {
            return Problems.NotFound("session-not-open", "Nobody is in this case's session.");
        }

        var consumers = room.Router.Consumers;
        return TypedResults.Ok(room.Router.Producers.Select(p => new TrackStats(p.Id.ToString("N"), p.Options.StreamId, p.Kind.ToString(), p.Transport.Protocol?.ToString(), p.Packets, p.Bytes,
            p.KeyFrames.Sent, p.KeyFrames.Folded, p.Reception.LastFractionLost,
            [.. consumers.Where(c => c.Producer == p).Select(c => new CopyStats(c.Id.ToString("N"), room.ParticipantIdOf(c.Transport) ?? "", c.Transport.Protocol?.ToString(), c.Packets, c.Bytes, c.NacksReceived,
                c.Retransmitted, c.RetransmissionMisses, c.KeyFrameRequests, c.LastReceiverReport.FractionLost, c.LastReceiverReport.CumulativeLost,
                c.LastReceiverReport.Jitter))])).ToList());
    }
}
