using System.Net.Http.Json;
using System.Text.Json;
using Mediation.Data;
using Mediation.Domain.Cases;
using Mediation.Server.Sms;
using Mediation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Mediation.Server.Tests;

/// <summary>The real server in-process, on its own data directory, with demo data and a clock tests can move.</summary>
public class ServerFactory(string environment = "Development", IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Demo@2026!";
    private readonly TemporaryDirectory _data = new();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);
    public string DataDirectory => _data.Path;

    private PostgresDatabase? _database;

    private static readonly TemporaryDirectory KeyRingDirectory = new();
    private static readonly Lazy<string> SharedKeyRing = new(() => KeyRingCertificate.WriteTo(KeyRingDirectory));

    /// <summary>The server on the embedded SQLite store, or on a fresh PostgreSQL database of its own.</summary>
    public static ServerFactory On(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            return new ServerFactory();
        }

        var database = PostgresDatabase.CreateAsync().GetAwaiter().GetResult();
        return new ServerFactory(settings: new Dictionary<string, string?> { ["ConnectionStrings:Mediation"] = database.ConnectionString }) { _database = database };
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Storage:DataDirectory", _data.Path);
        builder.UseSetting("DemoData:Enabled", "true");
        builder.UseSetting("DemoData:Password", DemoPassword);
        builder.UseSetting("Invites:CodeRequestsPerAddressPerHour", "1000");
        builder.UseSetting("Invites:CodeVerificationsPerAddressPerHour", "1000");
        // Every test client signs in from the same (in-process) address; the limiter's own test sets it low.
        builder.UseSetting("Security:SignInsPerAddressPerMinute", "100000");
        // One key-ring certificate for the test run (an RSA key per server would cost a second each); the test of the
        // embedded default unsets it.
        builder.UseSetting("DataProtection:CertificatePath", SharedKeyRing.Value);
        builder.UseSetting("Media:Port", "0");
        // Outside Development the server does not start without it (the signing keys are encrypted under it).
        builder.UseSetting("Signing:RootKeyPassphrase", "test passphrase, not a secret");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IStartupFilter, ClientAddressFilter>();
        });
    }

    /// <summary>The header a test request names its client address with (the in-process server has none).</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>Gives each request the client address its test asks for, as a real connection has one.</summary>
    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (http.Request.Headers.TryGetValue(ClientAddressHeader, out var address) && System.Net.IPAddress.TryParse(address, out var ip))
                {
                    http.Connection.RemoteIpAddress = ip;
                }

                return nextMiddleware(http);
            });
            next(app);
        };
    }

    /// <summary>A client whose requests come from <paramref name="address"/>.</summary>
    public HttpClient ClientFrom(string address)
    {
        var client = NewClient();
        client.DefaultRequestHeaders.Add(ClientAddressHeader, address);
        return client;
    }

    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

    public async Task<HttpClient> SignedInAsync(string email, string password = DemoPassword)
    {
        var client = NewClient();
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { email, password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    public Task<Case> DemoCaseAsync() => CaseByNumberAsync("劳调〔2026〕第0001号");

    /// <summary>The demo case the demo court delegated (劳调〔2026〕第0002号), still an application.</summary>
    public Task<Case> DelegatedDemoCaseAsync() => CaseByNumberAsync("劳调〔2026〕第0002号");

    public async Task<Case> CaseByNumberAsync(string number)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
        return await db.Cases.Include(c => c.Parties).Include(c => c.Agents).AsNoTracking().SingleAsync(c => c.Number == number);
    }

    public async Task<Case> AddCaseAsync(string number, string applicantPhone)
    {
        var demo = await DemoCaseAsync();
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
        var @case = new Case(demo.OrganizationId, number, "另一争议", Time.GetUtcNow().UtcDateTime);
        @case.AddParty(PartySide.Applicant, PartyKind.NaturalPerson, "赵强", null, applicantPhone);
        @case.AddParty(PartySide.Respondent, PartyKind.Organization, "某公司", null, "13700000009");
        @case.Accept("test", Time.GetUtcNow().UtcDateTime);
        @case.AssignMediator("test", Time.GetUtcNow().UtcDateTime, demo.MediatorUserId!);
        db.Cases.Add(@case);
        await db.SaveChangesAsync();
        return @case;
    }

    /// <summary>A party's session for the case: the assigned mediator issues an invite, the party redeems it with the
    /// code from the SMS outbox.</summary>
    public async Task<HttpClient> PartyClientAsync(Case @case, PartySide side, string mediatorEmail = "mediator@demo.local")
    {
        var mediator = await SignedInAsync(mediatorEmail);
        var party = @case.Parties.First(p => p.Side == side);
        var issued = await (await mediator.PostAsync($"/api/cases/{@case.Id}/parties/{party.Id}/invites", null)).JsonAsync();
        var link = issued.GetProperty("link").GetString()!;
        var token = link[(link.IndexOf('#', StringComparison.Ordinal) + 1)..];
        var client = NewClient();
        (await client.PostAsJsonAsync("/api/join/code", new { token })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/join/verify", new { token, code = LastCodeSentTo(party.Phone) })).EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>A drawn signature as a page sends it: two strokes of points across the pad, 0–1.</summary>
    public static readonly object[][] Strokes = [[new[] { 0.1, 0.6 }, new[] { 0.3, 0.3 }, new[] { 0.5, 0.7 }], [new[] { 0.6, 0.5 }, new[] { 0.9, 0.55 }]];

    /// <summary>Puts the case's agreement in effect the only way there is: the mediator drafts <paramref name="clauses"/>
    /// (one wage payment by the respondent when none are given) and freezes it, and each party signs its place with
    /// the code sent to its phone. The case is then in AgreementReached from today.</summary>
    public async Task AgreementSignedByThePartiesAsync(Case @case, HttpClient mediator, object[]? clauses = null)
    {
        (await mediator.PutAsJsonAsync($"/api/cases/{@case.Id}/agreement", new
        {
            kind = "Mediation",
            facts = "双方确认被申请人拖欠申请人工资。",
            clauses = clauses ?? [new { category = "LaborRemuneration", text = "被申请人支付申请人工资18600元。", amount = 18600m, obligor = "Respondent", performBy = (string?)null, method = "银行转账" }],
        })).EnsureSuccessStatusCode();
        var frozen = await (await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/agreement/freeze", new { })).JsonAsync();
        foreach (var side in new[] { PartySide.Applicant, PartySide.Respondent })
        {
            var party = await PartyClientAsync(@case, side);
            var slot = frozen.GetProperty("slots").EnumerateArray().First(s => s.GetProperty("signerKind").GetString() == "Party" && s.GetProperty("side").GetString() == side.ToString())
                .GetProperty("name").GetString();
            (await party.PostAsJsonAsync($"/api/cases/{@case.Id}/agreement/signing-code", new { slot })).EnsureSuccessStatusCode();
            var code = LastCodeSentTo(@case.Parties.First(p => p.Side == side).Phone);
            (await party.PostAsJsonAsync($"/api/cases/{@case.Id}/agreement/signatures", new { version = 1, slot, strokes = Strokes, padAspect = 3.0, code })).EnsureSuccessStatusCode();
        }
    }

    public async Task<StaffUser> AddStaffAsync(string email, string role, Guid? organizationId = null, string password = DemoPassword)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = email, Email = email, DisplayName = email, OrganizationId = organizationId };
        Assert.True((await users.CreateAsync(user, password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user;
    }

    /// <summary>A started connection to the session hub carrying <paramref name="client"/>'s cookies (a staff or a
    /// party session; none for <c>null</c>).</summary>
    public async Task<HubConnection> SessionHubAsync(HttpClient? client)
    {
        var cookies = client is null ? "" : await CookiesOfAsync(client);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "/hubs/session"), o =>
            {
                o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                if (cookies.Length > 0)
                {
                    o.Headers["Cookie"] = cookies;
                }
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>The cookies a test client's handler sends (its staff or party session), read back from a request it made.</summary>
    private static async Task<string> CookiesOfAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response.RequestMessage!.Headers.TryGetValues("Cookie", out var values) ? string.Join("; ", values) : "";
    }

    /// <summary>The code the party's phone would show, read from the development SMS outbox.</summary>
    public string LastCodeSentTo(string phone)
    {
        var sms = Services.GetRequiredService<DevelopmentSmsSender>().Recent().First(m => m.Phone == phone);
        return DemoSms.CodeIn(sms.Text);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _data.Dispose();
        _database?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 7807 answer with the given status and code, and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, int status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.Equal("urn:mediation:problem:" + code, json.GetProperty("type").GetString());
        return json;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"expected success, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
