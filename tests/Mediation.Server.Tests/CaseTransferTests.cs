using System.Net.Http.Json;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Domain.Organizations;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Server.Tests;

public abstract class CaseTransferTests(DatabaseProvider provider) : IDisposable
{
    private readonly ServerFactory _server = ServerFactory.On(provider);

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task A_court_delegated_case_transfers_carrying_the_court_reference_and_the_court_retrying_finds_the_original()
    {
        var delegated = await _server.DelegatedDemoCaseAsync();
        Guid otherOrganization;
        using (var scope = _server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
            var organization = new MediationOrganization("淄川区劳动人事争议调解中心", OrganizationKind.TownshipLaborMediation, "淄川区", delegated.DelegatingCourtId);
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
            otherOrganization = organization.Id;
        }

        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        var moved = await (await admin.PostAsJsonAsync($"/api/cases/{delegated.Id}/commands",
            new { command = "TransferOut", version = delegated.Version, toOrganizationId = otherOrganization })).JsonAsync();
        Assert.Equal("TransferredOut", moved.GetProperty("case").GetProperty("status").GetString());

        // The court's clerks follow both; the continuation keeps the court's reference.
        var clerk = await _server.SignedInAsync("clerk@demo.local");
        var followed = await (await clerk.GetAsync("/api/cases")).JsonAsync();
        var numbers = followed.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(delegated.Id, numbers);
        var continued = numbers.Single(id => id != delegated.Id);
        var detail = await (await clerk.GetAsync($"/api/cases/{continued}")).JsonAsync();
        Assert.Equal(delegated.CourtReference, detail.GetProperty("courtReference").GetString());
        Assert.Equal(delegated.Id, detail.GetProperty("transferredFromCaseId").GetGuid());
    }

    [Fact]
    public async Task A_transferred_case_continues_as_a_new_application_of_the_receiving_organization()
    {
        Guid otherOrganization;
        using (var scope = _server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
            var organization = new MediationOrganization("淄博市总工会劳动争议调解委员会", OrganizationKind.Industry, "张店区", null);
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
            otherOrganization = organization.Id;
        }

        await _server.AddStaffAsync("other-admin@demo.local", Roles.OrgAdmin, otherOrganization);
        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        var created = await (await admin.PostAsJsonAsync("/api/cases", new
        {
            channel = "Staff",
            subject = "集体欠薪",
            facts = "本组织不受理该行业争议。",
            applicants = new[] { new { kind = "NaturalPerson", name = "冯军", phone = "13200000051" } },
            respondents = new[] { new { kind = "Organization", name = "某建筑公司", phone = "13200000052" } },
            claims = new[] { new { category = "LaborRemuneration", description = "支付工资", amount = 5000m } },
        })).JsonAsync();
        var caseId = created.GetProperty("case").GetProperty("id").GetGuid();
        var version = created.GetProperty("case").GetProperty("version").GetGuid();

        await (await admin.PostAsJsonAsync($"/api/cases/{caseId}/commands", new { command = "TransferOut", version, toOrganizationId = Guid.NewGuid() }))
            .AssertProblemAsync(400, "organization-not-found");
        var moved = await (await admin.PostAsJsonAsync($"/api/cases/{caseId}/commands", new { command = "TransferOut", version, toOrganizationId = otherOrganization })).JsonAsync();
        Assert.Equal("TransferredOut", moved.GetProperty("case").GetProperty("status").GetString());

        var receiver = await _server.SignedInAsync("other-admin@demo.local");
        var list = await (await receiver.GetAsync("/api/cases")).JsonAsync();
        var received = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("Applied", received.GetProperty("status").GetString());
        Assert.EndsWith("第0001号", received.GetProperty("number").GetString(), StringComparison.Ordinal);
        var detail = await (await receiver.GetAsync($"/api/cases/{received.GetProperty("id").GetGuid()}")).JsonAsync();
        Assert.Equal("Transfer", detail.GetProperty("channel").GetString());
        Assert.Equal(caseId, detail.GetProperty("transferredFromCaseId").GetGuid());
        Assert.Equal("支付工资", detail.GetProperty("claims")[0].GetProperty("description").GetString());
        Assert.Equal(2, received.GetProperty("parties").GetArrayLength());

        // The sending organization keeps its closed case, and the receiving one cannot see it.
        await (await receiver.GetAsync($"/api/cases/{caseId}")).AssertProblemAsync(403, "case-forbidden");
    }
}

public sealed class CaseTransferTestsOnSqlite() : CaseTransferTests(DatabaseProvider.Sqlite);

public sealed class CaseTransferTestsOnPostgres() : CaseTransferTests(DatabaseProvider.PostgreSql);
