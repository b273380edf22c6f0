using System.Net.Http.Json;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Domain.Cases;
using Mediation.Domain.Organizations;
using Mediation.Server.Sms;
using Mediation.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Server.Tests;

/// <summary>What a review of the server as an attacker found, each closed here with a test that failed before.</summary>
public sealed class SecurityTests
{
    [Fact]
    public void Outside_development_the_server_does_not_start_without_a_passphrase_for_the_signing_keys()
    {
        using var server = new ServerFactory("Production", new Dictionary<string, string?> { ["Signing:RootKeyPassphrase"] = "" });

        var refused = Assert.ThrowsAny<Exception>(() => server.CreateClient());

        Assert.Contains("RootKeyPassphrase", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_development_outbox_shows_staff_only_the_messages_of_their_own_cases()
    {
        using var server = new ServerFactory();
        var @case = await server.DemoCaseAsync();
        Guid otherOrganization;
        using (var scope = server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
            var organization = new MediationOrganization("周村区劳动争议调解委员会", OrganizationKind.TownshipLaborMediation, "周村区", null);
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
            otherOrganization = organization.Id;
        }

        await server.AddStaffAsync("elsewhere@demo.local", Roles.Mediator, otherOrganization);
        await server.AddStaffAsync("colleague@demo.local", Roles.Mediator, @case.OrganizationId);
        var mediator = await server.SignedInAsync("mediator@demo.local");
        (await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/sessions", new { startsAtUtc = server.Time.GetUtcNow().UtcDateTime.AddDays(1) })).EnsureSuccessStatusCode();

        async Task<int> SeenByAsync(string email) => (await (await (await server.SignedInAsync(email)).GetAsync("/api/dev/sms")).JsonAsync()).GetArrayLength();
        Assert.Equal(2, await SeenByAsync("mediator@demo.local")); // the case's mediator: both parties' invitations
        Assert.Equal(2, await SeenByAsync("orgadmin@demo.local"));
        Assert.Equal(0, await SeenByAsync("colleague@demo.local")); // same organization, not their case
        Assert.Equal(0, await SeenByAsync("elsewhere@demo.local")); // another organization
        await (await (await server.SignedInAsync("admin@demo.local")).GetAsync("/api/dev/sms")).AssertProblemAsync(403, "sms-outbox-forbidden");
    }

    [Fact]
    public async Task Outside_development_there_is_no_outbox_and_no_message_text_is_kept()
    {
        using var server = new ServerFactory("Production");
        var @case = await server.DemoCaseAsync();
        var admin = await server.SignedInAsync("orgadmin@demo.local");
        await (await admin.GetAsync("/api/dev/sms")).AssertProblemAsync(404, "endpoint-not-found");
        var link = (await (await admin.PostAsync($"/api/cases/{@case.Id}/parties/{@case.Parties[0].Id}/invites", null)).JsonAsync()).GetProperty("link").GetString()!;
        (await server.NewClient().PostAsJsonAsync("/api/join/code", new { token = link[(link.IndexOf('#', StringComparison.Ordinal) + 1)..] })).EnsureSuccessStatusCode();
        Assert.Empty(server.Services.GetRequiredService<DevelopmentSmsSender>().Recent());
    }

    [Fact]
    public async Task The_key_ring_is_encrypted_with_a_certificate_kept_outside_the_database_and_so_are_authenticator_secrets()
    {
        // The embedded default: no certificate configured, the server makes its own in the data directory.
        using var server = new ServerFactory(settings: new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = "" });
        var mediator = await server.SignedInAsync("mediator@demo.local");
        var key = (await (await mediator.GetAsync("/api/account/two-factor")).JsonAsync()).GetProperty("sharedKey").GetString()!;
        var codes = await (await mediator.PostAsJsonAsync("/api/account/two-factor/enable", new { code = Totp.Code(key, server.Time.GetUtcNow()) })).JsonAsync();

        var certificate = Path.Combine(server.DataDirectory, "protection", "key-encryption.pfx");
        Assert.True(File.Exists(certificate));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(certificate));
        }

        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
        var ring = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
        Assert.NotEmpty(ring);
        Assert.All(ring, xml =>
        {
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal); // the clear key's element
        });

        var tokens = await db.UserTokens.Select(t => t.Value!).ToListAsync();
        var plainKey = key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.NotEmpty(tokens);
        Assert.All(tokens, stored =>
        {
            Assert.DoesNotContain(plainKey, stored.ToUpperInvariant(), StringComparison.Ordinal);
            foreach (var recovery in codes.GetProperty("codes").EnumerateArray())
            {
                Assert.DoesNotContain(recovery.GetString()!, stored, StringComparison.Ordinal);
            }
        });

        // And the server still reads them: the next code signs in.
        server.Time.Advance(TimeSpan.FromSeconds(30));
        var again = server.NewClient();
        (await again.PostAsJsonAsync("/api/auth/sign-in", new { email = "mediator@demo.local", password = ServerFactory.DemoPassword })).EnsureSuccessStatusCode();
        (await again.PostAsJsonAsync("/api/auth/sign-in/two-factor", new { code = Totp.Code(key, server.Time.GetUtcNow()) })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Over_https_answers_are_not_cached_browsers_stay_on_https_and_cookies_are_host_only_and_secure()
    {
        using var server = new ServerFactory("Production", new Dictionary<string, string?> { ["Invites:PublicBaseUrl"] = "https://mediation.example" });
        var client = server.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://mediation.example"), HandleCookies = true });
        var signIn = await client.PostAsJsonAsync("/api/auth/sign-in", new { email = "mediator@demo.local", password = ServerFactory.DemoPassword });
        signIn.EnsureSuccessStatusCode();
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Host-med.staff=", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);

        var cases = await client.GetAsync("/api/cases");
        Assert.Equal("no-store", cases.Headers.CacheControl?.ToString());
        Assert.Contains("max-age=", string.Join(",", cases.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_development_the_api_document_and_its_ui_are_for_signed_in_staff()
    {
        using var server = new ServerFactory("Production");
        var anonymous = server.NewClient();
        await (await anonymous.GetAsync("/openapi/v1.json")).AssertProblemAsync(401, "not-signed-in");
        await (await anonymous.GetAsync("/api-docs/index.html")).AssertProblemAsync(401, "not-signed-in");
        var mediator = await server.SignedInAsync("mediator@demo.local");
        Assert.Equal(200, (int)(await mediator.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(200, (int)(await mediator.GetAsync("/api-docs/index.html")).StatusCode);
    }

    [Fact]
    public async Task A_party_sees_of_the_other_party_only_what_identifies_it_in_the_mediation()
    {
        using var server = new ServerFactory();
        var @case = await server.DemoCaseAsync();
        var worker = await server.PartyClientAsync(@case, PartySide.Applicant);
        var employer = await server.PartyClientAsync(@case, PartySide.Respondent);

        static Dictionary<string, string?> Fields(System.Text.Json.JsonElement party) =>
            party.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == System.Text.Json.JsonValueKind.Null ? null : p.Value.ToString());

        async Task<(Dictionary<string, string?> Own, Dictionary<string, string?> Other)> ReadAsync(HttpClient client, PartySide side, string path)
        {
            var json = await (await client.GetAsync(path)).JsonAsync();
            var parties = (json.TryGetProperty("case", out var c) ? c : json).GetProperty("parties").EnumerateArray().ToList();
            return (Fields(parties.Single(p => p.GetProperty("side").GetString() == side.ToString())),
                Fields(parties.Single(p => p.GetProperty("side").GetString() != side.ToString())));
        }

        foreach (var path in new[] { $"/api/cases/{@case.Id}", $"/api/cases/{@case.Id}/record" })
        {
            // The worker reads the employer: its name, credit code, legal representative and address; nothing else.
            var (ownWorker, employerSeen) = await ReadAsync(worker, PartySide.Applicant, path);
            Assert.Equal(@case.Parties.Single(p => p.Side == PartySide.Applicant).IdNumber, ownWorker["idNumber"]);
            Assert.NotNull(employerSeen["idNumber"]);
            Assert.All(new[] { "phone", "workplace", "gender", "birthDate", "ethnicity" }, f => Assert.Null(employerSeen[f]));

            // The employer reads the worker: the name and side; no number, date, gender, address or workplace.
            var (_, workerSeen) = await ReadAsync(employer, PartySide.Respondent, path);
            Assert.Equal("李明", workerSeen["name"]);
            Assert.All(new[] { "idNumber", "phone", "address", "workplace", "legalRepresentative", "gender", "birthDate", "ethnicity" }, f => Assert.Null(workerSeen[f]));
        }
    }
}
