using System.Diagnostics.Metrics;
using Mediation.Domain.Cases;
using Mediation.Server.Sessions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Server.Tests;

/// <summary>The session hub with the .NET SignalR client: who may join which case's room, and what needs a join.</summary>
public sealed class SessionHubTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    /// <summary>A hub connection carrying <paramref name="client"/>'s cookies (a staff or a party session).</summary>
    private async Task<HubConnection> ConnectAsync(HttpClient? client)
    {
        var cookies = client is null ? "" : await CookiesOfAsync(client);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_server.Server.BaseAddress, "/hubs/session"), o =>
            {
                o.HttpMessageHandlerFactory = _ => _server.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                if (cookies.Length > 0)
                {
                    o.Headers["Cookie"] = cookies;
                }
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>The cookies a test client's handler sends (its staff or party session), read back from a request it made.</summary>
    private static async Task<string> CookiesOfAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response.RequestMessage!.Headers.TryGetValues("Cookie", out var values) ? string.Join("; ", values) : "";
    }

    [Fact]
    public async Task Without_a_session_the_hub_refuses_the_connection()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(null));
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_party_joins_only_its_own_case_and_negotiates_only_after_joining()
    {
        var own = await _server.DemoCaseAsync();
        var foreign = await _server.AddCaseAsync("劳调〔2026〕第0301号", "13600000031");
        var party = await _server.PartyClientAsync(own, PartySide.Applicant);
        await using var connection = await ConnectAsync(party);

        var early = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<object>("Negotiate", new { type = "offer", sdp = "v=0" }));
        Assert.Contains("not-joined", early.Message, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<object>("Join", foreign.Id));
        Assert.Contains("case-forbidden", refused.Message, StringComparison.Ordinal);

        var joined = await connection.InvokeAsync<JoinedSession>("Join", own.Id);
        Assert.Equal("Party", Assert.Single(joined.Participants).Role);
        var bad = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<object>("Negotiate", new { type = "offer", sdp = "not sdp" }));
        Assert.Contains("bad-offer", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_join_only_as_the_organization_admin_or_the_assigned_mediator()
    {
        var own = await _server.DemoCaseAsync();
        await _server.AddStaffAsync("other@demo.local", Domain.Access.Roles.Mediator, own.OrganizationId);
        foreach (var (email, allowed) in new[] { ("mediator@demo.local", true), ("orgadmin@demo.local", true), ("other@demo.local", false), ("clerk@demo.local", false), ("admin@demo.local", false) })
        {
            await using var connection = await ConnectAsync(await _server.SignedInAsync(email));
            if (allowed)
            {
                var joined = await connection.InvokeAsync<JoinedSession>("Join", own.Id);
                Assert.NotEmpty(joined.ParticipantId);
                await connection.InvokeAsync("Leave");
            }
            else
            {
                var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JoinedSession>("Join", own.Id));
                Assert.Contains("case-forbidden", refused.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_second_connection_of_the_same_person_replaces_the_first()
    {
        var own = await _server.DemoCaseAsync();
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        await using var first = await ConnectAsync(mediator);
        var replaced = new TaskCompletionSource();
        first.On("Replaced", () => replaced.TrySetResult());
        await first.InvokeAsync<JoinedSession>("Join", own.Id);
        await using var second = await ConnectAsync(mediator);
        var joined = await second.InvokeAsync<JoinedSession>("Join", own.Id);
        await replaced.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(joined.Participants);
        var stale = await Assert.ThrowsAsync<HubException>(() => first.InvokeAsync<object>("Negotiate", new { type = "offer", sdp = "v=0" }));
        Assert.Contains("not-joined", stale.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Room_statistics_are_for_staff_on_the_case_and_only_while_the_room_is_open()
    {
        var own = await _server.DemoCaseAsync();
        await _server.AddStaffAsync("other@demo.local", Domain.Access.Roles.Mediator, own.OrganizationId);
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        await (await mediator.GetAsync($"/api/cases/{own.Id}/session/stats")).AssertProblemAsync(404, "session-not-open");
        await using var connection = await ConnectAsync(mediator);
        await connection.InvokeAsync<JoinedSession>("Join", own.Id);
        Assert.Equal(200, (int)(await mediator.GetAsync($"/api/cases/{own.Id}/session/stats")).StatusCode);
        await (await (await _server.SignedInAsync("other@demo.local")).GetAsync($"/api/cases/{own.Id}/session/stats")).AssertProblemAsync(403, "case-forbidden");
        Assert.Equal(401, (int)(await (await _server.PartyClientAsync(own, PartySide.Applicant)).GetAsync($"/api/cases/{own.Id}/session/stats")).StatusCode);
    }

    [Fact]
    public async Task Pages_are_asked_to_offer_again_only_when_what_they_may_receive_changed()
    {
        var own = await _server.DemoCaseAsync();
        await using var mediator = await ConnectAsync(await _server.SignedInAsync("mediator@demo.local"));
        await using var party = await ConnectAsync(await _server.PartyClientAsync(own, PartySide.Applicant));
        var asked = new Dictionary<string, int> { ["mediator"] = 0, ["party"] = 0 };
        mediator.On<int, int>("Renegotiate", (_, _) => { lock (asked) { asked["mediator"]++; } });
        party.On<int, int>("Renegotiate", (_, _) => { lock (asked) { asked["party"]++; } });
        await mediator.InvokeAsync<JoinedSession>("Join", own.Id);
        await party.InvokeAsync<JoinedSession>("Join", own.Id);

        // Each publishes audio and video (our client-role peer's offer has the same shape as a browser's).
        using var mediatorPeer = new global::Mediation.Media.Client.WebRtcClient();
        using var partyPeer = new global::Mediation.Media.Client.WebRtcClient();
        await mediator.InvokeAsync<SessionDescription>("Negotiate", new SessionDescription("offer", mediatorPeer.CreateOffer()));
        await party.InvokeAsync<SessionDescription>("Negotiate", new SessionDescription("offer", partyPeer.CreateOffer()));
        await Task.Delay(500);

        // The party learned of the mediator's tracks, the mediator of the party's: once each, and then quiet — no
        // page is asked to renegotiate because another merely did.
        lock (asked)
        {
            Assert.Equal(1, asked["party"]);
            Assert.Equal(1, asked["mediator"]);
        }
    }

    [Fact]
    public async Task Rooms_and_their_tracks_are_published_as_metrics_of_this_server()
    {
        var rooms = _server.Server.Services.GetRequiredService<SessionRooms>();
        var measured = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SessionRooms.MeterName && instrument.Meter.Scope == rooms)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measured[instrument.Name] = value);
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => measured[instrument.Name] = value);
        listener.Start();

        var own = await _server.DemoCaseAsync();
        await using var mediator = await ConnectAsync(await _server.SignedInAsync("mediator@demo.local"));
        await using var party = await ConnectAsync(await _server.PartyClientAsync(own, PartySide.Applicant));
        await mediator.InvokeAsync<JoinedSession>("Join", own.Id);
        await party.InvokeAsync<JoinedSession>("Join", own.Id);
        using var mediatorPeer = new global::Mediation.Media.Client.WebRtcClient();
        using var partyPeer = new global::Mediation.Media.Client.WebRtcClient();
        await mediator.InvokeAsync<SessionDescription>("Negotiate", new SessionDescription("offer", mediatorPeer.CreateOffer()));
        await party.InvokeAsync<SessionDescription>("Negotiate", new SessionDescription("offer", partyPeer.CreateOffer()));

        listener.RecordObservableInstruments();
        Assert.Equal(1, measured["mediation.sfu.rooms"]);
        Assert.Equal(4, measured["mediation.sfu.producers"]); // audio and video from each
        Assert.Contains("mediation.sfu.packets.forwarded", measured.Keys);
        Assert.Contains("mediation.sfu.uplink.nacks", measured.Keys);

        await mediator.InvokeAsync("Leave");
        await party.InvokeAsync("Leave");
        listener.RecordObservableInstruments();
        Assert.Equal(0, measured["mediation.sfu.rooms"]);
        Assert.Equal(0, measured["mediation.sfu.producers"]);
    }

    [Fact]
    public async Task Joining_another_case_leaves_the_room_the_connection_was_in()
    {
        var first = await _server.DemoCaseAsync();
        var second = await _server.AddCaseAsync("劳调〔2026〕第0302号", "13600000032");
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        await using var connection = await ConnectAsync(mediator);
        await connection.InvokeAsync<JoinedSession>("Join", first.Id);
        Assert.Equal(200, (int)(await mediator.GetAsync($"/api/cases/{first.Id}/session/stats")).StatusCode);
        await connection.InvokeAsync<JoinedSession>("Join", second.Id);
        await (await mediator.GetAsync($"/api/cases/{first.Id}/session/stats")).AssertProblemAsync(404, "session-not-open");
        Assert.Equal(200, (int)(await mediator.GetAsync($"/api/cases/{second.Id}/session/stats")).StatusCode);
    }
}
