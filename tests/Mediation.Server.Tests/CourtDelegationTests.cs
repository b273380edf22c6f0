using System.Net.Http.Json;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Domain.Courts;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Server.Tests;

/// <summary>Intake channel 3: a court delegates a dispute before filing; its clerks follow the case, and only theirs.</summary>
public abstract class CourtDelegationTests(DatabaseProvider provider) : IDisposable
{
    private readonly ServerFactory _server = ServerFactory.On(provider);

    public void Dispose() => _server.Dispose();

    private static object Delegation(Guid organizationId, string reference) => new
    {
        organizationId,
        courtReference = reference,
        subject = "经济补偿争议",
        facts = "被申请人解除劳动合同未支付经济补偿。",
        applicants = new[] { new { kind = "NaturalPerson", name = "冯刚", idNumber = "11010519491231002X", phone = "13700000051", ethnicity = "回族" } },
        respondents = new[] { new { kind = "Organization", name = "淄博某纺织有限公司", phone = "13700000052" } },
        claims = new[] { new { category = "EconomicCompensation", description = "支付经济补偿", amount = 15000m, obligor = "Respondent" } },
    };

    [Fact]
    public async Task A_clerk_delegates_once_per_court_reference_and_the_organization_decides_on_it()
    {
        var clerk = await _server.SignedInAsync("clerk@demo.local");
        var targets = await (await clerk.GetAsync("/api/court/organizations")).JsonAsync();
        var organizationId = Assert.Single(targets.EnumerateArray()).GetProperty("id").GetGuid();

        var first = await clerk.PostAsJsonAsync("/api/court/delegations", Delegation(organizationId, "（2026）鲁0303民诉前调18号"));
        Assert.Equal(201, (int)first.StatusCode);
        var created = await first.JsonAsync();
        Assert.Equal("CourtDelegated", created.GetProperty("channel").GetString());
        Assert.Equal("淄博市张店区人民法院", created.GetProperty("delegatingCourtName").GetString());
        Assert.Equal("Female", created.GetProperty("case").GetProperty("parties")[0].GetProperty("gender").GetString());
        Assert.Empty(created.GetProperty("allowedCommands").EnumerateArray());

        // The docking retries: the same reference is the same dispute.
        var again = await clerk.PostAsJsonAsync("/api/court/delegations", Delegation(organizationId, "（2026）鲁0303民诉前调18号"));
        Assert.Equal(200, (int)again.StatusCode);
        var caseId = created.GetProperty("case").GetProperty("id").GetGuid();
        Assert.Equal(caseId, (await again.JsonAsync()).GetProperty("case").GetProperty("id").GetGuid());

        var mine = await (await clerk.GetAsync("/api/cases")).JsonAsync();
        Assert.Equal(2, mine.GetProperty("total").GetInt32()); // this one and the demo's delegated case
        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        var detail = await (await admin.GetAsync($"/api/cases/{caseId}")).JsonAsync();
        Assert.Equal("（2026）鲁0303民诉前调18号", detail.GetProperty("courtReference").GetString());
        (await admin.PostAsJsonAsync($"/api/cases/{caseId}/commands", new { command = "Accept", version = detail.GetProperty("case").GetProperty("version").GetGuid() }))
            .EnsureSuccessStatusCode();
        var timeline = await (await clerk.GetAsync($"/api/cases/{caseId}/timeline")).JsonAsync();
        Assert.Equal(["registered", "claim-added", "Accept"], timeline.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task A_court_delegates_only_to_organizations_docking_with_it_and_other_courts_see_nothing()
    {
        Guid otherCourt;
        using (var scope = _server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
            var court = new Court("淄博市淄川区人民法院", "370302");
            db.Courts.Add(court);
            await db.SaveChangesAsync();
            otherCourt = court.Id;
        }

        var staff = await _server.AddStaffAsync("clerk2@court.example", Roles.CourtClerk);
        using (var scope = _server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
            (await db.Users.FindAsync(staff.Id))!.CourtId = otherCourt;
            await db.SaveChangesAsync();
        }

        var delegated = await _server.DelegatedDemoCaseAsync();
        var otherClerk = await _server.SignedInAsync("clerk2@court.example");
        Assert.Empty((await (await otherClerk.GetAsync("/api/court/organizations")).JsonAsync()).EnumerateArray());
        await (await otherClerk.PostAsJsonAsync("/api/court/delegations", Delegation(delegated.OrganizationId, "（2026）鲁0302民诉前调1号")))
            .AssertProblemAsync(400, "validation-failed");
        Assert.Equal(0, (await (await otherClerk.GetAsync("/api/cases")).JsonAsync()).GetProperty("total").GetInt32());
        await (await otherClerk.GetAsync($"/api/cases/{delegated.Id}")).AssertProblemAsync(403, "case-forbidden");

        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        Assert.Equal(403, (int)(await admin.PostAsJsonAsync("/api/court/delegations", Delegation(delegated.OrganizationId, "x"))).StatusCode);
    }
}

public sealed class CourtDelegationTestsOnSqlite() : CourtDelegationTests(DatabaseProvider.Sqlite);

public sealed class CourtDelegationTestsOnPostgres() : CourtDelegationTests(DatabaseProvider.PostgreSql);
