using System.Net.Http.Json;
using System.Text.Json;
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

    private static async Task<string> CodeOfAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString()!;

    [Fact]
    public async Task Wrong_passwords_lock_out_the_address_they_came_from_and_the_holder_signs_in_elsewhere_and_is_told()
    {
        await _server.AddStaffAsync("lockme@demo.local", Roles.Mediator);
        var attacker = _server.ClientFrom("203.0.113.9");
        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await CodeOfAsync(await attacker.PostAsJsonAsync("/api/auth/sign-in", new { email = "lockme@demo.local", password = "wrong-password" })));
        }

        Assert.Equal(["invalid-credentials", "invalid-credentials", "invalid-credentials", "invalid-credentials", "sign-in-locked"], answers);
        // Locked out of this account from there, even with the right password…
        var locked = await (await attacker.PostAsJsonAsync("/api/auth/sign-in", new { email = "lockme@demo.local", password = ServerFactory.DemoPassword }))
            .AssertProblemAsync(429, "sign-in-locked");
        Assert.True(locked.GetProperty("lockedUntil").GetDateTime() > _server.Time.GetUtcNow().UtcDateTime.AddMinutes(10));

        // …but the holder, from their own address, signs in, and hears of the five attempts.
        var holder = _server.ClientFrom("198.51.100.20");
        var outcome = await (await holder.PostAsJsonAsync("/api/auth/sign-in", new { email = "lockme@demo.local", password = ServerFactory.DemoPassword })).JsonAsync();
        Assert.Equal(5, outcome.GetProperty("notice").GetProperty("failedAttempts").GetInt32());
        var again = await (await _server.ClientFrom("198.51.100.20").PostAsJsonAsync("/api/auth/sign-in",
            new { email = "lockme@demo.local", password = ServerFactory.DemoPassword })).JsonAsync();
        Assert.Equal(JsonValueKind.Null, again.GetProperty("notice").ValueKind); // told once

        // The lock ends with its time.
        _server.Time.Advance(TimeSpan.FromMinutes(16));
        await (await attacker.PostAsJsonAsync("/api/auth/sign-in", new { email = "lockme@demo.local", password = ServerFactory.DemoPassword })).JsonAsync();
    }

    [Fact]
    public async Task An_unknown_account_answers_exactly_like_a_known_one_and_costs_as_long()
    {
        await _server.AddStaffAsync("known@demo.local", Roles.Mediator);
        var known = (Client: _server.ClientFrom("203.0.113.30"), Answers: new List<string>(), Millis: new List<double>());
        var unknown = (Client: _server.ClientFrom("203.0.113.31"), Answers: new List<string>(), Millis: new List<double>());
        async Task TryAsync((HttpClient Client, List<string> Answers, List<double> Millis) caller, string email)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var response = await caller.Client.PostAsJsonAsync("/api/auth/sign-in", new { email, password = "wrong-password-1" });
            caller.Millis.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var body = await response.Content.ReadAsStringAsync();
            caller.Answers.Add($"{(int)response.StatusCode} {await CodeOfAsync(response)} {body.Contains("attemptsLeft", StringComparison.Ordinal)}");
        }

        // Turn about, so both see the same load on the machine (a run beside other tests' processes).
        for (var i = 0; i < 6; i++)
        {
            await TryAsync(known, "known@demo.local");
            await TryAsync(unknown, "nobody@demo.local");
        }

        Assert.Equal(known.Answers, unknown.Answers);
        // The password check is the costly part of a sign-in, and an unknown account pays for one too: the medians of the
        // first four tries (before either address is locked) within a factor of three, where a skipped check is ten or more.
        static double Median(IEnumerable<double> values) => values.Take(4).Order().ElementAt(2);
        Assert.InRange(Median(unknown.Millis) / Median(known.Millis), 1 / 3.0, 3.0);
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

    [Fact]
    public async Task Sign_in_attempts_from_one_address_are_limited_per_minute()
    {
        using var server = new ServerFactory(settings: new Dictionary<string, string?> { ["Security:SignInsPerAddressPerMinute"] = "3" });
        var client = server.ClientFrom("203.0.113.50");
        for (var i = 0; i < 3; i++)
        {
            await (await client.PostAsJsonAsync("/api/auth/sign-in", new { email = $"guess{i}@demo.local", password = "x-password-1" }))
                .AssertProblemAsync(401, "invalid-credentials");
        }

        var limited = await client.PostAsJsonAsync("/api/auth/sign-in", new { email = "mediator@demo.local", password = ServerFactory.DemoPassword });
        await limited.AssertProblemAsync(429, "rate-limited");
        Assert.NotNull(limited.Headers.RetryAfter);
        // Another address is not affected.
        Assert.Equal(200, (int)(await server.ClientFrom("198.51.100.51").PostAsJsonAsync("/api/auth/sign-in",
            new { email = "mediator@demo.local", password = ServerFactory.DemoPassword })).StatusCode);
    }
}
