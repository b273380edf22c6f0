using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Chooses the database: an empty connection string means the embedded SQLite file in the data
/// directory; a string starting with <c>Data Source=</c> is SQLite; anything else is PostgreSQL (Npgsql).</summary>
public static class MediationStorage
{
    public const string SqliteFileName = "mediation.db";

    public static (DatabaseProvider Provider, string ConnectionString) Resolve(string? configuredConnectionString, string dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(configuredConnectionString))
        {
            return (DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dataDirectory, SqliteFileName)}");
        }

        return configuredConnectionString.TrimStart().StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)
            ? (DatabaseProvider.Sqlite, configuredConnectionString)
            : (DatabaseProvider.PostgreSql, configuredConnectionString);
    }

    /// <summary>Registers <see cref="MediationDbContext"/> backed by the provider's own subclass, so the
    /// provider's migration set is the one applied.</summary>
    public static IServiceCollection AddMediationDbContext(this IServiceCollection services, DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.Sqlite => services.AddDbContext<MediationDbContext, SqliteMediationDbContext>(o => o.UseSqlite(connectionString)),
            DatabaseProvider.PostgreSql => services.AddDbContext<MediationDbContext, PostgresMediationDbContext>(o => o.UseNpgsql(connectionString)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };

    /// <summary>A context outside dependency injection, for tools and tests.</summary>
    public static MediationDbContext CreateContext(DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.Sqlite => new SqliteMediationDbContext(
                new DbContextOptionsBuilder<SqliteMediationDbContext>().UseSqlite(connectionString).Options),
            DatabaseProvider.PostgreSql => new PostgresMediationDbContext(
                new DbContextOptionsBuilder<PostgresMediationDbContext>().UseNpgsql(connectionString).Options),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
}

/// <summary>Used by <c>dotnet ef migrations add … --context SqliteMediationDbContext</c>; never connects.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMediationDbContext>
{
    public SqliteMediationDbContext CreateDbContext(string[] args) =>
        (SqliteMediationDbContext)MediationStorage.CreateContext(DatabaseProvider.Sqlite, "Data Source=design-time.db");
}

/// <summary>Used by <c>dotnet ef migrations add … --context PostgresMediationDbContext</c>; never connects.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMediationDbContext>
{
    public PostgresMediationDbContext CreateDbContext(string[] args) =>
        (PostgresMediationDbContext)MediationStorage.CreateContext(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Database=mediation_design");
}
