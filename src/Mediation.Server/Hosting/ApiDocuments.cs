using Microsoft.AspNetCore.Authentication;

namespace Mediation.Server.Hosting;

/// <summary>The OpenAPI document of every endpoint (<c>/openapi/v1.json</c>) and a browsable UI at <c>/api-docs</c>,
/// served from the package's own files, so it works on a network without internet.</summary>
public static class ApiDocuments
{
    public static IHostApplicationBuilder AddApiDocuments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Mediation.Online API";
            document.Info.Description = "Labour-dispute online mediation. Errors are RFC 7807 problem details with a stable 'code'.";
            // The same document whatever host serves it (the web app's copy, web/openapi.json, is compared with it);
            // without servers, a client calls the origin it loaded the document from.
            document.Servers?.Clear();
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>Open to anyone in Development; elsewhere to signed-in staff only (the document maps the whole attack surface).</summary>
    public static WebApplication MapApiDocuments(this WebApplication app)
    {
        var document = app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            document.AllowAnonymous();
        }
        else
        {
            document.RequireAuthorization(Access.Policies.Staff);
            app.UseWhen(http => http.Request.Path.StartsWithSegments("/api-docs"), docs => docs.Use(async (http, next) =>
            {
                var result = await http.AuthenticateAsync(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
                if (result.Principal?.Identity?.IsAuthenticated != true)
                {
                    await Problems.WriteAsync(http, StatusCodes.Status401Unauthorized, "not-signed-in", "Sign-in required.");
                    return;
                }

                await next(http);
            }));
        }

        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api-docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Mediation.Online API v1");
            o.DocumentTitle = "Mediation.Online API";
        });
        return app;
    }
}
