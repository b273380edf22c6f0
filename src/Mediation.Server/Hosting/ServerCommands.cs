using Mediation.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Mediation.Server.Hosting;

/// <summary>Operator commands run instead of the server: <c>Mediation.Server migrate</c> applies the
/// database migrations and exits, for deployments that migrate before switching traffic.</summary>
public static class ServerCommands
{
    public static bool IsMigrate(string[] args) => args.Length > 0 && args[0] == "migrate";

    /// <summary>Creates EF's migration history table first: on an empty PostgreSQL database, EF otherwise probes it with
    /// queries that fail and are logged as errors, which would alarm an operator for nothing.</summary>
    public static async Task EnsureHistoryTableAsync(MediationDbContext db)
    {
        if (await db.Database.CanConnectAsync())
        {
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
        }
    }

    public static async Task<int> RunMigrateCommandAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var layout = scope.ServiceProvider.GetRequiredService<StorageLayout>();
        var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
        await EnsureHistoryTableAsync(db);
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        await db.Database.MigrateAsync();
        app.Logger.LogInformation("Applied {Count} migration(s) on {Provider}: {Migrations}", pending.Count, layout.Provider, pending);
        return 0;
    }
}
