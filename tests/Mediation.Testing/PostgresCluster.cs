using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Mediation.Testing;

/// <summary>
/// A PostgreSQL cluster of a test's own (infra/postgres/throwaway-cluster.sh), so the test can stop and start the
/// database server under a running application — what a restart or a failover of the database looks like — without
/// touching the cluster every other test shares.
/// </summary>
public sealed partial class PostgresCluster : IAsyncDisposable
{
    private PostgresCluster(string directory, string bin, int port, string connectionString)
    {
        Directory = directory;
        Bin = bin;
        Port = port;
        ConnectionString = connectionString;
    }

    public string Directory { get; }
    private string Bin { get; }
    public int Port { get; }

    /// <summary>The cluster's maintenance database; the server creates its schema there.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresCluster> StartAsync()
    {
        var script = Path.Combine(RepositoryPaths.Root, "infra", "postgres", "throwaway-cluster.sh");
        var output = await RunAsync("bash", ["-c", $"source '{script}' && pg_throwaway_start >&2 && echo \"DIR=$PG_THROWAWAY_DIR\" && echo \"BIN=$PG_THROWAWAY_BIN\" && echo \"CS=$MEDIATION_TEST_POSTGRES\""]);
        string Value(string key) => Regex.Match(output, $"^{key}=(.*)$", RegexOptions.Multiline).Groups[1].Value.Trim();
        var connectionString = Value("CS");
        var port = int.Parse(PortIn().Match(connectionString).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return new PostgresCluster(Value("DIR"), Value("BIN"), port, connectionString);
    }

    /// <summary>The database server stops (fast shutdown: connections are cut, new ones refused).</summary>
    public Task StopAsync() => PgCtlAsync("-m", "fast", "stop");

    public Task StartAgainAsync() => PgCtlAsync("-w", "-t", "60", "-o",
        $"-p {Port} -k {Directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300", "start");

    private Task PgCtlAsync(params string[] arguments) =>
        RunAsync(Environment.UserName == "root" ? "runuser" : Path.Combine(Bin, "pg_ctl"),
            [.. Environment.UserName == "root" ? new[] { "-u", "postgres", "--", Path.Combine(Bin, "pg_ctl") } : [], "-D", Path.Combine(Directory, "data"),
                "-l", Path.Combine(Directory, "server.log"), .. arguments]);

    private static async Task<string> RunAsync(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await stdout
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stderr}{await stdout}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgCtlAsync("-m", "immediate", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    [GeneratedRegex(@"Port=(\d+)")]
    private static partial Regex PortIn();
}
