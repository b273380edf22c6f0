using Microsoft.EntityFrameworkCore;

namespace Mediation.Data.Tests;

public class MigrationTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Migrations_apply_to_an_empty_database_and_match_the_model(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider, migrate: false);
        await using var db = store.NewContext();
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        // A model change without a migration for this provider fails here, not in production.
        Assert.False(db.Database.HasPendingModelChanges(), $"The model has changes with no {provider} migration: run dotnet ef migrations add.");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Migrating_twice_changes_nothing(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        await using var db = store.NewContext();
        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public void Each_provider_has_its_own_migration_set()
    {
        using var sqlite = MediationStorage.CreateContext(DatabaseProvider.Sqlite, "Data Source=:memory:");
        using var postgres = MediationStorage.CreateContext(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Database=unused");
        Assert.Contains(sqlite.Database.GetMigrations(), m => m.EndsWith("_Foundation", StringComparison.Ordinal));
        Assert.Contains(postgres.Database.GetMigrations(), m => m.EndsWith("_Foundation", StringComparison.Ordinal));
        Assert.IsType<SqliteMediationDbContext>(sqlite);
        Assert.IsType<PostgresMediationDbContext>(postgres);
    }

    [Theory]
    [InlineData("", DatabaseProvider.Sqlite)]
    [InlineData("Data Source=/srv/mediation.db", DatabaseProvider.Sqlite)]
    [InlineData("Host=db;Database=mediation;Username=m;Password=p", DatabaseProvider.PostgreSql)]
    public void The_connection_string_chooses_the_provider(string connectionString, DatabaseProvider expected)
    {
        var (provider, resolved) = MediationStorage.Resolve(connectionString, "/var/lib/mediation");
        Assert.Equal(expected, provider);
        if (connectionString.Length == 0)
        {
            Assert.Equal("Data Source=/var/lib/mediation/mediation.db", resolved);
        }
    }
}
