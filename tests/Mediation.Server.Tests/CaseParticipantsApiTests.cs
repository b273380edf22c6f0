using System.Net.Http.Json;
using System.Text.Json;
using Mediation.Data;
using Mediation.Domain.Cases;

namespace Mediation.Server.Tests;

/// <summary>Agents filed by staff, seen masked by parties; a party's request for another mediator and the answers.</summary>
public abstract class CaseParticipantsApiTests(DatabaseProvider provider) : IDisposable
{
    private readonly ServerFactory _server = ServerFactory.On(provider);

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Staff_file_an_agent_and_the_other_party_sees_who_it_is_but_not_its_phone()
    {
        var @case = await _server.DemoCaseAsync();
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        var applicant = @case.Parties.Single(p => p.Side == PartySide.Applicant);
        var response = await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/agents", new
        {
            partyId = applicant.Id,
            name = "周律师",
            phone = "13600000008",
            idNumber = (string?)null,
            kind = "Lawyer",
            authority = "Special",
            version = @case.Version,
        });
        var detail = await response.JsonAsync();
        var agent = Assert.Single(detail.GetProperty("agents").EnumerateArray());
        Assert.Equal("13600000008", agent.GetProperty("phone").GetString());
        await (await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/agents", new
        {
            partyId = applicant.Id,
            name = "周律师",
            phone = "13600000008",
            kind = "Lawyer",
            authority = "Special",
            version = @case.Version,
        })).AssertProblemAsync(409, "case-version-conflict");
        await (await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/agents", new
        {
            partyId = applicant.Id,
            name = "无号码",
            phone = "12345",
            kind = "CloseRelative",
            authority = "General",
            version = detail.GetProperty("case").GetProperty("version").GetGuid(),
        })).AssertProblemAsync(400, "agent-phone");

        var respondent = await _server.PartyClientAsync(@case, PartySide.Respondent);
        var seen = Assert.Single((await (await respondent.GetAsync($"/api/cases/{@case.Id}")).JsonAsync()).GetProperty("agents").EnumerateArray());
        Assert.Equal(("周律师", "Special", JsonValueKind.Null), (seen.GetProperty("name").GetString(), seen.GetProperty("authority").GetString(),
            seen.GetProperty("phone").ValueKind));
        var represented = await _server.PartyClientAsync(@case, PartySide.Applicant);
        var own = Assert.Single((await (await represented.GetAsync($"/api/cases/{@case.Id}")).JsonAsync()).GetProperty("agents").EnumerateArray());
        Assert.Equal("13600000008", own.GetProperty("phone").GetString());

        var agentId = agent.GetProperty("id").GetGuid();
        var version = detail.GetProperty("case").GetProperty("version").GetGuid();
        var removed = await (await mediator.DeleteAsync($"/api/cases/{@case.Id}/agents/{agentId}?version={version}")).JsonAsync();
        Assert.Empty(removed.GetProperty("agents").EnumerateArray());
    }

    [Fact]
    public async Task A_party_asks_for_another_mediator_and_the_admin_dismisses_it_or_reassigns()
    {
        var @case = await _server.DemoCaseAsync();
        var party = await _server.PartyClientAsync(@case, PartySide.Applicant);
        var asked = await (await party.PostAsJsonAsync($"/api/cases/{@case.Id}/mediator-change-request", new { reason = "调解员与被申请人负责人相识" })).JsonAsync();
        Assert.Equal("调解员与被申请人负责人相识", asked.GetProperty("mediatorChangeRequest").GetProperty("reason").GetString());
        await (await party.PostAsJsonAsync($"/api/cases/{@case.Id}/mediator-change-request", new { reason = "再次" })).AssertProblemAsync(409, "request-pending");

        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        var detail = await (await admin.GetAsync($"/api/cases/{@case.Id}")).JsonAsync();
        var version = detail.GetProperty("case").GetProperty("version").GetGuid();
        var mediatorId = detail.GetProperty("case").GetProperty("mediatorName").GetString();
        await (await admin.PostAsJsonAsync($"/api/cases/{@case.Id}/commands", new { command = "AssignMediator", mediatorUserId = @case.MediatorUserId, version }))
            .AssertProblemAsync(400, "same-mediator");
        var dismissed = await (await admin.PostAsJsonAsync($"/api/cases/{@case.Id}/mediator-change-request/dismiss", new { reason = "经核实无回避事由", version })).JsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, dismissed.GetProperty("mediatorChangeRequest").ValueKind);
        Assert.Equal(mediatorId, dismissed.GetProperty("case").GetProperty("mediatorName").GetString());

        (await party.PostAsJsonAsync($"/api/cases/{@case.Id}/mediator-change-request", new { reason = "仍不同意" })).EnsureSuccessStatusCode();
        var other = await _server.AddStaffAsync("second@demo.local", Domain.Access.Roles.Mediator, @case.OrganizationId);
        detail = await (await admin.GetAsync($"/api/cases/{@case.Id}")).JsonAsync();
        var reassigned = await (await admin.PostAsJsonAsync($"/api/cases/{@case.Id}/commands", new
        {
            command = "AssignMediator",
            mediatorUserId = other.Id,
            version = detail.GetProperty("case").GetProperty("version").GetGuid(),
        })).JsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, reassigned.GetProperty("mediatorChangeRequest").ValueKind);
        var timeline = await (await admin.GetAsync($"/api/cases/{@case.Id}/timeline")).JsonAsync();
        Assert.Equal(["mediator-change-requested", "mediator-change-dismissed", "mediator-change-requested", "AssignMediator"],
            timeline.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).TakeLast(4));
    }
}

public sealed class CaseParticipantsApiTestsOnSqlite() : CaseParticipantsApiTests(DatabaseProvider.Sqlite);

public sealed class CaseParticipantsApiTestsOnPostgres() : CaseParticipantsApiTests(DatabaseProvider.PostgreSql);
