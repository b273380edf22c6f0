using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediation.Testing;
using Microsoft.Playwright;

namespace Mediation.Sessions.LoadTest;

/// <summary>The server for a run (limits on one-time codes raised: every party signs in from this one address),
/// and the calls a run needs to set rooms up: cases assigned to the demo mediator, party sessions.</summary>
internal sealed class BenchServer : IAsyncDisposable
{
    public const string Password = "Demo@2026!";
    private readonly TemporaryDirectory _data;
    private readonly PostgresDatabase? _database;
    private readonly string[] _arguments;
    private ServerProcess _process;
    private int _phones;

    private BenchServer(ServerProcess process, TemporaryDirectory data, PostgresDatabase? database, string baseUrl, string[] arguments)
    {
        _process = process;
        _data = data;
        _database = database;
        BaseUrl = baseUrl;
        _arguments = arguments;
    }

    /// <summary>kill -9 of the server process.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>The server started again on the same address, data and database; returns once /healthz answers.</summary>
    public async Task RestartAsync()
    {
        await _process.DisposeAsync();
        _process = ServerProcess.Start(_arguments, environment: Environment);
        await _process.WaitUntilHealthyAsync(BaseUrl + "/healthz", TimeSpan.FromSeconds(120));
    }

    /// <summary>Development: the SMS outbox the runs read codes from exists there only.</summary>
    private const string Environment = "Development";

    public string BaseUrl { get; }
    public string Provider => _database is null ? "SQLite" : "PostgreSQL";

    public static async Task<BenchServer> StartAsync()
    {
        var data = new TemporaryDirectory();
        var database = System.Environment.GetEnvironmentVariable(PostgresDatabase.EnvironmentVariable) is { Length: > 0 } ? await PostgresDatabase.CreateAsync() : null;
        var baseUrl = Loopback.FreeUrl();
        string[] arguments =
        [
            "--urls", baseUrl, $"--Storage:DataDirectory={data.Path}", "--Media:Port=0", "--DemoData:Enabled=true", "--Media:ListenAddress=127.0.0.1",
            "--Invites:CodeRequestsPerAddressPerHour=10000", "--Invites:CodeVerificationsPerAddressPerHour=10000", "--Security:SignInsPerAddressPerMinute=100000",
            .. database is null ? Array.Empty<string>() : [$"--ConnectionStrings:Mediation={database.ConnectionString}"],
        ];
        var process = ServerProcess.Start(arguments, environment: Environment);
        await process.WaitUntilHealthyAsync(baseUrl + "/healthz", TimeSpan.FromSeconds(120));
        return new BenchServer(process, data, database, baseUrl, arguments);
    }

    public HttpClient NewClient(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(BaseUrl) };
    }

    public async Task<(HttpClient Client, CookieContainer Cookies)> SignInAsync(string email)
    {
        var client = NewClient(out var cookies);
        (await client.PostAsJsonAsync("/api/auth/sign-in", new { email, password = Password })).EnsureSuccessStatusCode();
        return (client, cookies);
    }

    /// <summary>A case of two parties with phones of their own, accepted and assigned to the demo mediator.</summary>
    public async Task<(Guid CaseId, JsonElement[] Parties)> NewCaseAsync(HttpClient orgAdmin)
    {
        var n = Interlocked.Add(ref _phones, 2);
        var created = await orgAdmin.PostAsJsonAsync("/api/cases", new
        {
            channel = "Staff",
            subject = "负载测试",
            facts = "负载测试。",
            applicants = new[] { new { kind = "NaturalPerson", name = "申请人" + n, phone = $"1360{n:D7}" } },
            respondents = new[] { new { kind = "Organization", name = "被申请公司" + n, phone = $"1360{n + 1:D7}" } },
            claims = new[] { new { category = "LaborRemuneration", description = "支付工资", amount = 1000m, obligor = "Respondent" } },
        });
        created.EnsureSuccessStatusCode();
        var caseId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("case").GetProperty("id").GetGuid();
        var mediator = JsonDocument.Parse(await orgAdmin.GetStringAsync("/api/roster")).RootElement.EnumerateArray()
            .First(m => m.GetProperty("email").GetString() == "mediator@demo.local").GetProperty("userId").GetString();
        foreach (var body in new Dictionary<string, object?>[] { new() { ["command"] = "Accept" }, new() { ["command"] = "AssignMediator", ["mediatorUserId"] = mediator } })
        {
            body["version"] = JsonDocument.Parse(await orgAdmin.GetStringAsync($"/api/cases/{caseId}")).RootElement.GetProperty("case").GetProperty("version").GetGuid();
            (await orgAdmin.PostAsJsonAsync($"/api/cases/{caseId}/commands", body)).EnsureSuccessStatusCode();
        }

        var detail = JsonDocument.Parse(await orgAdmin.GetStringAsync($"/api/cases/{caseId}")).RootElement.GetProperty("case");
        return (caseId, [.. detail.GetProperty("parties").EnumerateArray()]);
    }

    /// <summary>An invite for the party, redeemed with the code from the development outbox: the party's token,
    /// and the code to verify it with (the caller verifies, in its own HTTP client or browser context).</summary>
    public async Task<(string Token, string Code)> InviteAsync(HttpClient mediator, Guid caseId, JsonElement party, Func<string, Task> askForCode)
    {
        var issued = JsonDocument.Parse(await (await mediator.PostAsync($"/api/cases/{caseId}/parties/{party.GetProperty("id").GetGuid()}/invites", null))
            .Content.ReadAsStringAsync()).RootElement;
        var link = issued.GetProperty("link").GetString()!;
        var token = link[(link.IndexOf('#', StringComparison.Ordinal) + 1)..];
        await askForCode(token);
        var phone = party.GetProperty("phone").GetString();
        var sms = JsonDocument.Parse(await mediator.GetStringAsync("/api/dev/sms")).RootElement.EnumerateArray().First(m => m.GetProperty("phone").GetString() == phone);
        return (token, DemoSms.CodeIn(sms.GetProperty("text").GetString()!));
    }

    /// <summary>Debian's Chromium, headless, with fake camera and microphone and nothing of its own on the network
    /// (no background updates or sync) to weigh on the figures.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>A browser page of its own (a fresh context: its own cookies), on this server.</summary>
    public async Task<IPage> NewPageAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>The demo mediator, signed in on a page of its own, in the session of <paramref name="caseId"/>.</summary>
    public async Task<IPage> HostInSessionAsync(IBrowser browser, Guid caseId)
    {
        var host = await NewPageAsync(browser);
        await host.GotoAsync("/login");
        await host.Locator("input[data-test=email]").FillAsync("mediator@demo.local");
        await host.Locator("input[data-test=password]").FillAsync(Password);
        await host.Locator("[data-test=submit]").ClickAsync();
        await host.WaitForURLAsync("**/app");
        await host.GotoAsync($"/app/cases/{caseId}/session");
        await host.Locator("[data-test=join]").ClickAsync();
        await host.Locator("[data-test=session-state]").WaitForAsync();
        return host;
    }

    /// <summary>Signs <paramref name="page"/> in as <paramref name="party"/> through the page's own request context
    /// (invite, code, verification), so the page holds the party's cookie as a party's browser would.</summary>
    public async Task SignInPartyAsync(IPage page, HttpClient mediator, Guid caseId, JsonElement party)
    {
        var (token, code) = await InviteAsync(mediator, caseId, party, async t =>
        {
            var asked = await page.APIRequest.PostAsync("/api/join/code", new() { DataObject = new { token = t } });
            if (!asked.Ok)
            {
                throw new InvalidOperationException(await asked.TextAsync());
            }
        });
        var verified = await page.APIRequest.PostAsync("/api/join/verify", new() { DataObject = new { token, code } });
        if (!verified.Ok)
        {
            throw new InvalidOperationException(await verified.TextAsync());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _data.Dispose();
    }
}
