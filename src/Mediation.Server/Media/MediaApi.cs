using System.Security.Claims;
using Mediation.Media.Echo;
using Mediation.Media.Transport;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Mediation.Server.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Media;

/// <summary>RTCSessionDescriptionInit, as browsers serialize it.</summary>
public sealed record SessionDescriptionInit(string? Type, string? Sdp);

public sealed record EchoAnswerResponse(string Type, string Sdp, Guid TransportId);

public sealed record TransportStats(
    Guid Id, string State, string? Profile, string? Remote, long PacketsReceived, long BytesReceived, long PacketsSent, long BytesSent,
    long SrtpFailures, long HandshakeFailures, long StunRequests, long Dropped);

public static class MediaApi
{
    public static IHostApplicationBuilder AddMedia(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => System.Net.IPAddress.TryParse(o.ListenAddress, out _), "Media:ListenAddress must be an IP address.")
            .Validate(o => o.AnnouncedAddresses.All(a => System.Net.IPAddress.TryParse(a, out _)), "Media:AnnouncedAddresses must be IP addresses.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new MediaServer(sp.GetRequiredService<IOptions<MediaOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(sp => new EchoService(sp.GetRequiredService<MediaServer>(), sp.GetRequiredService<IOptions<MediaOptions>>().Value));
        // The UDP port opens with the server, not with the first call.
        builder.Services.AddHostedService<MediaServerStarter>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMediaApi(this IEndpointRouteBuilder app)
    {
        var media = app.MapGroup("/media").WithTags("Media").RequireAuthorization(Policies.StaffOrParty);
        media.MapPost("/echo/offer", Offer).WithMetadata(new RequestSizeLimitAttribute(128 * 1024));
        media.MapGet("/transports/{transportId:guid}/stats", Stats);
        return app;
    }

    /// <summary>The pre-call test: a JSON offer in, a JSON answer out, and the caller's own media comes back.</summary>
    private static Results<Ok<EchoAnswerResponse>, ProblemHttpResult> Offer(SessionDescriptionInit offer, EchoService echo, HttpContext http, ClaimsPrincipal user)
    {
        if (!string.Equals(offer.Type, "offer", StringComparison.Ordinal))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "sdp-invalid", "Send an offer.", "The body must be an RTCSessionDescriptionInit with type \"offer\".");
        }

        var answer = echo.Answer(offer.Sdp ?? "", http.Connection.RemoteIpAddress?.ToString() ?? "unknown", OwnerOf(user), out var refusal, out var error);
        if (answer is not null)
        {
            return TypedResults.Ok(new EchoAnswerResponse("answer", answer.Sdp, answer.TransportId));
        }

        return refusal == EchoRefusal.AtCapacity
            ? Problems.Of(StatusCodes.Status503ServiceUnavailable, "media-capacity", "No media connection can be opened now.", error)
            : Problems.Of(StatusCodes.Status400BadRequest, "sdp-invalid", "The offer cannot be answered.", error);
    }

    private static Results<Ok<TransportStats>, ProblemHttpResult> Stats(Guid transportId, MediaServer server, ClaimsPrincipal user)
    {
        var transport = server.Find(transportId);
        if (transport is null || transport.Owner != OwnerOf(user))
        {
            return Problems.NotFound("transport-not-found", "No such media transport of yours.");
        }

        var c = transport.Counters;
        return TypedResults.Ok(new TransportStats(transport.Id, transport.State.ToString(), transport.Profile?.ToString(), transport.RemoteEndPoint?.ToString(),
            c.PacketsReceived, c.BytesReceived, c.PacketsSent, c.BytesSent, c.SrtpFailures, c.HandshakeFailures, c.StunRequests, c.Dropped));
    }

    /// <summary>The person the transport belongs to, as the live session names them: the same person in two tabs (or in
    /// the echo test and the session) owns both.</summary>
    private static string OwnerOf(ClaimsPrincipal user) => user.SessionPerson().ToString();

    /// <summary>Resolving the server opens its port; the container disposes it at shutdown.</summary>
    private sealed class MediaServerStarter(MediaServer server) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(server);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
