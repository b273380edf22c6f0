namespace Mediation.Server.Hosting;

/// <summary>
/// Browser hardening on every response. The app loads only its own scripts; Element Plus sets inline styles, so
/// styles allow 'unsafe-inline'; media and WebSocket connections go to this origin only; no page may frame
/// ours (clickjacking on the signing screens); no Referer leaves the site.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "media-src 'self' blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            // Browsers that reached us over HTTPS once never try plain HTTP again for a year (RFC 6797); sent on HTTPS
            // answers only, which behind the proxy is what X-Forwarded-Proto says.
            app.UseHsts();
        }

        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(self), microphone=(self), display-capture=(self), geolocation=()";
            if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/media"))
            {
                // Answers carry personal data and case files: no shared or browser cache keeps them.
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            return next(http);
        });
        return app;
    }
}
