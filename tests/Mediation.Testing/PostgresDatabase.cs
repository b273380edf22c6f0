using Npgsql;

namespace Mediation.Testing;

/// <summary>
/// A fresh PostgreSQL database on the throw-away cluster that <c>./test.sh</c> starts, dropped again at the
/// end. The cluster's address comes from <c>MEDIATION_TEST_POSTGRES</c>; without it these tests fail, on
/// purpose: "PostgreSQL works" must never pass by being skipped.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "MEDIATION_TEST_POSTGRES";

    private PostgresDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } cs ? cs
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set. Run the tests with ./test.sh, which starts a throw-away PostgreSQL cluster, " +
                $"or point {EnvironmentVariable} at a server where the user may create databases.");

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var name = "mediation_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name };
        return new PostgresDatabase(name, builder.ConnectionString);
    }

    /// <summary>Drops the database while connections are still open, as a lost database server would look.</summary>
    public async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await DropAsync();
}
