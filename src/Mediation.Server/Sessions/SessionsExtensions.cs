namespace Mediation.Server.Sessions;

public static class SessionsExtensions
{
    /// <summary>SignalR for the live sessions, and this node's rooms.</summary>
    public static IHostApplicationBuilder AddSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = 128 * 1024; // an SDP offer with many m-lines
            o.EnableDetailedErrors = false;
        });
        builder.Services.AddSingleton<SessionRooms>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        app.MapHub<SessionHub>("/hubs/session");
        return app;
    }
}
