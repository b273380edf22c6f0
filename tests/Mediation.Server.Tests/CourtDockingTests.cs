using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mediation.CourtDocking;
using Mediation.CourtDocking.Messages;
using Mediation.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Server.Tests;

/// <summary>A court's system on the docking: keys a platform admin issues, requests signed with them, a delegation
/// that lands in the same intake as a clerk's and once only; unsigned, forged, stale, replayed and revoked-key
/// requests refused.</summary>
public sealed class CourtDockingTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    private async Task<(Guid CourtId, Guid OrganizationId, string KeyId, byte[] Secret)> KeyAsync()
    {
        var delegated = await _server.DelegatedDemoCaseAsync();
        var admin = await _server.SignedInAsync("admin@demo.local");
        var issued = await (await admin.PostAsync($"/api/courts/{delegated.DelegatingCourtId}/docking-keys", null)).JsonAsync();
        return (delegated.DelegatingCourtId!.Value, delegated.OrganizationId, issued.GetProperty("keyId").GetString()!, Convert.FromBase64String(issued.GetProperty("secret").GetString()!));
    }

    private HttpClient Signed(string keyId, byte[] secret) => _server.CreateDefaultClient(new DockingSigningHandler(keyId, secret, _server.Time));

    private static DelegatedCase Delegation(Guid organizationId, string reference, string category = "LaborRemuneration") => new(organizationId, reference,
        "拖欠工资争议（法院委派）", "申请人在被申请人处工作，被申请人自2026年9月起未支付工资。", null,
        [new DockingParty("NaturalPerson", "韩梅", null, "13700000201")],
        [new DockingParty("Organization", "淄博启航物流有限公司", null, "13700000202", LegalRepresentative: "赵启航")],
        [new DockingClaim(category, "支付拖欠工资", 9600m, "Respondent")]);

    private static HttpRequestMessage Post(object message, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/docking/v1/delegations") { Content = JsonContent.Create(message) };
        request.Headers.Add(DockingHeaders.IdempotencyKey, idempotencyKey);
        return request;
    }

    [Fact]
    public async Task A_court_system_delegates_with_its_key_the_case_is_made_once_and_its_clerks_follow_it()
    {
        var (courtId, organizationId, keyId, secret) = await KeyAsync();
        using var court = Signed(keyId, secret);

        using (var list = new HttpRequestMessage(HttpMethod.Get, "/api/docking/v1/organizations"))
        {
            list.Headers.Add(DockingHeaders.IdempotencyKey, "organizations-1");
            var organizations = await (await court.SendAsync(list)).JsonAsync();
            Assert.Contains(organizations.EnumerateArray(), o => o.GetProperty("id").GetGuid() == organizationId);
        }

        var first = await court.SendAsync(Post(Delegation(organizationId, "(2026)鲁0303诉前调101号"), "delegation-101"));
        Assert.True(first.StatusCode == System.Net.HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var receipt = await first.JsonAsync();
        Assert.True(receipt.GetProperty("created").GetBoolean());
        Assert.Equal("Applied", receipt.GetProperty("status").GetString());

        // The court's retry (a lost answer): the same case, nothing new.
        var again = await (await court.SendAsync(Post(Delegation(organizationId, "(2026)鲁0303诉前调101号"), "delegation-101"))).JsonAsync();
        Assert.Equal((receipt.GetProperty("caseId").GetGuid(), false), (again.GetProperty("caseId").GetGuid(), again.GetProperty("created").GetBoolean()));

        // The same intake as a clerk's: the court's clerk reads it, delegated by that court.
        var clerk = await _server.SignedInAsync("clerk@demo.local");
        var detail = await (await clerk.GetAsync($"/api/cases/{receipt.GetProperty("caseId").GetGuid()}")).JsonAsync();
        Assert.Equal("CourtDelegated", detail.GetProperty("channel").GetString());
        using var scope = _server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
        Assert.Equal(1, await db.Cases.CountAsync(c => c.CourtReference == "(2026)鲁0303诉前调101号" && c.DelegatingCourtId == courtId));

        // Values the platform does not know, and an organization not docking with this court: refused by field or code.
        await (await court.SendAsync(Post(Delegation(organizationId, "(2026)鲁0303诉前调102号", "Unheard"), "delegation-102"))).AssertProblemAsync(400, "docking-message-invalid");
        var refused = await (await court.SendAsync(Post(Delegation(Guid.NewGuid(), "(2026)鲁0303诉前调103号"), "delegation-103"))).AssertProblemAsync(400, "validation-failed");
        Assert.Contains("organization-not-docking", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsigned_forged_stale_replayed_and_revoked_requests_are_refused_and_change_nothing()
    {
        var (courtId, organizationId, keyId, secret) = await KeyAsync();
        var body = JsonSerializer.SerializeToUtf8Bytes(Delegation(organizationId, "(2026)鲁0303诉前调201号"), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        HttpRequestMessage Raw(string key, byte[] withSecret, DateTimeOffset at, string nonce)
        {
            var parts = new DockingRequestParts("POST", "/api/docking/v1/delegations", at.ToUnixTimeSeconds(), nonce, "delegation-201", body);
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/docking/v1/delegations") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add(DockingHeaders.KeyId, key);
            request.Headers.Add(DockingHeaders.Timestamp, parts.Timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(DockingHeaders.Nonce, nonce);
            request.Headers.Add(DockingHeaders.IdempotencyKey, "delegation-201");
            request.Headers.Add(DockingHeaders.Signature, DockingSignature.Compute(withSecret, parts));
            return request;
        }

        var client = _server.NewClient();
        var now = _server.Time.GetUtcNow();
        await (await client.PostAsync("/api/docking/v1/delegations", new ByteArrayContent(body))).AssertProblemAsync(401, "docking-unsigned");
        await (await client.SendAsync(Raw("zd-unknown", secret, now, DockingSignature.NewNonce()))).AssertProblemAsync(401, "docking-key-unknown");
        await (await client.SendAsync(Raw(keyId, Encoding.UTF8.GetBytes("a guessed secret, not the court's"), now, DockingSignature.NewNonce())))
            .AssertProblemAsync(401, "docking-signature-invalid");
        await (await client.SendAsync(Raw(keyId, secret, now.AddMinutes(-10), DockingSignature.NewNonce()))).AssertProblemAsync(401, "docking-stale");

        // One good request; the very same bytes again are a replay.
        var nonce = DockingSignature.NewNonce();
        Assert.Equal(System.Net.HttpStatusCode.Created, (await client.SendAsync(Raw(keyId, secret, now, nonce))).StatusCode);
        await (await client.SendAsync(Raw(keyId, secret, now, nonce))).AssertProblemAsync(401, "docking-replayed");

        // The key revoked: what it signs is refused from then on.
        var admin = await _server.SignedInAsync("admin@demo.local");
        var keys = await (await admin.GetAsync($"/api/courts/{courtId}/docking-keys")).JsonAsync();
        Assert.Equal(JsonValueKind.Undefined, keys.EnumerateArray().Single().TryGetProperty("secret", out var shown) ? shown.ValueKind : JsonValueKind.Undefined);
        (await admin.PostAsync($"/api/courts/{courtId}/docking-keys/{keyId}/revoke", null)).EnsureSuccessStatusCode();
        await (await client.SendAsync(Raw(keyId, secret, now, DockingSignature.NewNonce()))).AssertProblemAsync(401, "docking-key-unknown");

        using var scope = _server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
        Assert.Equal(1, await db.Cases.CountAsync(c => c.CourtReference == "(2026)鲁0303诉前调201号"));
        // The secret is not in the database as such: only its protected form.
        var stored = await db.CourtDockingKeys.AsNoTracking().SingleAsync(k => k.KeyId == keyId);
        Assert.DoesNotContain(Convert.ToBase64String(secret), stored.ProtectedSecret, StringComparison.Ordinal);
    }
}
