using System.Net.Http.Json;
using Mediation.Testing;

namespace Mediation.Server.Tests;

/// <summary>Outside Development, platform admins and court clerks must use a second factor.</summary>
public sealed class TwoFactorTests : IClassFixture<TwoFactorTests.Server>
{
    public sealed class Server() : ServerFactory("Production");

    private readonly Server _server;

    public TwoFactorTests(Server server) => _server = server;

    private static async Task<string> EnrolAsync(HttpClient client)
    {
        var setup = await (await client.GetAsync("/api/account/two-factor")).JsonAsync();
        Assert.False(setup.GetProperty("enabled").GetBoolean());
        Assert.Contains("<svg", setup.GetProperty("qrCodeSvg").GetString(), StringComparison.Ordinal);
        var key = setup.GetProperty("sharedKey").GetString()!;
        Assert.StartsWith("otpauth://totp/", setup.GetProperty("authenticatorUri").GetString(), StringComparison.Ordinal);

        await (await client.PostAsJsonAsync("/api/account/two-factor/enable", new { code = "000000" == Totp.Code(key, DateTimeOffset.UtcNow) ? "111111" : "000000" }))
            .AssertProblemAsync(400, "invalid-two-factor-code");
        var codes = await (await client.PostAsJsonAsync("/api/account/two-factor/enable", new { code = Totp.Code(key, DateTimeOffset.UtcNow) })).JsonAsync();
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
        await (await client.PostAsync("/api/account/two-factor/disable", null)).AssertProblemAsync(403, "two-factor-mandatory");

        var again = _server.NewClient();
        var outcome = await (await again.PostAsJsonAsync("/api/auth/sign-in", new { email = "clerk2@court.local", password = ServerFactory.DemoPassword })).JsonAsync();
        Assert.True(outcome.GetProperty("twoFactorRequired").GetBoolean());
        await (await again.GetAsync("/api/cases")).AssertProblemAsync(401, "not-signed-in");
        await (await again.PostAsJsonAsync("/api/auth/sign-in/two-factor", new { code = "12345" })).AssertProblemAsync(401, "invalid-two-factor-code");
        var signedIn = await (await again.PostAsJsonAsync("/api/auth/sign-in/two-factor", new { code = Totp.Code(key, DateTimeOffset.UtcNow) })).JsonAsync();
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
            new { code = Totp.Code(setup.GetProperty("sharedKey").GetString()!, DateTimeOffset.UtcNow) })).JsonAsync();
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
