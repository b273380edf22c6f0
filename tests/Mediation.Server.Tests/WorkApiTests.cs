using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mediation.Domain.Access;
using Mediation.Domain.Cases;
using Mediation.Server.Work;
using Microsoft.AspNetCore.SignalR.Client;

namespace Mediation.Server.Tests;

/// <summary>A staff member's day (GET /api/work): who may ask, and that each sees only the cases they hold, with the
/// warnings the statutory dates call for as the clock moves on.</summary>
public sealed class WorkApiTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    private static async Task<WorkView> WorkAsync(HttpClient client) => (await client.GetFromJsonAsync<WorkView>("/api/work", Json))!;

    [Fact]
    public async Task Only_staff_ask_and_a_party_or_an_anonymous_caller_is_refused()
    {
        var own = await _server.DemoCaseAsync();
        Assert.Equal(401, (int)(await _server.NewClient().GetAsync("/api/work")).StatusCode);
        Assert.Equal(401, (int)(await (await _server.PartyClientAsync(own, PartySide.Applicant)).GetAsync("/api/work")).StatusCode);

        // A platform admin holds no cases: an empty day, not an error.
        var admin = await WorkAsync(await _server.SignedInAsync("admin@demo.local"));
        Assert.Empty(admin.AwaitingAcceptance);
        Assert.Empty(admin.TodaysSessions);
        Assert.Empty(admin.Warnings);
    }

    [Fact]
    public async Task Each_sees_the_cases_they_hold_and_the_warnings_come_as_the_dates_near()
    {
        var own = await _server.DemoCaseAsync();
        var delegated = await _server.DelegatedDemoCaseAsync();
        await _server.AddStaffAsync("unassigned@demo.local", Roles.Mediator, own.OrganizationId);

        // Today: the delegated application waits for the admin's acceptance, on time; nothing is late yet.
        var today = await WorkAsync(await _server.SignedInAsync("orgadmin@demo.local"));
        var waiting = Assert.Single(today.AwaitingAcceptance);
        Assert.Equal((delegated.Id, false), (waiting.CaseId, waiting.Overdue));
        Assert.Empty(today.Warnings);

        // The mediator opens a session: it is on the mediator's day, not on that of a mediator without the case.
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        var connection = await _server.SessionHubAsync(mediator);
        await connection.InvokeAsync<Sessions.RoomView>("Join", own.Id);
        var session = Assert.Single((await WorkAsync(mediator)).TodaysSessions);
        Assert.Equal(own.Id, session.CaseId);
        Assert.Empty((await WorkAsync(await _server.SignedInAsync("unassigned@demo.local"))).TodaysSessions);
        await connection.InvokeAsync("End");
        await connection.DisposeAsync();

        // A party asks for another mediator: the admin, who decides, is told; the mediator asked about is not.
        var party = await _server.PartyClientAsync(own, PartySide.Applicant);
        Assert.True((await party.PostAsJsonAsync($"/api/cases/{own.Id}/mediator-change-request", new { reason = "调解员与对方相识" })).IsSuccessStatusCode);
        Assert.Contains((await WorkAsync(await _server.SignedInAsync("orgadmin@demo.local"))).Warnings,
            w => w.CaseId == own.Id && w.Kind == WarningKind.MediatorChangeRequested);
        Assert.DoesNotContain((await WorkAsync(mediator)).Warnings, w => w.Kind == WarningKind.MediatorChangeRequested);

        // Twenty days on: the application is past its three working days, the mediation past its fifteen days.
        _server.Time.Advance(TimeSpan.FromDays(20));
        var later = await WorkAsync(await _server.SignedInAsync("orgadmin@demo.local"));
        Assert.True(Assert.Single(later.AwaitingAcceptance).Overdue);
        Assert.Contains(later.Warnings, w => w.CaseId == delegated.Id && w.Kind == WarningKind.AcceptanceOverdue);
        Assert.Contains(later.Warnings, w => w.CaseId == own.Id && w.Kind == WarningKind.MediationLimitPassed);
        // The mediator's warnings are of the mediator's case alone; the application is the admin's to accept.
        var mediatorLater = await WorkAsync(await _server.SignedInAsync("mediator@demo.local"));
        Assert.All(mediatorLater.Warnings, w => Assert.Equal(own.Id, w.CaseId));
        Assert.Empty((await WorkAsync(await _server.SignedInAsync("unassigned@demo.local"))).Warnings);
    }

    [Fact]
    public async Task The_mediation_limit_and_the_window_for_judicial_confirmation_are_warned_of_before_they_pass()
    {
        var own = await _server.DemoCaseAsync();

        // Thirteen days after receipt: two days are left of the fifteen.
        _server.Time.Advance(TimeSpan.FromDays(13));
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        Assert.Contains((await WorkAsync(mediator)).Warnings, w => w.CaseId == own.Id && w.Kind == WarningKind.MediationLimitNear);

        // An agreement today: thirty days to apply for judicial confirmation; a week before they end, a warning.
        async Task IssueAsync(object command)
        {
            var version = (await mediator.GetFromJsonAsync<JsonElement>($"/api/cases/{own.Id}", Json)).GetProperty("case").GetProperty("version").GetGuid();
            var body = JsonSerializer.SerializeToNode(command)!.AsObject();
            body["version"] = version;
            (await mediator.PostAsJsonAsync($"/api/cases/{own.Id}/commands", body)).EnsureSuccessStatusCode();
        }

        await IssueAsync(new { command = "StartMediation" });
        await _server.AgreementSignedByThePartiesAsync(await _server.CaseByNumberAsync(own.Number), mediator);
        Assert.DoesNotContain((await WorkAsync(mediator)).Warnings, w => w.CaseId == own.Id);
        _server.Time.Advance(TimeSpan.FromDays(25));
        var near = Assert.Single((await WorkAsync(await _server.SignedInAsync("mediator@demo.local"))).Warnings, w => w.CaseId == own.Id);
        Assert.Equal(WarningKind.JudicialConfirmationNear, near.Kind);
    }
}
