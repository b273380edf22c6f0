using Mediation.Testing;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Data.Tests;

/// <summary>An empty, migrated database of one provider: an SQLite file or a fresh PostgreSQL database.</summary>
public sealed class Store : IAsyncDisposable
{
    private readonly TemporaryDirectory? _directory;
    private readonly PostgresDatabase? _postgres;

    private Store(DatabaseProvider provider, string connectionString, TemporaryDirectory? directory, PostgresDatabase? postgres)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _directory = directory;
        _postgres = postgres;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public static async Task<Store> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        Store store;
        if (provider == DatabaseProvider.Sqlite)
        {
            var directory = new TemporaryDirectory();
            store = new Store(provider, $"Data Source={Path.Combine(directory.Path, "test.db")};Pooling=false", directory, null);
        }
        else
        {
            var database = await PostgresDatabase.CreateAsync();
            store = new Store(provider, database.ConnectionString, null, database);
        }

        if (migrate)
        {
            await using var db = store.NewContext();
            await db.Database.MigrateAsync();
        }

        return store;
    }

    public MediationDbContext NewContext() => MediationStorage.CreateContext(Provider, ConnectionString);

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _directory?.Dispose();
    }
}
