using System.Net.Http.Json;
using System.Text.Json;
using Mediation.Data;
using Mediation.Domain.Cases;

namespace Mediation.Server.Tests;

public abstract class CaseLifecycleApiTests(DatabaseProvider provider) : IDisposable
{
    private readonly ServerFactory _server = ServerFactory.On(provider);

    public void Dispose() => _server.Dispose();

    private static async Task<JsonElement> DetailAsync(HttpClient client, Guid caseId) => await (await client.GetAsync($"/api/cases/{caseId}")).JsonAsync();

    private static async Task<HttpResponseMessage> IssueAsync(HttpClient client, Guid caseId, string command, object? extra = null, Guid? version = null)
    {
        var detail = await DetailAsync(client, caseId);
        var body = new Dictionary<string, object?> { ["command"] = command, ["version"] = version ?? detail.GetProperty("case").GetProperty("version").GetGuid() };
        foreach (var property in extra?.GetType().GetProperties() ?? [])
        {
            body[property.Name] = property.GetValue(extra);
        }

        return await client.PostAsJsonAsync($"/api/cases/{caseId}/commands", body);
    }

    [Fact]
    public async Task A_mediation_runs_from_start_to_judicial_confirmation_and_the_log_holds()
    {
        var @case = await _server.DemoCaseAsync();
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        var admin = await _server.SignedInAsync("orgadmin@demo.local");

        var detail = await (await IssueAsync(mediator, @case.Id, "StartMediation")).JsonAsync();
        Assert.Equal("InMediation", detail.GetProperty("case").GetProperty("status").GetString());
        Assert.DoesNotContain("Accept", detail.GetProperty("allowedCommands").EnumerateArray().Select(c => c.GetString()));
        // No typed effective date: an agreement takes effect when the last party signs it, for the mediator and the
        // organization's admin alike.
        Assert.DoesNotContain("RecordAgreement", detail.GetProperty("allowedCommands").EnumerateArray().Select(c => c.GetString()));

        await (await IssueAsync(mediator, @case.Id, "Accept")).AssertProblemAsync(403, "case-command-forbidden");
        await (await IssueAsync(admin, @case.Id, "Accept")).AssertProblemAsync(409, "case-transition-illegal");
        foreach (var staff in new[] { mediator, admin })
        {
            await (await IssueAsync(staff, @case.Id, "RecordAgreement", new { effectiveOn = "2026-12-01" })).AssertProblemAsync(409, "agreement-by-signature");
        }

        await (await IssueAsync(mediator, @case.Id, "Fail")).AssertProblemAsync(400, "termination-reason-required");

        // The agreement also confirms the labour relation, which the application never claimed.
        Assert.DoesNotContain(@case.Claims, c => c.Category == ClaimCategory.ConfirmLaborRelation);
        await _server.AgreementSignedByThePartiesAsync(@case, mediator,
        [
            new { category = "LaborRemuneration", text = "被申请人支付申请人工资18600元。", amount = 18600m, obligor = "Respondent", performBy = (string?)null, method = "银行转账" },
            new { category = "ConfirmLaborRelation", text = "双方确认2025年3月至2026年10月存在劳动关系。", amount = (decimal?)null, obligor = (string?)null, performBy = (string?)null, method = (string?)null },
        ]);
        detail = await (await mediator.GetAsync($"/api/cases/{@case.Id}")).JsonAsync();
        Assert.Equal("AgreementReached", detail.GetProperty("case").GetProperty("status").GetString());
        var today = DateOnly.FromDateTime(_server.Time.GetUtcNow().UtcDateTime.AddHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(today, detail.GetProperty("agreementEffectiveOn").GetString());
        Assert.NotEqual(JsonValueKind.Null, detail.GetProperty("case").GetProperty("deadlines").GetProperty("judicialConfirmationBy").ValueKind);
        // The referral dialog's routes: judicial confirmation open until the date the deadlines name, arbitration
        // closed (it follows a failed mediation or an agreement not performed), with the rule's code.
        var referrals = detail.GetProperty("referrals").EnumerateArray().ToDictionary(r => r.GetProperty("route").GetString()!);
        Assert.True(referrals["JudicialConfirmation"].GetProperty("open").GetBoolean());
        Assert.Equal(detail.GetProperty("case").GetProperty("deadlines").GetProperty("judicialConfirmationBy").GetString(),
            referrals["JudicialConfirmation"].GetProperty("applyBy").GetString());
        Assert.False(referrals["Arbitration"].GetProperty("open").GetBoolean());
        Assert.Equal("referral-not-open", referrals["Arbitration"].GetProperty("closedBecause").GetString());
        // The rules read the agreement's clauses now, not the application's claims (办案规则 art. 75).
        Assert.Equal("referral-confirms-labor-relation", referrals["ArbitrationReview"].GetProperty("closedBecause").GetString());

        detail = await (await IssueAsync(mediator, @case.Id, "Refer", new { route = "JudicialConfirmation" })).JsonAsync();
        Assert.Equal("Referred", detail.GetProperty("case").GetProperty("status").GetString());
        Assert.Equal("JudicialConfirmation", detail.GetProperty("referral").GetString());

        var timeline = await (await admin.GetAsync($"/api/cases/{@case.Id}/timeline")).JsonAsync();
        Assert.True(timeline.GetProperty("intact").GetBoolean());
        var actions = timeline.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["registered", "claim-added", "claim-added", "Accept", "AssignMediator", "StartMediation", "agreement-frozen", "agreement-signed", "agreement-signed",
            "RecordAgreement", "Refer"], actions.Where(a => !a!.StartsWith("invite", StringComparison.Ordinal)));
        // Who acted, in words: the mediator by name, not a user id; the agreement took effect with the last party's signature.
        var entries = timeline.GetProperty("entries").EnumerateArray().ToList();
        var referred = entries.Single(e => e.GetProperty("action").GetString() == "Refer");
        Assert.Equal(("Staff", "王调解员"), (referred.GetProperty("actorKind").GetString(), referred.GetProperty("actorName").GetString()));
        var agreed = entries.Single(e => e.GetProperty("action").GetString() == "RecordAgreement");
        Assert.Equal("Party", agreed.GetProperty("actorKind").GetString());
    }

    [Fact]
    public async Task A_stale_edit_gets_409()
    {
        var @case = await _server.DemoCaseAsync();
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        var stale = (await DetailAsync(mediator, @case.Id)).GetProperty("case").GetProperty("version").GetGuid();
        (await IssueAsync(mediator, @case.Id, "StartMediation")).EnsureSuccessStatusCode();
        await (await IssueAsync(mediator, @case.Id, "Fail", new { terminationReason = "PartyUnreachable" }, stale)).AssertProblemAsync(409, "case-version-conflict");
    }

    [Fact]
    public async Task Only_the_applicant_may_withdraw_as_a_party()
    {
        var @case = await _server.DemoCaseAsync();
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        var applicant = await _server.PartyClientAsync(@case, PartySide.Applicant);
        var respondent = await _server.PartyClientAsync(@case, PartySide.Respondent);
        await (await IssueAsync(respondent, @case.Id, "Withdraw")).AssertProblemAsync(403, "case-command-forbidden");
        await (await IssueAsync(applicant, @case.Id, "StartMediation")).AssertProblemAsync(403, "case-command-forbidden");
        var detail = await (await IssueAsync(applicant, @case.Id, "Withdraw")).JsonAsync();
        Assert.Equal("Withdrawn", detail.GetProperty("case").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_list_pages_filters_and_shows_deadlines()
    {
        // The demo data has 0001 (assigned) and 0002 (delegated by the court, an application).
        for (var i = 3; i <= 26; i++)
        {
            await _server.AddCaseAsync($"劳调〔2026〕第{i:D4}号", "13600000003");
        }

        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        var first = await (await admin.GetAsync("/api/cases?page=1&pageSize=10")).JsonAsync();
        Assert.Equal(26, first.GetProperty("total").GetInt32());
        Assert.False(first.GetProperty("totalIsLowerBound").GetBoolean());
        Assert.Equal(10, first.GetProperty("items").GetArrayLength());
        var third = await (await admin.GetAsync("/api/cases?page=3&pageSize=10")).JsonAsync();
        Assert.Equal(6, third.GetProperty("items").GetArrayLength());
        var found = await (await admin.GetAsync("/api/cases?q=" + Uri.EscapeDataString("第0017号"))).JsonAsync();
        Assert.Equal("劳调〔2026〕第0017号", Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("number").GetString());
        var assigned = await (await admin.GetAsync("/api/cases?status=MediatorAssigned")).JsonAsync();
        Assert.Equal(25, assigned.GetProperty("total").GetInt32());
        var none = await (await admin.GetAsync("/api/cases?status=Archived")).JsonAsync();
        Assert.Equal(0, none.GetProperty("total").GetInt32());
        var deadlines = first.GetProperty("items")[0].GetProperty("deadlines");
        Assert.False(deadlines.GetProperty("mediationLimitPassed").GetBoolean());
        _server.Time.Advance(TimeSpan.FromDays(40));
        admin = await _server.SignedInAsync("orgadmin@demo.local"); // the staff session itself has expired by then
        // An accepted case (the delegated application's 15-day limit has not started), whichever the list shows first
        // among cases registered at the same instant.
        var later = await (await admin.GetAsync("/api/cases?status=MediatorAssigned&page=1&pageSize=1")).JsonAsync();
        Assert.True(later.GetProperty("items")[0].GetProperty("deadlines").GetProperty("mediationLimitPassed").GetBoolean());
    }

}

public sealed class CaseLifecycleApiTestsOnSqlite() : CaseLifecycleApiTests(DatabaseProvider.Sqlite);

public sealed class CaseLifecycleApiTestsOnPostgres() : CaseLifecycleApiTests(DatabaseProvider.PostgreSql);
