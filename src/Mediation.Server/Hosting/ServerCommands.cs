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

    public static async Task<int> RunMigrateCommandAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var layout = scope.ServiceProvider.GetRequiredService<StorageLayout>();
        var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
        // Read the history only if it exists: asking EF for pending migrations of an empty database logs a
        // failed query, which would alarm the operator for nothing.
        var history = db.GetService<IHistoryRepository>();
        var applied = await history.ExistsAsync() ? (await history.GetAppliedMigrationsAsync()).Select(m => m.MigrationId).ToHashSet() : [];
        var pending = db.Database.GetMigrations().Where(m => !applied.Contains(m)).ToList();
        await db.Database.MigrateAsync();
        app.Logger.LogInformation("Applied {Count} migration(s) on {Provider}: {Migrations}", pending.Count, layout.Provider, pending);
        return 0;
    }
}
