using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Mediation.Testing;

/// <summary>A free TCP port on 127.0.0.1 (tests talk only to loopback), for a server process to listen on.</summary>
public static class Loopback
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string FreeUrl() => $"http://127.0.0.1:{FreePort()}";
}

/// <summary>What tests read in the development SMS outbox.</summary>
public static partial class DemoSms
{
    /// <summary>The six-digit one-time code in a message the server sent.</summary>
    public static string CodeIn(string text) => SixDigits().Match(text) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException("No one-time code in: " + text);

    [GeneratedRegex(@"验证码(\d{6})")]
    private static partial Regex SixDigits();
}
