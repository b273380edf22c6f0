using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mediation.Domain.Cases;
using Mediation.Domain.Sessions;
using Mediation.Server.Sessions;
using Mediation.Server.Sms;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Server.Tests;

/// <summary>Scheduling a session: who may, what the parties are sent, and the session the mediator opens later.</summary>
public sealed class SessionScheduleTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Scheduling_texts_each_party_the_time_and_a_link_of_its_own_and_the_host_opens_that_session()
    {
        var own = await _server.DemoCaseAsync();
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        var startsAt = _server.Time.GetUtcNow().UtcDateTime.AddDays(1).Date.AddHours(1); // 09:00 in China the next day
        var created = await mediator.PostAsJsonAsync($"/api/cases/{own.Id}/sessions", new { startsAtUtc = startsAt });
        Assert.Equal(201, (int)created.StatusCode);
        var summary = (await created.Content.ReadFromJsonAsync<SessionSummary>(Json))!;
        Assert.Equal(2, summary.InvitesSent);

        var outbox = _server.Services.GetRequiredService<DevelopmentSmsSender>().Recent();
        var texts = own.Parties.Select(p => outbox.First(m => m.Phone == p.Phone).Text).ToList();
        Assert.All(texts, t => Assert.Contains("09:00", t, StringComparison.Ordinal));
        Assert.All(texts, t => Assert.Contains("/join#", t, StringComparison.Ordinal));
        Assert.NotEqual(texts[0][texts[0].IndexOf("/join#", StringComparison.Ordinal)..], texts[1][texts[1].IndexOf("/join#", StringComparison.Ordinal)..]);

        // The party's home shows the session to come, then the open one, then the one held.
        var party = await _server.PartyClientAsync(own, PartySide.Applicant);
        async Task<NextSessionView?> NextAsync() => (await party.GetFromJsonAsync<NextSession>($"/api/cases/{own.Id}/sessions/next", Json))!.Session;
        var coming = (await NextAsync())!;
        Assert.Equal((summary.Id, SessionStatus.Scheduled, startsAt), (coming.Id, coming.Status, coming.ScheduledStartUtc));

        // At the time, the mediator joins: the scheduled session opens (no second one is made).
        var connection = await _server.SessionHubAsync(mediator);
        var view = await connection.InvokeAsync<RoomView>("Join", own.Id);
        Assert.Equal(summary.Id.ToString("N"), view.SessionId);
        Assert.Equal(SessionStatus.Open, (await NextAsync())!.Status);

        var sessions = (await mediator.GetFromJsonAsync<List<SessionSummary>>($"/api/cases/{own.Id}/sessions", Json))!;
        var session = Assert.Single(sessions);
        Assert.Equal(SessionStatus.Open, session.Status);
        Assert.Equal("Mediator", Assert.Single(session.Attendance).Role);

        await connection.InvokeAsync("End");
        await connection.DisposeAsync();
        var held = (await NextAsync())!;
        Assert.Equal((summary.Id, SessionStatus.Ended), (held.Id, held.Status));
        Assert.NotNull(held.EndedAtUtc);
    }

    [Fact]
    public async Task A_time_in_the_past_a_party_and_other_staff_are_refused()
    {
        var own = await _server.DemoCaseAsync();
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        await (await mediator.PostAsJsonAsync($"/api/cases/{own.Id}/sessions", new { startsAtUtc = _server.Time.GetUtcNow().UtcDateTime.AddHours(-1) }))
            .AssertProblemAsync(400, "session-time");
        await _server.AddStaffAsync("other@demo.local", Domain.Access.Roles.Mediator, own.OrganizationId);
        var later = new { startsAtUtc = _server.Time.GetUtcNow().UtcDateTime.AddDays(1) };
        await (await (await _server.SignedInAsync("other@demo.local")).PostAsJsonAsync($"/api/cases/{own.Id}/sessions", later)).AssertProblemAsync(403, "case-forbidden");
        Assert.Equal(401, (int)(await (await _server.PartyClientAsync(own, PartySide.Applicant)).PostAsJsonAsync($"/api/cases/{own.Id}/sessions", later)).StatusCode);
        var delegated = await _server.DelegatedDemoCaseAsync();
        await (await (await _server.SignedInAsync("orgadmin@demo.local")).PostAsJsonAsync($"/api/cases/{delegated.Id}/sessions", later))
            .AssertProblemAsync(409, "case-not-in-mediation");
    }
}
