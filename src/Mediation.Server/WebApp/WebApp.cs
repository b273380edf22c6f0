using Mediation.Server.Hosting;
using Microsoft.Net.Http.Headers;

namespace Mediation.Server.WebApp;

/// <summary>Serves the browser app built from <c>web/</c> into <c>wwwroot</c> by the normal build.</summary>
public static class WebAppExtensions
{
    /// <summary>Before routing: hashed assets are cached for a year, index.html never, so a deploy is seen at once.</summary>
    public static WebApplication UseWebAppFiles(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx =>
            {
                var headers = ctx.Context.Response.GetTypedHeaders();
                headers.CacheControl = ctx.File.Name == "index.html"
                    ? new CacheControlHeaderValue { NoCache = true }
                    : ctx.Context.Request.Path.StartsWithSegments("/assets")
                        ? new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromDays(365) }
                        : new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromHours(1) };
            },
        });
        return app;
    }

    /// <summary>Client-side routes (/login, /join, /app/…) get index.html; unknown API paths get a 404 problem.</summary>
    public static IEndpointRouteBuilder MapWebApp(this IEndpointRouteBuilder app)
    {
        app.MapFallback("/api/{**rest}", () => Problems.NotFound("endpoint-not-found", "No such API endpoint.")).AllowAnonymous();
        app.MapFallback("/media/{**rest}", () => Problems.NotFound("endpoint-not-found", "No such API endpoint.")).AllowAnonymous();
        app.MapFallbackToFile("index.html", new StaticFileOptions
        {
            OnPrepareResponse = ctx => ctx.Context.Response.GetTypedHeaders().CacheControl = new CacheControlHeaderValue { NoCache = true },
        }).AllowAnonymous();
        return app;
    }
}
