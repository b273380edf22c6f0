namespace Mediation.Server.Courts;

/// <summary>The courts: their register and docking keys, delegations from a clerk or over the docking, and the
/// docking's signed endpoints.</summary>
public static class CourtsSetup
{
    public static IHostApplicationBuilder AddCourts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<DockingKeys>();
        builder.Services.AddScoped<DockingRequests>();
        builder.Services.AddScoped<CourtDelegations>();
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
