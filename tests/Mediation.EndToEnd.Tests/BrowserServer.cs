using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediation.Testing;
using Microsoft.Playwright;

namespace Mediation.EndToEnd.Tests;

/// <summary>
/// The server exactly as the README's first command starts it (Development, demo data, embedded SQLite), as its
/// own process on a free loopback port, plus one headless Chromium shared by the tests of a class.
/// </summary>
public class BrowserServer : IAsyncLifetime
{
    public const string DemoPassword = "Demo@2026!";
    private readonly TemporaryDirectory _data = new();
    private ServerProcess? _server;
    private IPlaywright? _playwright;

    public string BaseUrl { get; } = Loopback.FreeUrl();

    /// <summary>More of the server's configuration, for a fixture that needs it different.</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Invite links the server printed at start, by party side (Applicant, Respondent).</summary>
    public Dictionary<string, string> PrintedInvites { get; } = [];

    // Every page signs in from 127.0.0.1: the per-address sign-in limit is the server tests' to check.
    private string[] Arguments => ["--urls", BaseUrl, $"--Storage:DataDirectory={_data.Path}", "--Media:Port=0", "--Security:SignInsPerAddressPerMinute=1000",
        .. ExtraArguments];

    /// <summary>The server process now (a restart makes a new one).</summary>
    public ServerProcess Process => _server!;

    /// <summary>kill -9 of the server: it dies at once, telling nobody.</summary>
    public Task KillServerAsync() => _server!.KillAsync();

    /// <summary>SIGTERM to the server; how long it took to exit.</summary>
    public Task<TimeSpan> TerminateServerAsync(TimeSpan limit) => _server!.TerminateAsync(limit);

    /// <summary>Starts the server again on the same address, data and database, as a supervisor would; returns once it
    /// answers /healthz.</summary>
    public async Task RestartServerAsync()
    {
        if (_server is { HasExited: false })
        {
            throw new InvalidOperationException("The server is still running.");
        }

        await _server!.DisposeAsync();
        _server = ServerProcess.Start(Arguments);
        await _server.WaitUntilHealthyAsync(BaseUrl + "/healthz", TimeSpan.FromSeconds(90));
    }

    public virtual async Task InitializeAsync()
    {
        _server = ServerProcess.Start(Arguments);
        await _server.WaitUntilHealthyAsync(BaseUrl + "/healthz", TimeSpan.FromSeconds(90));
        foreach (var (side, link) in await _server.DemoInviteLinksAsync(TimeSpan.FromSeconds(30)))
        {
            PrintedInvites[side] = link;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", // required as root
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                // getDisplayMedia picks a source without asking (screen sharing in the session page).
                "--auto-select-desktop-capture-source=Entire screen", "--auto-accept-this-tab-capture",
                "--allow-loopback-in-peer-connection", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
        Assertions.SetDefaultExpectTimeout(15_000);
        lock (Running)
        {
            Running.Add(this);
        }
    }

    private static readonly List<BrowserServer> Running = [];
    private readonly List<IBrowserContext> _contexts = [];

    /// <summary>The pages of every running server's last test.</summary>
    internal static async Task CloseAllPagesAsync()
    {
        BrowserServer[] servers;
        lock (Running)
        {
            servers = [.. Running];
        }

        foreach (var server in servers)
        {
            await server.ClosePagesAsync();
        }
    }

    /// <summary>Closes every page the last test opened: a page left open keeps its camera and its calls running and
    /// would take the cores from the next test.</summary>
    public async Task ClosePagesAsync()
    {
        IBrowserContext[] open;
        lock (_contexts)
        {
            open = [.. _contexts];
            _contexts.Clear();
        }

        foreach (var context in open)
        {
            await context.CloseAsync();
        }
    }

    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 800 },
            IsMobile = phone,
            HasTouch = phone,
        });
        context.SetDefaultTimeout(15_000);
        lock (_contexts)
        {
            _contexts.Add(context);
        }

        return await context.NewPageAsync();
    }

    public async Task<IPage> SignedInPageAsync(string email)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await page.Locator("input[data-test=email]").FillAsync(email);
        await page.Locator("input[data-test=password]").FillAsync(DemoPassword);
        await page.Locator("[data-test=submit]").ClickAsync();
        await page.WaitForURLAsync("**/app");
        return page;
    }

    /// <summary>The last message the development SMS outbox holds for <paramref name="phone"/>, read as the
    /// organization's admin would (who reads every message of the organization's cases and applications).</summary>
    public async Task<string> LastSmsToAsync(string phone)
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(BaseUrl) };
        (await http.PostAsJsonAsync("/api/auth/sign-in", new { email = "orgadmin@demo.local", password = DemoPassword })).EnsureSuccessStatusCode();
        var messages = JsonDocument.Parse(await http.GetStringAsync("/api/dev/sms")).RootElement;
        return messages.EnumerateArray().First(m => m.GetProperty("phone").GetString() == phone).GetProperty("text").GetString()!;
    }

    /// <summary>The one-time code in the last message to <paramref name="phone"/>.</summary>
    public async Task<string> LastCodeSentToAsync(string phone) => DemoSms.CodeIn(await LastSmsToAsync(phone));

    public virtual async Task DisposeAsync()
    {
        lock (Running)
        {
            Running.Remove(this);
        }

        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _data.Dispose();
    }
}

/// <summary>After every browser test, passed or failed, the pages it opened are closed (see <see cref="BrowserServer.ClosePagesAsync"/>).</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ClosePagesAfterEachTestAttribute : Xunit.Sdk.BeforeAfterTestAttribute
{
    public override void After(System.Reflection.MethodInfo methodUnderTest) => BrowserServer.CloseAllPagesAsync().GetAwaiter().GetResult();
}
