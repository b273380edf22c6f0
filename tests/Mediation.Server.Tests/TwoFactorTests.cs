using System.Net.Http.Json;
using System.Text.Json;
using Mediation.Testing;

namespace Mediation.Server.Tests;

/// <summary>Outside Development, platform admins and court clerks must use a second factor.</summary>
public sealed class TwoFactorTests : IClassFixture<TwoFactorTests.Server>
{
    public sealed class Server() : ServerFactory("Production");

    private readonly Server _server;

    public TwoFactorTests(Server server) => _server = server;

    /// <summary>The code the authenticator shows at the server's time now.</summary>
    private string Code(string key) => Totp.Code(key, _server.Time.GetUtcNow());

    /// <summary>The next 30-second step: a code used once is never good again, so the next sign-in waits for a new one.</summary>
    private void NextStep() => _server.Time.Advance(TimeSpan.FromSeconds(30));

    private async Task<string> EnrolAsync(HttpClient client)
    {
        var setup = await (await client.GetAsync("/api/account/two-factor")).JsonAsync();
        Assert.False(setup.GetProperty("enabled").GetBoolean());
        Assert.Contains("<svg", setup.GetProperty("qrCodeSvg").GetString(), StringComparison.Ordinal);
        var key = setup.GetProperty("sharedKey").GetString()!;
        Assert.StartsWith("otpauth://totp/", setup.GetProperty("authenticatorUri").GetString(), StringComparison.Ordinal);

        await (await client.PostAsJsonAsync("/api/account/two-factor/enable", new { code = "000000" == Code(key) ? "111111" : "000000" }))
            .AssertProblemAsync(400, "invalid-two-factor-code");
        var codes = await (await client.PostAsJsonAsync("/api/account/two-factor/enable", new { code = Code(key) })).JsonAsync();
        Assert.Equal(10, codes.GetProperty("codes").GetArrayLength());
        return key;
    }

    [Fact]
    public async Task A_court_clerk_must_enrol_before_anything_else_and_then_signs_in_with_a_code()
    {
        await _server.AddStaffAsync("clerk2@court.local", Domain.Access.Roles.CourtClerk);
        var client = await _server.SignedInAsync("clerk2@court.local");
        var me = await (await client.GetAsync("/api/auth/me")).JsonAsync();
        Assert.True(me.GetProperty("twoFactorEnrollmentRequired").GetBoolean());
        await (await client.GetAsync("/api/cases")).AssertProblemAsync(403, "two-factor-required");

        var key = await EnrolAsync(client);
        // Entering the code upgraded the session.
        Assert.Equal(200, (int)(await client.GetAsync("/api/cases")).StatusCode);
        await (await client.PostAsJsonAsync("/api/account/two-factor/disable", new { code = "000000" })).AssertProblemAsync(403, "two-factor-mandatory");

        var again = _server.NewClient();
        var outcome = await (await again.PostAsJsonAsync("/api/auth/sign-in", new { email = "clerk2@court.local", password = ServerFactory.DemoPassword })).JsonAsync();
        Assert.True(outcome.GetProperty("twoFactorRequired").GetBoolean());
        await (await again.GetAsync("/api/cases")).AssertProblemAsync(401, "not-signed-in");
        await (await again.PostAsJsonAsync("/api/auth/sign-in/two-factor", new { code = "12345" })).AssertProblemAsync(401, "invalid-two-factor-code");
        // The code that enrolled the authenticator is spent: the same code again is refused, the next one passes.
        await (await again.PostAsJsonAsync("/api/auth/sign-in/two-factor", new { code = Code(key) })).AssertProblemAsync(401, "invalid-two-factor-code");
        NextStep();
        var signedIn = await (await again.PostAsJsonAsync("/api/auth/sign-in/two-factor", new { code = Code(key) })).JsonAsync();
        Assert.False(signedIn.GetProperty("me").GetProperty("twoFactorEnrollmentRequired").GetBoolean());
        Assert.Equal(200, (int)(await again.GetAsync("/api/cases")).StatusCode);
    }

    [Fact]
    public async Task A_recovery_code_replaces_the_authenticator_once()
    {
        await _server.AddStaffAsync("admin2@platform.local", Domain.Access.Roles.PlatformAdmin);
        var client = await _server.SignedInAsync("admin2@platform.local");
        var setup = await (await client.GetAsync("/api/account/two-factor")).JsonAsync();
        var codes = await (await client.PostAsJsonAsync("/api/account/two-factor/enable",
            new { code = Code(setup.GetProperty("sharedKey").GetString()!) })).JsonAsync();
        var recovery = codes.GetProperty("codes")[0].GetString();

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var c = _server.NewClient();
            await c.PostAsJsonAsync("/api/auth/sign-in", new { email = "admin2@platform.local", password = ServerFactory.DemoPassword });
            var response = await c.PostAsJsonAsync("/api/auth/sign-in/recovery-code", new { recoveryCode = recovery });
            if (attempt == 0)
            {
                await response.JsonAsync();
            }
            else
            {
                await response.AssertProblemAsync(401, "invalid-recovery-code");
            }
        }
    }

    [Fact]
    public async Task Once_enrolled_the_key_is_never_shown_again_and_turning_it_off_needs_a_fresh_code()
    {
        await _server.AddStaffAsync("mediator2@demo.local", Domain.Access.Roles.Mediator);
        var client = await _server.SignedInAsync("mediator2@demo.local");
        var key = await EnrolAsync(client);
        var after = await (await client.GetAsync("/api/account/two-factor")).JsonAsync();
        Assert.True(after.GetProperty("enabled").GetBoolean());
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Null),
            (after.GetProperty("sharedKey").ValueKind, after.GetProperty("authenticatorUri").ValueKind, after.GetProperty("qrCodeSvg").ValueKind));

        // Off needs a code from the authenticator now: the session alone is not enough, nor the code already used.
        await (await client.PostAsJsonAsync("/api/account/two-factor/disable", new { code = "" })).AssertProblemAsync(400, "invalid-two-factor-code");
        await (await client.PostAsJsonAsync("/api/account/two-factor/disable", new { code = Code(key) })).AssertProblemAsync(400, "invalid-two-factor-code");
        NextStep();
        Assert.Equal(204, (int)(await client.PostAsJsonAsync("/api/account/two-factor/disable", new { code = Code(key) })).StatusCode);
        Assert.False((await (await client.GetAsync("/api/account/two-factor")).JsonAsync()).GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task A_court_clerk_without_the_second_factor_reaches_no_case_by_the_paths_parties_share()
    {
        // Enforcement is on (Production): the clerk signed in with the password alone.
        var clerk = await _server.SignedInAsync("clerk@demo.local");
        var delegated = await _server.DelegatedDemoCaseAsync();
        foreach (var path in new[] { $"/api/cases/{delegated.Id}", $"/api/cases/{delegated.Id}/record", $"/api/cases/{delegated.Id}/evidence",
                     $"/api/cases/{delegated.Id}/timeline", $"/media/transports/{Guid.NewGuid()}/stats" })
        {
            await (await clerk.GetAsync(path)).AssertProblemAsync(403, "two-factor-required");
        }

        await (await clerk.PostAsJsonAsync($"/api/cases/{delegated.Id}/commands", new { command = "Archive", version = delegated.Version }))
            .AssertProblemAsync(403, "two-factor-required");
        await (await clerk.PostAsJsonAsync("/media/echo/offer", new { type = "offer", sdp = "v=0" })).AssertProblemAsync(403, "two-factor-required");

        // Who they are, and that enrolment is due, they may still ask.
        Assert.True((await (await clerk.GetAsync("/api/auth/me")).JsonAsync()).GetProperty("twoFactorEnrollmentRequired").GetBoolean());

        // The live session refuses the connection itself.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _server.SessionHubAsync(clerk));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mediator_needs_no_second_factor()
    {
        var client = await _server.SignedInAsync("mediator@demo.local");
        var me = await (await client.GetAsync("/api/auth/me")).JsonAsync();
        Assert.False(me.GetProperty("twoFactorEnrollmentRequired").GetBoolean());
        Assert.Equal(200, (int)(await client.GetAsync("/api/cases")).StatusCode);
    }

    [Fact]
    public async Task The_second_step_without_the_first_is_refused() =>
        await (await _server.NewClient().PostAsJsonAsync("/api/auth/sign-in/two-factor", new { code = "123456" }))
            .AssertProblemAsync(401, "two-factor-session-missing");
}
