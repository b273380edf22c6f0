using Mediation.Domain.Cases;
using Mediation.Server.Sessions;
using Mediation.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Server.Tests;

/// <summary>The session hub with the .NET SignalR client: who may join which case's room, and what needs a join.</summary>
public sealed class SessionHubTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    private Task<HubConnection> ConnectAsync(HttpClient? client) => _server.SessionHubAsync(client);

    /// <summary>The case's mediator on the hub, having opened the session by joining it.</summary>
    private async Task<HubConnection> HostAsync(Case @case)
    {
        var mediator = await ConnectAsync(await _server.SignedInAsync("mediator@demo.local"));
        await mediator.InvokeAsync<RoomView>("Join", @case.Id);
        return mediator;
    }

    [Fact]
    public async Task Without_a_session_the_hub_refuses_the_connection()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(null));
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_party_joins_only_its_own_case_waits_in_the_lobby_and_negotiates_only_once_admitted()
    {
        var own = await _server.DemoCaseAsync();
        var foreign = await _server.AddCaseAsync("劳调〔2026〕第0301号", "13600000031");
        await using var connection = await ConnectAsync(await _server.PartyClientAsync(own, PartySide.Applicant));

        await AssertRefusedAsync("not-joined", () => connection.InvokeAsync<object>("Negotiate", new { type = "offer", sdp = "v=0" }));
        await AssertRefusedAsync("case-forbidden", () => connection.InvokeAsync<object>("Join", foreign.Id));

        // Before the mediator opens the session there is nothing to wait in but the "not open yet" screen.
        var early = await connection.InvokeAsync<RoomView>("Join", own.Id);
        Assert.Equal("NotOpen", early.SessionStatus);
        await AssertRefusedAsync("not-admitted", () => connection.InvokeAsync<object>("Negotiate", new { type = "offer", sdp = "v=0" }));
        var synced = new TaskCompletionSource();
        connection.On("Sync", () => synced.TrySetResult());

        await using var mediator = await ConnectAsync(await _server.SignedInAsync("mediator@demo.local"));
        var hostMayReceive = (Audio: 0, Video: 0);
        mediator.On<int, int>("Renegotiate", (a, v) => hostMayReceive = (a, v));
        var hosting = await mediator.InvokeAsync<RoomView>("Join", own.Id);
        Assert.True(hosting.IsHost);
        Assert.Equal("Open", hosting.SessionStatus);
        await synced.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var waiting = await connection.InvokeAsync<RoomView>("Refresh");
        Assert.Equal("Waiting", waiting.You!.Status);
        Assert.False(waiting.IsHost);
        await AssertRefusedAsync("not-admitted", () => connection.InvokeAsync("SendChat", "你好", Guid.NewGuid().ToString("N")));

        // Waiting, the party's camera goes to the host alone, for the identity check: video, no audio.
        using var peer = new global::Mediation.Media.Client.WebRtcClient();
        await connection.InvokeAsync<SessionDescription>("Negotiate", new SessionDescription("offer", peer.CreateOffer()));
        await WaitUntilAsync(() => hostMayReceive == (0, 1));

        // The host sees the lobby; admission needs the identity check.
        var lobby = await mediator.InvokeAsync<RoomView>("Refresh");
        var party = lobby.Attendees.Single(a => a.Role == "Party");
        Assert.Equal("Waiting", party.Status);
        // Beside the camera, the particulars on record to check it against: the name whole, the ID number masked.
        Assert.Equal(("李明", "NaturalPerson", "370***********1239"), (party.Identity!.Name, party.Identity.Kind, party.Identity.IdNumberMasked));
        Assert.All(waiting.Attendees, a => Assert.Null(a.Identity));
        await AssertRefusedAsync("identity-check-required", () => mediator.InvokeAsync("Admit", party.Id, false));

        // Nothing said in the room reaches the lobby: the first line is sent while the party waits, the second once it
        // is in; a connection receives in order, so the first would have come first.
        var heard = new List<string>();
        connection.On<ChatMessage>("Chat", m => { lock (heard) { heard.Add(m.Text); } });
        await mediator.InvokeAsync("SendChat", "候场时说的话", Guid.NewGuid().ToString("N"));
        await mediator.InvokeAsync("Admit", party.Id, true);
        await connection.InvokeAsync<RoomView>("Refresh");
        await mediator.InvokeAsync("SendChat", "进入后说的话", Guid.NewGuid().ToString("N"));
        await WaitUntilAsync(() => { lock (heard) { return heard.Count > 0; } });
        lock (heard)
        {
            Assert.Equal(["进入后说的话"], heard);
        }

        var admitted = await connection.InvokeAsync<RoomView>("Refresh");
        Assert.Equal("Admitted", admitted.You!.Status);
        Assert.True(admitted.You.IdentityChecked);
        await AssertRefusedAsync("bad-offer", () => connection.InvokeAsync<object>("Negotiate", new { type = "offer", sdp = "not sdp" }));

        var record = await (await _server.SignedInAsync("mediator@demo.local")).GetStringAsync($"/api/cases/{own.Id}/record");
        Assert.Contains("在线调解开始", record, StringComparison.Ordinal);
        Assert.Contains("身份核验", record, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_party_cannot_call_the_hosts_controls()
    {
        var own = await _server.DemoCaseAsync();
        await using var mediator = await HostAsync(own);
        await using var party = await ConnectAsync(await _server.PartyClientAsync(own, PartySide.Applicant));
        var view = await party.InvokeAsync<RoomView>("Join", own.Id);
        var self = view.You!.Id;
        await AssertRefusedAsync("host-only", () => party.InvokeAsync("Admit", self, true));
        await AssertRefusedAsync("host-only", () => party.InvokeAsync("Deny", self));
        await AssertRefusedAsync("host-only", () => party.InvokeAsync("Remove", self));
        await AssertRefusedAsync("host-only", () => party.InvokeAsync("Mute", self));
        await AssertRefusedAsync("host-only", () => party.InvokeAsync("AskToUnmute", self));
        await AssertRefusedAsync("host-only", () => party.InvokeAsync("ReadNotices"));
        await AssertRefusedAsync("host-only", () => party.InvokeAsync("StartCaucus", PartySide.Respondent));
        await AssertRefusedAsync("host-only", () => party.InvokeAsync("EndCaucus"));
        await AssertRefusedAsync("host-only", () => party.InvokeAsync("End"));
        await AssertRefusedAsync("attendee-not-found", () => mediator.InvokeAsync("Admit", Guid.NewGuid().ToString("N"), true));
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
                var joined = await connection.InvokeAsync<RoomView>("Join", own.Id);
                Assert.True(joined.IsHost);
                Assert.Equal("Admitted", joined.You!.Status);
                await connection.InvokeAsync("Leave");
            }
            else
            {
                await AssertRefusedAsync("case-forbidden", () => connection.InvokeAsync<RoomView>("Join", own.Id));
            }
        }
    }

    [Fact]
    public async Task A_second_connection_of_the_same_person_replaces_the_first_and_a_reload_needs_no_second_admission()
    {
        var own = await _server.DemoCaseAsync();
        await using var mediator = await HostAsync(own);
        var partyClient = await _server.PartyClientAsync(own, PartySide.Applicant);
        await using var first = await ConnectAsync(partyClient);
        var replaced = new TaskCompletionSource();
        first.On("Replaced", () => replaced.TrySetResult());
        var waiting = await first.InvokeAsync<RoomView>("Join", own.Id);
        await mediator.InvokeAsync("Admit", waiting.You!.Id, true);

        // The page reloads: a new connection of the same party, straight back in, same attendee.
        await using var second = await ConnectAsync(partyClient);
        var back = await second.InvokeAsync<RoomView>("Join", own.Id);
        await replaced.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(("Admitted", waiting.You.Id), (back.You!.Status, back.You.Id));
        await AssertRefusedAsync("not-joined", () => first.InvokeAsync<object>("Negotiate", new { type = "offer", sdp = "v=0" }));

        // The stale connection closing does not mark the person as gone; leaving does.
        await first.StopAsync();
        var seen = await mediator.InvokeAsync<RoomView>("Refresh");
        Assert.True(seen.Attendees.Single(a => a.Role == "Party").Connected);
        await second.InvokeAsync("Leave");
        seen = await mediator.InvokeAsync<RoomView>("Refresh");
        Assert.False(seen.Attendees.Single(a => a.Role == "Party").Connected);
    }

    [Fact]
    public async Task In_a_caucus_each_side_may_receive_only_its_own_room_and_chat_stays_there()
    {
        var own = await _server.DemoCaseAsync();
        await using var mediator = await HostAsync(own);
        var sides = new Dictionary<PartySide, HubConnection>();
        var clients = new Dictionary<PartySide, HttpClient>();
        var wanted = new Dictionary<string, (int Audio, int Video)>();
        var chats = new Dictionary<string, List<string>> { ["mediator"] = [], ["Applicant"] = [], ["Respondent"] = [] };
        mediator.On<ChatMessage>("Chat", m => { lock (chats) { chats["mediator"].Add(m.Text); } });
        mediator.On<int, int>("Renegotiate", (a, v) => { lock (wanted) { wanted["mediator"] = (a, v); } });
        foreach (var side in new[] { PartySide.Applicant, PartySide.Respondent })
        {
            clients[side] = await _server.PartyClientAsync(own, side);
            var connection = await ConnectAsync(clients[side]);
            var name = side.ToString();
            connection.On<ChatMessage>("Chat", m => { lock (chats) { chats[name].Add(m.Text); } });
            connection.On<int, int>("Renegotiate", (a, v) => { lock (wanted) { wanted[name] = (a, v); } });
            var view = await connection.InvokeAsync<RoomView>("Join", own.Id);
            await mediator.InvokeAsync("Admit", view.You!.Id, true);
            sides[side] = connection;
        }

        // Everyone publishes audio and video.
        var peers = new List<global::Mediation.Media.Client.WebRtcClient>();
        foreach (var connection in sides.Values.Prepend(mediator))
        {
            var peer = new global::Mediation.Media.Client.WebRtcClient();
            peers.Add(peer);
            await connection.InvokeAsync<SessionDescription>("Negotiate", new SessionDescription("offer", peer.CreateOffer()));
        }

        await WaitUntilAsync(() => { lock (wanted) { return wanted.GetValueOrDefault("Respondent") == (2, 2); } });

        await mediator.InvokeAsync("StartCaucus", PartySide.Applicant);
        await WaitUntilAsync(() =>
        {
            lock (wanted)
            {
                return wanted.GetValueOrDefault("Respondent") == (0, 0) && wanted.GetValueOrDefault("Applicant") == (1, 1) && wanted.GetValueOrDefault("mediator") == (1, 1);
            }
        });
        var applicantView = await sides[PartySide.Applicant].InvokeAsync<RoomView>("Refresh");
        Assert.Equal("ApplicantCaucus", applicantView.YourSpace);
        await sides[PartySide.Applicant].InvokeAsync("SendChat", "私下说：可以接受八千元", Guid.NewGuid().ToString("N"));
        await sides[PartySide.Respondent].InvokeAsync("SendChat", "我们在等", Guid.NewGuid().ToString("N"));
        await WaitUntilAsync(() => { lock (chats) { return chats["mediator"].Count == 1 && chats["Respondent"].Count == 1; } });
        lock (chats)
        {
            Assert.Equal(["私下说：可以接受八千元"], chats["mediator"]);
            Assert.Equal(["私下说：可以接受八千元"], chats["Applicant"]);
            Assert.Equal(["我们在等"], chats["Respondent"]);
        }

        // What a page reloading in each room is given again: its own room's lines only.
        Assert.Equal(["私下说：可以接受八千元"], (await sides[PartySide.Applicant].InvokeAsync<List<ChatMessage>>("ChatHistory")).Select(m => m.Text));
        Assert.Equal(["我们在等"], (await sides[PartySide.Respondent].InvokeAsync<List<ChatMessage>>("ChatHistory")).Select(m => m.Text));

        // A burst beyond ten lines is refused: each line is a write to the record.
        var refusals = 0;
        for (var i = 0; i < 12; i++)
        {
            try
            {
                await sides[PartySide.Respondent].InvokeAsync("SendChat", $"第{i}条", Guid.NewGuid().ToString("N"));
            }
            catch (HubException e) when (e.Message.Contains("chat-rate-limited", StringComparison.Ordinal))
            {
                refusals++;
            }
        }

        Assert.InRange(refusals, 1, 3);

        // The respondent cannot read the applicant's private line in the record either.
        var respondentRecord = await clients[PartySide.Respondent].GetStringAsync($"/api/cases/{own.Id}/record");
        Assert.DoesNotContain("八千元", respondentRecord, StringComparison.Ordinal);
        Assert.Contains("八千元", await (await _server.SignedInAsync("mediator@demo.local")).GetStringAsync($"/api/cases/{own.Id}/record"), StringComparison.Ordinal);

        await mediator.InvokeAsync("EndCaucus");
        await WaitUntilAsync(() => { lock (wanted) { return wanted.GetValueOrDefault("Respondent") == (2, 2); } });
        Assert.Empty(await sides[PartySide.Applicant].InvokeAsync<List<ChatMessage>>("ChatHistory")); // nothing said in the joint room yet
        foreach (var peer in peers)
        {
            peer.Dispose();
        }

        foreach (var connection in sides.Values)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_shared_agreement_reaches_the_mediators_room_alone_and_its_scroll_position_with_it()
    {
        var own = await _server.DemoCaseAsync();
        await using var mediator = await HostAsync(own);
        var sides = new Dictionary<PartySide, HubConnection>();
        var scrolled = new Dictionary<PartySide, List<double>> { [PartySide.Applicant] = [], [PartySide.Respondent] = [] };
        foreach (var side in new[] { PartySide.Applicant, PartySide.Respondent })
        {
            var connection = await ConnectAsync(await _server.PartyClientAsync(own, side));
            connection.On<double>("DocumentScrolled", p => { lock (scrolled) { scrolled[side].Add(p); } });
            await mediator.InvokeAsync("Admit", (await connection.InvokeAsync<RoomView>("Join", own.Id)).You!.Id, true);
            sides[side] = connection;
        }

        // A scroll position before anything is shown is refused; one past the end is the end.
        Assert.Contains("document-not-shared", (await Assert.ThrowsAsync<HubException>(() => mediator.InvokeAsync("ScrollDocument", 0.2))).Message, StringComparison.Ordinal);
        await mediator.InvokeAsync("ShareDocument");
        await mediator.InvokeAsync("ScrollDocument", 7.0);
        Assert.Equal(1, (await sides[PartySide.Applicant].InvokeAsync<RoomView>("Refresh")).SharedDocument!.Scroll);

        // In the joint room everyone reads it; a scroll reaches both parties and is kept for a page that comes in later.
        await mediator.InvokeAsync("ScrollDocument", 0.4);
        await WaitUntilAsync(() => { lock (scrolled) { return scrolled.Values.All(l => l.Contains(0.4)); } });
        var later = await sides[PartySide.Respondent].InvokeAsync<RoomView>("Refresh");
        Assert.Equal(new SharedDocumentView(1, 0.4), later.SharedDocument);

        // 背对背 with the applicant: the document goes with the mediator; the respondent waiting alone neither sees it
        // nor gets its scrolling.
        await mediator.InvokeAsync("StartCaucus", PartySide.Applicant);
        await mediator.InvokeAsync("ScrollDocument", 0.9);
        await WaitUntilAsync(() => { lock (scrolled) { return scrolled[PartySide.Applicant].Contains(0.9); } });
        Assert.NotNull((await sides[PartySide.Applicant].InvokeAsync<RoomView>("Refresh")).SharedDocument);
        Assert.Null((await sides[PartySide.Respondent].InvokeAsync<RoomView>("Refresh")).SharedDocument);
        lock (scrolled)
        {
            Assert.DoesNotContain(0.9, scrolled[PartySide.Respondent]);
        }

        // Shown again after a change: a new revision, the reading where it was. The first showing alone is in the record.
        await mediator.InvokeAsync("EndCaucus");
        await mediator.InvokeAsync("ShareDocument");
        Assert.Equal(new SharedDocumentView(2, 0.9), (await sides[PartySide.Respondent].InvokeAsync<RoomView>("Refresh")).SharedDocument);
        await mediator.InvokeAsync("StopSharingDocument");
        Assert.Null((await sides[PartySide.Applicant].InvokeAsync<RoomView>("Refresh")).SharedDocument);
        var record = await (await _server.SignedInAsync("mediator@demo.local")).GetStringAsync($"/api/cases/{own.Id}/record");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(record, "展示调解协议文本"));

        foreach (var connection in sides.Values)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_muted_party_is_silenced_at_the_server_its_devices_show_and_notices_are_acknowledged_into_the_record()
    {
        var own = await _server.DemoCaseAsync();
        await using var mediator = await HostAsync(own);
        await using var party = await ConnectAsync(await _server.PartyClientAsync(own, PartySide.Applicant));
        var asked = new TaskCompletionSource();
        party.On("AskedToUnmute", () => asked.TrySetResult());
        var view = await party.InvokeAsync<RoomView>("Join", own.Id);
        await mediator.InvokeAsync("Admit", view.You!.Id, true);
        using var peer = new global::Mediation.Media.Client.WebRtcClient();
        await party.InvokeAsync<SessionDescription>("Negotiate", new SessionDescription("offer", peer.CreateOffer()));

        // The party turns its camera off: the host's tile shows an avatar instead of a frozen frame.
        AttendeeView AsHostSees(RoomView v) => v.Attendees.Single(a => a.Id == view.You!.Id);
        await party.InvokeAsync("SetDevices", true, false);
        var seen = AsHostSees(await mediator.InvokeAsync<RoomView>("Refresh"));
        Assert.Equal((true, false), (seen.MicOn, seen.CameraOn));

        await mediator.InvokeAsync("Mute", view.You.Id);
        // Muted by the mediator, the microphone shows off whatever the party's own switch says.
        Assert.False(AsHostSees(await mediator.InvokeAsync<RoomView>("Refresh")).MicOn);
        var room = _server.Server.Services.GetRequiredService<SessionRooms>().Find(own.Id)!;
        Assert.True(room.Router.Producers.Single(p => p.Kind == global::Mediation.Media.Sfu.MediaKind.Audio && p.Options.StreamId == view.You.Id).Paused);
        Assert.True((await party.InvokeAsync<RoomView>("Refresh")).You!.MutedByMediator);
        await mediator.InvokeAsync("AskToUnmute", view.You.Id);
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(room.Router.Producers.Single(p => p.Kind == global::Mediation.Media.Sfu.MediaKind.Audio && p.Options.StreamId == view.You.Id).Paused);

        await AssertRefusedAsync("no-notices", () => party.InvokeAsync("AcknowledgeNotices"));
        await mediator.InvokeAsync("ReadNotices");
        Assert.True((await party.InvokeAsync<RoomView>("Refresh")).NoticesPending);
        await party.InvokeAsync("AcknowledgeNotices");
        var after = await party.InvokeAsync<RoomView>("Refresh");
        Assert.False(after.NoticesPending);
        Assert.True(after.You!.NoticesAcknowledged);

        await mediator.InvokeAsync("End");
        var record = await (await _server.SignedInAsync("mediator@demo.local")).GetStringAsync($"/api/cases/{own.Id}/record");
        Assert.Contains("虚假调解", record, StringComparison.Ordinal);
        Assert.Contains("确认已知悉上述告知事项", record, StringComparison.Ordinal);
        Assert.Contains("在线调解结束", record, StringComparison.Ordinal);
    }

    private static async Task AssertRefusedAsync(string code, Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<HubException>(call);
        Assert.Contains(code, refused.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Room_statistics_are_for_staff_on_the_case_and_only_while_the_room_is_open()
    {
        var own = await _server.DemoCaseAsync();
        await _server.AddStaffAsync("other@demo.local", Domain.Access.Roles.Mediator, own.OrganizationId);
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        await (await mediator.GetAsync($"/api/cases/{own.Id}/session/stats")).AssertProblemAsync(404, "session-not-open");
        await using var connection = await ConnectAsync(mediator);
        await connection.InvokeAsync<RoomView>("Join", own.Id);
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
        await mediator.InvokeAsync<RoomView>("Join", own.Id);
        await mediator.InvokeAsync("Admit", (await party.InvokeAsync<RoomView>("Join", own.Id)).You!.Id, true);

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
        using var metrics = new MetricsRecorder(SessionRooms.MeterName, _server.Server.Services.GetRequiredService<SessionRooms>());

        var own = await _server.DemoCaseAsync();
        await using var mediator = await ConnectAsync(await _server.SignedInAsync("mediator@demo.local"));
        await using var party = await ConnectAsync(await _server.PartyClientAsync(own, PartySide.Applicant));
        await mediator.InvokeAsync<RoomView>("Join", own.Id);
        await mediator.InvokeAsync("Admit", (await party.InvokeAsync<RoomView>("Join", own.Id)).You!.Id, true);
        using var mediatorPeer = new global::Mediation.Media.Client.WebRtcClient();
        using var partyPeer = new global::Mediation.Media.Client.WebRtcClient();
        await mediator.InvokeAsync<SessionDescription>("Negotiate", new SessionDescription("offer", mediatorPeer.CreateOffer()));
        await party.InvokeAsync<SessionDescription>("Negotiate", new SessionDescription("offer", partyPeer.CreateOffer()));

        var measured = metrics.Read();
        Assert.Equal(1, measured["mediation.sfu.rooms"]);
        Assert.Equal(4, measured["mediation.sfu.producers"]); // audio and video from each
        Assert.Contains("mediation.sfu.packets.forwarded", measured.Keys);
        Assert.Contains("mediation.sfu.uplink.nacks", measured.Keys);

        await mediator.InvokeAsync("Leave");
        await party.InvokeAsync("Leave");
        measured = metrics.Read();
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
        await connection.InvokeAsync<RoomView>("Join", first.Id);
        Assert.Equal(200, (int)(await mediator.GetAsync($"/api/cases/{first.Id}/session/stats")).StatusCode);
        await connection.InvokeAsync<RoomView>("Join", second.Id);
        await (await mediator.GetAsync($"/api/cases/{first.Id}/session/stats")).AssertProblemAsync(404, "session-not-open");
        Assert.Equal(200, (int)(await mediator.GetAsync($"/api/cases/{second.Id}/session/stats")).StatusCode);
    }
}
