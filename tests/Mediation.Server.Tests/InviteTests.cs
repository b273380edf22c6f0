using System.Net.Http.Json;
using System.Text.Json;
using Mediation.Domain.Cases;

namespace Mediation.Server.Tests;

/// <summary>The invite lifecycle: issue, preview, code, redeem once; expired, revoked, reused and wrong-case
/// invites are refused with a clear problem.</summary>
public sealed class InviteTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    private async Task<(Case Case, CaseParty Party, string Token, HttpClient Mediator)> IssueAsync(PartySide side = PartySide.Applicant, Case? forCase = null)
    {
        var @case = forCase ?? await _server.DemoCaseAsync();
        var party = @case.Parties.Single(p => p.Side == side);
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        var issued = await (await mediator.PostAsync($"/api/cases/{@case.Id}/parties/{party.Id}/invites", null)).JsonAsync();
        var link = issued.GetProperty("link").GetString()!;
        Assert.Contains("/join#", link, StringComparison.Ordinal);
        return (@case, party, link[(link.IndexOf('#', StringComparison.Ordinal) + 1)..], mediator);
    }

    private async Task<HttpClient> JoinAsync(string token, string phone)
    {
        var party = _server.NewClient();
        (await party.PostAsJsonAsync("/api/join/code", new { token })).EnsureSuccessStatusCode();
        var joined = await (await party.PostAsJsonAsync("/api/join/verify", new { token, code = _server.LastCodeSentTo(phone) })).JsonAsync();
        Assert.NotEqual(Guid.Empty, joined.GetProperty("caseId").GetGuid());
        return party;
    }

    [Fact]
    public async Task A_party_joins_with_the_link_and_the_code_sent_to_the_phone_on_record()
    {
        var (@case, applicant, token, _) = await IssueAsync();
        var party = _server.NewClient();

        var preview = await (await party.PostAsJsonAsync("/api/join/preview", new { token })).JsonAsync();
        Assert.Equal(@case.Number, preview.GetProperty("caseNumber").GetString());
        Assert.Equal("李*", preview.GetProperty("partyName").GetString());
        Assert.Equal("Applicant", preview.GetProperty("side").GetString());
        Assert.Equal("138****0001", preview.GetProperty("phoneMasked").GetString());

        await (await party.PostAsJsonAsync("/api/join/verify", new { token, code = "123456" })).AssertProblemAsync(400, "code-not-requested");
        var sent = await (await party.PostAsJsonAsync("/api/join/code", new { token })).JsonAsync();
        Assert.Equal(300, sent.GetProperty("expiresInSeconds").GetInt32());
        var code = _server.LastCodeSentTo(applicant.Phone);
        var wrong = code == "000000" ? "000001" : "000000";
        var problem = await (await party.PostAsJsonAsync("/api/join/verify", new { token, code = wrong })).AssertProblemAsync(400, "code-wrong");
        Assert.Equal(4, problem.GetProperty("attemptsLeft").GetInt32());

        (await party.PostAsJsonAsync("/api/join/verify", new { token, code })).EnsureSuccessStatusCode();

        var me = await (await party.GetAsync("/api/auth/me")).JsonAsync();
        Assert.Equal("party", me.GetProperty("kind").GetString());
        Assert.Equal(@case.Id, me.GetProperty("caseId").GetGuid());
        Assert.Equal(applicant.Id, me.GetProperty("partyId").GetGuid());
        var detail = await (await party.GetAsync($"/api/cases/{@case.Id}")).JsonAsync();
        Assert.Equal("Party", detail.GetProperty("viewerRole").GetString());
        // The party's pages give the organization's telephone for questions.
        Assert.Equal(Seeding.DemoData.OrganizationPhone, detail.GetProperty("organizationPhone").GetString());
        var respondent = detail.GetProperty("case").GetProperty("parties").EnumerateArray().Single(p => p.GetProperty("side").GetString() == "Respondent");
        Assert.Equal(JsonValueKind.Null, respondent.GetProperty("phone").ValueKind);
    }

    [Fact]
    public async Task A_used_link_is_refused_on_a_second_device_and_takes_the_first_one_to_its_case()
    {
        var (@case, applicant, token, _) = await IssueAsync();
        var first = await JoinAsync(token, applicant.Phone);
        // The SMS link opened again on the phone that used it: still signed in, so the page goes to the case.
        var again = await (await first.PostAsJsonAsync("/api/join/preview", new { token })).JsonAsync();
        Assert.True(again.GetProperty("signedIn").GetBoolean());
        Assert.Equal(@case.Number, again.GetProperty("caseNumber").GetString());
        (await first.PostAsync("/api/auth/sign-out", null)).EnsureSuccessStatusCode();
        await (await first.PostAsJsonAsync("/api/join/preview", new { token })).AssertProblemAsync(409, "invite-used");

        var other = _server.NewClient();
        await (await other.PostAsJsonAsync("/api/join/preview", new { token })).AssertProblemAsync(409, "invite-used");
        await (await other.PostAsJsonAsync("/api/join/code", new { token })).AssertProblemAsync(409, "invite-used");
    }

    [Fact]
    public async Task Revoking_an_invite_refuses_the_link_and_ends_the_session_it_opened()
    {
        var (@case, applicant, token, mediator) = await IssueAsync();
        var party = await JoinAsync(token, applicant.Phone);
        var invites = await (await mediator.GetAsync($"/api/cases/{@case.Id}/invites")).JsonAsync();
        var redeemed = invites.EnumerateArray().Single(i => i.GetProperty("state").GetString() == "redeemed");

        (await mediator.PostAsync($"/api/cases/{@case.Id}/invites/{redeemed.GetProperty("id").GetGuid()}/revoke", null)).EnsureSuccessStatusCode();

        await (await party.GetAsync("/api/auth/me")).AssertProblemAsync(401, "not-signed-in");
        await (await _server.NewClient().PostAsJsonAsync("/api/join/preview", new { token })).AssertProblemAsync(410, "invite-revoked");
    }

    [Fact]
    public async Task An_invite_expires_after_its_lifetime()
    {
        var (_, _, token, _) = await IssueAsync();
        _server.Time.Advance(TimeSpan.FromDays(7));
        await (await _server.NewClient().PostAsJsonAsync("/api/join/preview", new { token })).AssertProblemAsync(410, "invite-expired");
    }

    [Fact]
    public async Task A_party_session_opens_its_own_case_only()
    {
        var other = await _server.AddCaseAsync("劳调〔2026〕第0101号", "13600000003");
        var (_, applicant, token, _) = await IssueAsync();
        var party = await JoinAsync(token, applicant.Phone);

        await (await party.GetAsync($"/api/cases/{other.Id}")).AssertProblemAsync(403, "case-forbidden");
        await (await party.GetAsync($"/api/cases/{Guid.NewGuid()}")).AssertProblemAsync(403, "case-forbidden");
        // Staff functions are not a party's, even for the party's own case.
        await (await party.GetAsync($"/api/cases/{applicant.CaseId}/invites")).AssertProblemAsync(401, "not-signed-in");
    }

    [Fact]
    public async Task Staff_outside_the_case_cannot_invite()
    {
        var @case = await _server.DemoCaseAsync();
        var clerk = await _server.SignedInAsync("clerk@demo.local");
        await (await clerk.PostAsync($"/api/cases/{@case.Id}/parties/{@case.Parties[0].Id}/invites", null)).AssertProblemAsync(403, "case-forbidden");
        await _server.AddStaffAsync("other-mediator@demo.local", Domain.Access.Roles.Mediator, @case.OrganizationId);
        var otherMediator = await _server.SignedInAsync("other-mediator@demo.local");
        await (await otherMediator.GetAsync($"/api/cases/{@case.Id}")).AssertProblemAsync(403, "case-forbidden");
        var orgAdmin = await _server.SignedInAsync("orgadmin@demo.local");
        (await orgAdmin.GetAsync($"/api/cases/{@case.Id}/invites")).EnsureSuccessStatusCode();
        await (await orgAdmin.PostAsync($"/api/cases/{@case.Id}/parties/{Guid.NewGuid()}/invites", null)).AssertProblemAsync(404, "party-not-found");
    }

    [Fact]
    public async Task An_unknown_or_empty_token_is_not_found()
    {
        var client = _server.NewClient();
        await (await client.PostAsJsonAsync("/api/join/preview", new { token = "not-a-token" })).AssertProblemAsync(404, "invite-not-found");
        await (await client.PostAsJsonAsync("/api/join/code", new { token = "" })).AssertProblemAsync(404, "invite-not-found");
    }

    [Fact]
    public async Task A_code_lives_five_minutes()
    {
        var (_, applicant, token, _) = await IssueAsync();
        var party = _server.NewClient();
        (await party.PostAsJsonAsync("/api/join/code", new { token })).EnsureSuccessStatusCode();
        var code = _server.LastCodeSentTo(applicant.Phone);
        _server.Time.Advance(TimeSpan.FromMinutes(5));
        await (await party.PostAsJsonAsync("/api/join/verify", new { token, code })).AssertProblemAsync(400, "code-expired");
    }

    [Fact]
    public async Task Five_wrong_codes_spend_the_code_and_a_new_one_works()
    {
        var (_, applicant, token, _) = await IssueAsync();
        var party = _server.NewClient();
        (await party.PostAsJsonAsync("/api/join/code", new { token })).EnsureSuccessStatusCode();
        var code = _server.LastCodeSentTo(applicant.Phone);
        var wrong = code == "000000" ? "000001" : "000000";
        for (var i = 0; i < 4; i++)
        {
            await (await party.PostAsJsonAsync("/api/join/verify", new { token, code = wrong })).AssertProblemAsync(400, "code-wrong");
        }

        await (await party.PostAsJsonAsync("/api/join/verify", new { token, code = wrong })).AssertProblemAsync(400, "code-attempts-exhausted");
        await (await party.PostAsJsonAsync("/api/join/verify", new { token, code })).AssertProblemAsync(400, "code-attempts-exhausted");

        _server.Time.Advance(TimeSpan.FromSeconds(61));
        (await party.PostAsJsonAsync("/api/join/code", new { token })).EnsureSuccessStatusCode();
        (await party.PostAsJsonAsync("/api/join/verify", new { token, code = _server.LastCodeSentTo(applicant.Phone) })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Codes_to_one_phone_are_rate_limited()
    {
        var (_, _, token, _) = await IssueAsync(PartySide.Respondent);
        var party = _server.NewClient();
        (await party.PostAsJsonAsync("/api/join/code", new { token })).EnsureSuccessStatusCode();
        var response = await party.PostAsJsonAsync("/api/join/code", new { token });
        var problem = await response.AssertProblemAsync(429, "code-rate-limited");
        Assert.InRange(problem.GetProperty("retryAfterSeconds").GetInt32(), 1, 60);
        Assert.NotNull(response.Headers.RetryAfter);

        for (var i = 0; i < 4; i++)
        {
            _server.Time.Advance(TimeSpan.FromSeconds(61));
            (await party.PostAsJsonAsync("/api/join/code", new { token })).EnsureSuccessStatusCode();
        }

        _server.Time.Advance(TimeSpan.FromSeconds(61));
        var hourly = await (await party.PostAsJsonAsync("/api/join/code", new { token })).AssertProblemAsync(429, "code-rate-limited");
        Assert.True(hourly.GetProperty("retryAfterSeconds").GetInt32() > 60 * 50);
    }
}

public sealed class InviteAddressLimitTests
{
    [Fact]
    public async Task One_address_asking_for_many_codes_is_stopped()
    {
        using var server = new ServerFactory(settings: new Dictionary<string, string?> { ["Invites:CodeRequestsPerAddressPerHour"] = "2" });
        var @case = await server.DemoCaseAsync();
        var mediator = await server.SignedInAsync("mediator@demo.local");
        var client = server.NewClient();
        for (var i = 0; i < 3; i++)
        {
            var party = @case.Parties[i % 2];
            var issued = await (await mediator.PostAsync($"/api/cases/{@case.Id}/parties/{party.Id}/invites", null)).JsonAsync();
            var link = issued.GetProperty("link").GetString()!;
            var response = await client.PostAsJsonAsync("/api/join/code", new { token = link[(link.IndexOf('#', StringComparison.Ordinal) + 1)..] });
            if (i < 2)
            {
                response.EnsureSuccessStatusCode();
            }
            else
            {
                await response.AssertProblemAsync(429, "rate-limited");
                Assert.NotNull(response.Headers.RetryAfter);
            }

            server.Time.Advance(TimeSpan.FromSeconds(61));
        }
    }
}
