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
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapApiDocuments(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api-docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Mediation.Online API v1");
            o.DocumentTitle = "Mediation.Online API";
        });
        return app;
    }
}
