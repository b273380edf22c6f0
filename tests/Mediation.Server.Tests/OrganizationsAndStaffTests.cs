using System.Net.Http.Json;

namespace Mediation.Server.Tests;

/// <summary>The platform's register: courts, organizations with their accepted dispute types, and staff accounts.</summary>
public sealed class OrganizationsAndStaffTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    private static object Organization(string name, Guid? courtId, string[]? categories = null, Guid? version = null, bool suspended = false) => new
    {
        name,
        kind = "Industry",
        address = "张店区华光路 1 号",
        contactPhone = "0533-1234567",
        dockingCourtId = courtId,
        acceptedCategories = categories ?? ["LaborRemuneration", "EconomicCompensation"],
        suspended,
        version = version ?? Guid.Empty,
    };

    [Fact]
    public async Task A_platform_admin_registers_a_court_and_an_organization_and_gives_it_its_first_admin()
    {
        var platform = await _server.SignedInAsync("admin@demo.local");
        var court = await (await platform.PostAsJsonAsync("/api/courts", new { name = "淄博市临淄区人民法院", code = "370305" })).JsonAsync();
        await (await platform.PostAsJsonAsync("/api/courts", new { name = "另一法院", code = "370305" })).AssertProblemAsync(409, "court-exists");
        await (await platform.PostAsJsonAsync("/api/courts", new { name = "", code = "a-b" })).AssertProblemAsync(400, "validation-failed");
        var courtId = court.GetProperty("id").GetGuid();

        var response = await platform.PostAsJsonAsync("/api/organizations", Organization("淄博市机械行业劳动争议调解委员会", courtId));
        Assert.Equal(201, (int)response.StatusCode);
        var organization = await response.JsonAsync();
        var organizationId = organization.GetProperty("id").GetGuid();
        Assert.Equal("淄博市临淄区人民法院", organization.GetProperty("dockingCourtName").GetString());
        await (await platform.PostAsJsonAsync("/api/organizations", Organization("淄博市机械行业劳动争议调解委员会", courtId))).AssertProblemAsync(409, "organization-exists");
        await (await platform.PostAsJsonAsync("/api/organizations", Organization("无类型调委会", courtId, []))).AssertProblemAsync(400, "organization-categories");
        await (await platform.PostAsJsonAsync("/api/organizations", Organization("无法院调委会", Guid.NewGuid()))).AssertProblemAsync(400, "validation-failed");

        var created = await platform.PostAsJsonAsync("/api/staff", new
        {
            email = "head@jixie.example",
            displayName = "陈主任",
            role = "OrgAdmin",
            organizationId,
            password = "Jixie@2026!",
        });
        Assert.Equal(201, (int)created.StatusCode);
        var head = await _server.SignedInAsync("head@jixie.example", "Jixie@2026!");

        // The organization's admin creates its mediators, not clerks or platform admins, and only in its own organization.
        var mediator = await head.PostAsJsonAsync("/api/staff", new
        {
            email = "m1@jixie.example",
            displayName = "孙调解员",
            role = "Mediator",
            organizationId = Guid.NewGuid(),
            password = "Jixie@2026!",
        });
        Assert.Equal(201, (int)mediator.StatusCode);
        Assert.Equal(organizationId, (await mediator.JsonAsync()).GetProperty("organizationId").GetGuid());
        await (await head.PostAsJsonAsync("/api/staff", new { email = "c@x.example", displayName = "书记员", role = "CourtClerk", courtId, password = "Jixie@2026!" }))
            .AssertProblemAsync(403, "staff-forbidden");
        var weak = await (await head.PostAsJsonAsync("/api/staff", new { email = "m2@jixie.example", displayName = "弱密码", role = "Mediator", password = "123" }))
            .AssertProblemAsync(400, "validation-failed");
        Assert.True(weak.GetProperty("errors").TryGetProperty("password", out _));
        // A taken address is refused once at the e-mail field (Identity refuses it as e-mail and as user name).
        var taken = await (await head.PostAsJsonAsync("/api/staff", new { email = "m1@jixie.example", displayName = "重复", role = "Mediator", password = "Jixie@2026!" }))
            .AssertProblemAsync(400, "validation-failed");
        Assert.Equal("email-taken", Assert.Single(taken.GetProperty("errors").GetProperty("email").EnumerateArray()).GetProperty("code").GetString());
        var staff = await (await head.GetAsync("/api/staff")).JsonAsync();
        Assert.Equal(["孙调解员", "陈主任"], staff.EnumerateArray().Select(s => s.GetProperty("displayName").GetString()).Order(StringComparer.Ordinal));

        var roster = await (await head.GetAsync("/api/roster")).JsonAsync();
        Assert.Equal("孙调解员", Assert.Single(roster.EnumerateArray()).GetProperty("displayName").GetString());
        var mediatorClient = await _server.SignedInAsync("m1@jixie.example", "Jixie@2026!");
        await (await mediatorClient.GetAsync("/api/staff")).AssertProblemAsync(403, "staff-forbidden");
        await (await mediatorClient.PostAsJsonAsync("/api/organizations", Organization("越权", courtId))).AssertProblemAsync(403, "forbidden");
    }

    [Fact]
    public async Task An_organization_admin_edits_its_own_accepted_types_with_optimistic_concurrency_and_nothing_of_the_register()
    {
        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        var all = await (await admin.GetAsync("/api/organizations")).JsonAsync();
        var own = Assert.Single(all.EnumerateArray());
        var id = own.GetProperty("id").GetGuid();
        var version = own.GetProperty("version").GetGuid();
        var courtId = own.GetProperty("dockingCourtId").GetGuid();

        var updated = await (await admin.PutAsJsonAsync($"/api/organizations/{id}",
            Organization("改名无效", courtId, ["LaborRemuneration", "SocialInsurance"], version, suspended: true))).JsonAsync();
        Assert.Equal(["LaborRemuneration", "SocialInsurance"], updated.GetProperty("acceptedCategories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("淄博市张店区劳动人事争议调解中心", updated.GetProperty("name").GetString());
        Assert.False(updated.GetProperty("suspended").GetBoolean());
        await (await admin.PutAsJsonAsync($"/api/organizations/{id}", Organization("x", courtId, ["Other"], version)))
            .AssertProblemAsync(409, "organization-version-conflict");

        var mediator = await _server.SignedInAsync("mediator@demo.local");
        await (await mediator.PutAsJsonAsync($"/api/organizations/{id}", Organization("x", courtId, ["Other"], updated.GetProperty("version").GetGuid())))
            .AssertProblemAsync(403, "organization-forbidden");

        // The public page now offers only the accepted kinds, and an application outside them is refused by field.
        var page = await (await _server.NewClient().GetAsync($"/api/public/organizations/{id}")).JsonAsync();
        Assert.Equal(2, page.GetProperty("acceptedCategories").GetArrayLength());
        var intake = await admin.PostAsJsonAsync("/api/cases", new
        {
            channel = "Staff",
            subject = "工伤争议",
            facts = "工伤医疗费未报销。",
            applicants = new[] { new { kind = "NaturalPerson", name = "钱伟", phone = "13700000041" } },
            respondents = new[] { new { kind = "Organization", name = "某公司", phone = "13700000042" } },
            claims = new[] { new { category = "WorkInjuryMedicalExpenses", description = "工伤医疗费", amount = 3000m, obligor = "Respondent" } },
        });
        var problem = await intake.AssertProblemAsync(400, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("claims[0].category", out _));
    }

    [Fact]
    public async Task A_disabled_account_is_signed_out_within_a_minute_and_a_password_change_keeps_the_session()
    {
        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        var accounts = await (await admin.GetAsync("/api/staff")).JsonAsync();
        var mediatorId = accounts.EnumerateArray().Single(a => a.GetProperty("role").GetString() == "Mediator").GetProperty("id").GetString();

        await (await admin.PostAsync($"/api/staff/{mediatorId}/disable", null)).EnsureSuccessStatusCodeAsync();
        _server.Time.Advance(TimeSpan.FromMinutes(2)); // past the session recheck interval
        Assert.Equal(401, (int)(await mediator.GetAsync("/api/cases")).StatusCode);
        var signIn = await _server.NewClient().PostAsJsonAsync("/api/auth/sign-in", new { email = "mediator@demo.local", password = ServerFactory.DemoPassword });
        Assert.False(signIn.IsSuccessStatusCode);
        var adminId = accounts.EnumerateArray().Single(a => a.GetProperty("role").GetString() == "OrgAdmin").GetProperty("id").GetString();
        await (await admin.PostAsync($"/api/staff/{adminId}/disable", null)).AssertProblemAsync(409, "staff-self");
        await (await admin.PostAsync($"/api/staff/{mediatorId}/enable", null)).EnsureSuccessStatusCodeAsync();
        Assert.True((await _server.NewClient().PostAsJsonAsync("/api/auth/sign-in", new { email = "mediator@demo.local", password = ServerFactory.DemoPassword })).IsSuccessStatusCode);

        await (await admin.PostAsJsonAsync("/api/account/password", new { currentPassword = "wrong", newPassword = "Another@2026!" }))
            .AssertProblemAsync(400, "validation-failed");
        await (await admin.PostAsJsonAsync("/api/account/password", new { currentPassword = ServerFactory.DemoPassword, newPassword = "Another@2026!" }))
            .EnsureSuccessStatusCodeAsync();
        Assert.Equal(200, (int)(await admin.GetAsync("/api/cases")).StatusCode);
        await _server.SignedInAsync("orgadmin@demo.local", "Another@2026!");
    }
}

internal static class ResponseExtensions
{
    public static async Task EnsureSuccessStatusCodeAsync(this HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
