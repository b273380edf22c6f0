using System.Net.Http.Json;
using Mediation.Domain.Access;

namespace Mediation.Server.Tests;

public sealed class SignInTests : IClassFixture<SignInTests.Server>
{
    public sealed class Server() : ServerFactory("Development");

    private readonly Server _server;

    public SignInTests(Server server) => _server = server;

    [Fact]
    public async Task Staff_sign_in_opens_a_session_that_knows_the_roles()
    {
        var client = await _server.SignedInAsync("mediator@demo.local");
        var me = await (await client.GetAsync("/api/auth/me")).JsonAsync();
        Assert.Equal("staff", me.GetProperty("kind").GetString());
        Assert.Equal("王调解员", me.GetProperty("displayName").GetString());
        Assert.Equal([Roles.Mediator], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        await client.PostAsync("/api/auth/sign-out", null);
        await (await client.GetAsync("/api/auth/me")).AssertProblemAsync(401, "not-signed-in");
    }

    [Fact]
    public async Task Wrong_passwords_count_down_then_lock_the_account_even_against_the_right_one()
    {
        await _server.AddStaffAsync("lockme@demo.local", Roles.Mediator);
        var client = _server.NewClient();
        for (var left = 4; left >= 1; left--)
        {
            var problem = await (await client.PostAsJsonAsync("/api/auth/sign-in", new { email = "lockme@demo.local", password = "wrong-password" }))
                .AssertProblemAsync(401, "invalid-credentials");
            Assert.Equal(left, problem.GetProperty("attemptsLeft").GetInt32());
        }

        await (await client.PostAsJsonAsync("/api/auth/sign-in", new { email = "lockme@demo.local", password = "wrong-password" }))
            .AssertProblemAsync(423, "account-locked");
        var locked = await (await client.PostAsJsonAsync("/api/auth/sign-in", new { email = "lockme@demo.local", password = ServerFactory.DemoPassword }))
            .AssertProblemAsync(423, "account-locked");
        Assert.True(locked.GetProperty("lockedUntil").GetDateTime() > DateTime.UtcNow.AddMinutes(10));
    }

    [Fact]
    public async Task An_unknown_account_gets_the_same_answer_as_a_wrong_password_without_a_count()
    {
        var problem = await (await _server.NewClient().PostAsJsonAsync("/api/auth/sign-in", new { email = "nobody@demo.local", password = "whatever-1234" }))
            .AssertProblemAsync(401, "invalid-credentials");
        Assert.False(problem.TryGetProperty("attemptsLeft", out _));
    }

    [Fact]
    public async Task Staff_endpoints_answer_an_anonymous_caller_with_a_problem_not_a_redirect()
    {
        var client = _server.NewClient();
        await (await client.GetAsync("/api/cases")).AssertProblemAsync(401, "not-signed-in");
        await (await client.GetAsync($"/api/cases/{Guid.NewGuid()}/invites")).AssertProblemAsync(401, "not-signed-in");
    }

    [Fact]
    public async Task In_development_a_court_clerk_is_not_forced_into_two_factor()
    {
        var client = await _server.SignedInAsync("clerk@demo.local");
        var me = await (await client.GetAsync("/api/auth/me")).JsonAsync();
        Assert.False(me.GetProperty("twoFactorEnrollmentRequired").GetBoolean());
        Assert.Equal(200, (int)(await client.GetAsync("/api/cases")).StatusCode);
    }
}
