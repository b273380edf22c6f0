using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Mediation.Testing;

/// <summary>The built server as an operator runs it: <c>dotnet Mediation.Server.dll …</c> in its own process,
/// with the server project as content root (appsettings, wwwroot).</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server with these arguments; <paramref name="standardInput"/>, if given, is written to the
    /// process's standard input, which is then closed.</summary>
    public static ServerProcess Start(IEnumerable<string> arguments, string environment = "Development", string? standardInput = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.ServerProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepositoryPaths.ServerDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        // Outside Development the server does not start without it (the signing keys are encrypted under it).
        info.Environment["Signing__RootKeyPassphrase"] = "test passphrase, not a secret";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        return server;
    }

    public static async Task<(int ExitCode, string Output)> RunToEndAsync(IEnumerable<string> arguments, TimeSpan? timeout = null, string? standardInput = null)
    {
        await using var server = Start(arguments, standardInput: standardInput);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        await server._process.WaitForExitAsync(cts.Token);
        server._process.WaitForExit(); // drains the redirected streams
        return (server._process.ExitCode, server.Output);
    }

    /// <summary>Waits until <paramref name="url"/> answers 200, failing with the server's output if it exits or times out.</summary>
    public async Task WaitUntilHealthyAsync(string url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The server did not become healthy within {timeout}:\n{Output}");
    }

    /// <summary>The party invite links the demo data's banner printed (side → link), once it has printed them.</summary>
    public async Task<IReadOnlyDictionary<string, string>> DemoInviteLinksAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var links = PrintedInvite().Matches(Output).ToDictionary(m => m.Groups["side"].Value, m => m.Groups["link"].Value);
            if (links.Count == 2)
            {
                return links;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The server did not print the demo invite links:\n" + Output);
    }

    [GeneratedRegex(@"(?<side>Applicant|Respondent)\s+\S+: (?<link>http://\S+/join#\S+)")]
    private static partial Regex PrintedInvite();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>kill -9: the process dies at once, saying nothing to anyone (a crash, a lost machine).</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>kill -TERM, as systemd stops a service; returns how long the process took to exit, or throws past <paramref name="limit"/>.</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan limit)
    {
        var started = Stopwatch.GetTimestamp();
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The server did not exit within {limit} of SIGTERM:\n{Output}");
        }

        return Stopwatch.GetElapsedTime(started);
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
