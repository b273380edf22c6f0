using Mediation.Data;
using Mediation.Domain.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Mediation.Server.Hosting;

/// <summary>Operator commands run instead of the server: <c>Mediation.Server migrate</c> applies the
/// database migrations and exits, for deployments that migrate before switching traffic;
/// <c>Mediation.Server create-admin EMAIL NAME</c> creates a platform admin (the password is read from standard
/// input, never from the command line, which other users of the machine can see), so a fresh deployment without
/// demo data has a first account.</summary>
public static class ServerCommands
{
    public static bool IsMigrate(string[] args) => args.Length > 0 && args[0] == "migrate";

    public static bool IsCreateAdmin(string[] args) => args.Length > 0 && args[0] == "create-admin";

    public static async Task<int> RunCreateAdminCommandAsync(this WebApplication app, string[] args)
    {
        if (args.Length < 3)
        {
            await Console.Error.WriteLineAsync("usage: Mediation.Server create-admin EMAIL DISPLAY-NAME   (password on standard input)");
            return 2;
        }

        var password = (await Console.In.ReadLineAsync())?.Trim() ?? "";
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
        await EnsureHistoryTableAsync(db);
        await db.Database.MigrateAsync();
        await Access.AccessExtensions.EnsureRolesAsync(scope.ServiceProvider);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var admin = new StaffUser { UserName = args[1], Email = args[1], EmailConfirmed = true, DisplayName = args[2] };
        var created = await users.CreateAsync(admin, password);
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(admin, Roles.PlatformAdmin);
        }

        if (!created.Succeeded)
        {
            await Console.Error.WriteLineAsync($"Not created: {string.Join("; ", created.Errors.Select(e => e.Description))}");
            return 1;
        }

        app.Logger.LogInformation("Platform admin {UserId} created; two-factor enrolment is asked at first sign-in", admin.Id);
        return 0;
    }

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
