using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mediation.Testing;

/// <summary>
/// A throw-away redis-server (Debian's package) on a free loopback port, without persistence, killed at the end.
/// Missing redis-server fails the test, on purpose: the scale-out must never pass by being skipped.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var port = Loopback.FreePort();
        return new RedisServer(await LaunchAsync(port), port);
    }

    /// <summary>Redis goes down (killed); <see cref="StartAgainAsync"/> brings it back on the same port, empty.</summary>
    public async Task StopAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async Task StartAgainAsync()
    {
        _process.Dispose();
        _process = await LaunchAsync(Port);
    }

    private static async Task<Process> LaunchAsync(int port)
    {
        const string executable = "/usr/bin/redis-server";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException("redis-server is not installed. Run the tests with ./test.sh, which installs it (apt: redis-server).");
        }

        var info = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return process;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
