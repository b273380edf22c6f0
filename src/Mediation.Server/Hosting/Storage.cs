using Mediation.Data;
using Mediation.Server.Access;
using Mediation.Server.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Hosting;

/// <summary>The resolved data directory and database choice, fixed at start. <c>Storage:DataDirectory</c> names
/// where the embedded database, logs and every stored document live (relative to the content root; default
/// <c>data</c>); <c>ConnectionStrings:Mediation</c> picks the database.</summary>
public sealed record StorageLayout(string DataDirectory, DatabaseProvider Provider, string ConnectionString)
{
    public string LogDirectory => Path.Combine(DataDirectory, "logs");
}

public static class StorageExtensions
{
    public static StorageLayout ResolveStorageLayout(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration["Storage:DataDirectory"];
        var dataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured, builder.Environment.ContentRootPath);
        var (provider, connectionString) = MediationStorage.Resolve(builder.Configuration.GetConnectionString("Mediation"), dataDirectory);
        return new StorageLayout(dataDirectory, provider, connectionString);
    }

    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var layout = builder.ResolveStorageLayout();
        Directory.CreateDirectory(layout.DataDirectory);
        builder.Services.AddSingleton(layout);
        builder.Services.AddMediationDbContext(layout.Provider, layout.ConnectionString);
        builder.AddKeyProtection(layout);
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>Applies pending migrations, makes sure the roles exist, and seeds demo data when asked to.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var layout = scope.ServiceProvider.GetRequiredService<StorageLayout>();
        var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
        await ServerCommands.EnsureHistoryTableAsync(db);
        await db.Database.MigrateAsync();
        app.Logger.LogInformation("Database ready ({Provider}); data directory {DataDirectory}", layout.Provider, layout.DataDirectory);
        await AccessExtensions.EnsureRolesAsync(scope.ServiceProvider);
        if (scope.ServiceProvider.GetRequiredService<IOptions<DemoDataOptions>>().Value.Enabled)
        {
            await DemoData.SeedAsync(app, scope.ServiceProvider);
        }
    }
}
