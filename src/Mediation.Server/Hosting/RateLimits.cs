using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Mediation.Server.Hosting;

/// <summary>Per-client-address limits on the endpoints an anonymous caller can hammer (sign-in, one-time codes): each
/// feature names its policy; a refusal is a 429 problem with Retry-After.</summary>
public static class RateLimits
{
    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return new ValueTask(Problems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "rate-limited",
                    "Too many requests from this address.", "Wait a while before trying again."));
            };
        });
        return builder;
    }

    /// <summary>A policy of <paramref name="permits"/> requests per <paramref name="window"/> from each client address (as
    /// the forwarded-headers middleware resolved it behind the configured proxy).</summary>
    public static void AddPerAddressPolicy(this RateLimiterOptions options, string name, int permits, TimeSpan window) =>
        options.AddPolicy(name, http => RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 }));
}
