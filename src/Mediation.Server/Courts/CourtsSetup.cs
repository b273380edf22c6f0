using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mediation.Server.Courts;

/// <summary>The message a docking endpoint reads from its body's bytes (it checks the signature over them before it
/// parses anything), for the API document to show as the request body.</summary>
public sealed record DockingBody(Type Message);

/// <summary>The courts: their register and docking keys, delegations from a clerk or over the docking, and the
/// docking's signed endpoints.</summary>
public static class CourtsSetup
{
    public static IHostApplicationBuilder AddCourts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<DockingKeys>();
        builder.Services.AddScoped<DockingRequests>();
        builder.Services.AddScoped<CourtDelegations>();
        builder.Services.Configure<OpenApiOptions>("v1", o => o.AddOperationTransformer(async (operation, context, ct) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<DockingBody>().FirstOrDefault() is not { } body)
            {
                return;
            }

            var schema = await context.GetOrCreateSchemaAsync(body.Message, null, ct);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        }));
        return builder;
    }

    public static IEndpointRouteBuilder MapCourts(this IEndpointRouteBuilder app)
    {
        app.MapCourtRegistryApi();
        app.MapCourtDelegationApi();
        app.MapCourtDockingApi();
        return app;
    }
}
