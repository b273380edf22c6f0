using System.Net.Http.Json;
using Mediation.Domain.Access;

namespace Mediation.Server.Tests;

public sealed class RosterApiTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task The_roster_shows_certificates_specialties_and_case_load_and_only_active_mediators_take_cases()
    {
        var @case = await _server.DemoCaseAsync();
        var second = await _server.AddStaffAsync("second-mediator@demo.local", Roles.Mediator, @case.OrganizationId);
        var admin = await _server.SignedInAsync("orgadmin@demo.local");

        var roster = await (await admin.GetAsync("/api/roster")).JsonAsync();
        var wang = roster.EnumerateArray().Single(e => e.GetProperty("displayName").GetString() == "王调解员");
        Assert.Equal("鲁劳调证2026001", wang.GetProperty("certificateNumber").GetString());
        Assert.Equal(1, wang.GetProperty("activeCases").GetInt32());
        Assert.Contains("工伤", wang.GetProperty("specialties").EnumerateArray().Select(s => s.GetString()));

        (await admin.PutAsJsonAsync($"/api/roster/{second.Id}", new { certificateNumber = "鲁劳调证2026002", specialties = new[] { "集体争议" }, status = "Suspended" })).EnsureSuccessStatusCode();
        var version = (await (await admin.GetAsync($"/api/cases/{@case.Id}")).JsonAsync()).GetProperty("case").GetProperty("version").GetGuid();
        await (await admin.PostAsJsonAsync($"/api/cases/{@case.Id}/commands", new { command = "AssignMediator", version, mediatorUserId = second.Id }))
            .AssertProblemAsync(400, "mediator-not-available");

        (await admin.PutAsJsonAsync($"/api/roster/{second.Id}", new { certificateNumber = "鲁劳调证2026002", specialties = new[] { "集体争议" }, status = "Active" })).EnsureSuccessStatusCode();
        var detail = await (await admin.PostAsJsonAsync($"/api/cases/{@case.Id}/commands", new { command = "AssignMediator", version, mediatorUserId = second.Id })).JsonAsync();
        Assert.Equal("second-mediator@demo.local", detail.GetProperty("case").GetProperty("mediatorName").GetString());

        roster = await (await admin.GetAsync("/api/roster")).JsonAsync();
        Assert.Equal(0, roster.EnumerateArray().Single(e => e.GetProperty("displayName").GetString() == "王调解员").GetProperty("activeCases").GetInt32());
    }

    [Fact]
    public async Task Only_the_org_admin_keeps_the_roster()
    {
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        var entries = await (await mediator.GetAsync("/api/roster")).JsonAsync();
        var id = entries[0].GetProperty("userId").GetString();
        await (await mediator.PutAsJsonAsync($"/api/roster/{id}", new { status = "Left" })).AssertProblemAsync(403, "forbidden");
        var clerk = await _server.SignedInAsync("clerk@demo.local");
        await (await clerk.GetAsync("/api/roster")).AssertProblemAsync(403, "organization-required");
        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        await (await admin.PutAsJsonAsync($"/api/roster/{Guid.NewGuid()}", new { status = "Left" })).AssertProblemAsync(404, "mediator-not-found");
        await (await admin.PutAsJsonAsync($"/api/roster/{id}", new { status = "Active", specialties = Enumerable.Range(0, 11).Select(i => $"s{i}") }))
            .AssertProblemAsync(400, "roster-specialties");
    }
}
