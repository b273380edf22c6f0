using Mediation.Server.Sessions;
using Mediation.Server.WebApp;
using Microsoft.AspNetCore.HttpOverrides;
using Serilog;

namespace Mediation.Server.Hosting;

public static class RequestPipelineExtensions
{
    /// <summary>The middleware every request passes, in order.</summary>
    public static WebApplication UseMediationRequestPipeline(this WebApplication app)
    {
        // Behind the nginx of infra/ on the same host: trust X-Forwarded-For/Proto from loopback only
        // (the default KnownProxies), so rate limits see the client's address and HSTS sees HTTPS.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        app.UseSecurityHeaders();
        // Unreadable requests (malformed JSON, missing body) are the caller's error: 400, not 500; the database or Redis
        // away for a moment is 503, to try again.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode
                : Outages.CodeOf(e) is not null ? StatusCodes.Status503ServiceUnavailable
                : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseSerilogRequestLogging(o =>
        {
            o.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                if (http.GetRouteValue("caseId") is string caseId)
                {
                    diagnostics.Set("CaseId", caseId);
                }

                if (http.GetRouteValue("roomId") is string roomId)
                {
                    diagnostics.Set("RoomId", roomId);
                }
            };
        });
        app.UseSessionDrain();
        app.UseWebAppFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
