using System.Net.Http.Json;
using Mediation.Domain.Access;
using Mediation.Domain.Cases;
using Mediation.Server.Sessions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Mediation.Server.Tests;

/// <summary>
/// Every method of the live-session hub, called by every kind of caller: the case's host (assigned mediator, the
/// organization's admin), its party admitted and waiting, a party whose invite was revoked, a party of another case,
/// and staff with no relation to the case. Arguments are chosen so that whoever passes authorization meets a rule of
/// the domain instead (an unknown attendee, an offer that is not SDP), so nothing changes for the next caller; the
/// expected answer is the first gate each caller meets.
/// </summary>
public sealed class SessionHubAuthorizationMatrixTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    private static readonly string[] Methods =
    [
        "Refresh", "Negotiate", "Admit", "Deny", "Remove", "Mute", "AskToUnmute", "ReadNotices", "StartCaucus", "EndCaucus",
        "SendChat", "ChatHistory", "RaiseHand", "AcknowledgeNotices", "SetDevices", "ShareDocument", "ScrollDocument", "StopSharingDocument",
    ];

    private static async Task<string> CallAsync(HubConnection connection, string method)
    {
        var nobody = Guid.NewGuid().ToString("N");
        try
        {
            switch (method)
            {
                case "Refresh": await connection.InvokeAsync<RoomView>("Refresh"); break;
                case "Negotiate": await connection.InvokeAsync<SessionDescription>("Negotiate", new SessionDescription("offer", "not sdp")); break;
                case "Admit": await connection.InvokeAsync("Admit", nobody, true); break;
                case "Deny" or "Remove" or "Mute" or "AskToUnmute": await connection.InvokeAsync(method, nobody); break;
                case "StartCaucus": await connection.InvokeAsync("StartCaucus", PartySide.Applicant); break;
                case "SendChat": await connection.InvokeAsync("SendChat", "矩阵测试", Guid.NewGuid().ToString("N")); break;
                case "ChatHistory": await connection.InvokeAsync<List<ChatMessage>>("ChatHistory"); break;
                case "RaiseHand": await connection.InvokeAsync("RaiseHand", false); break;
                case "SetDevices": await connection.InvokeAsync("SetDevices", true, true); break;
                case "ScrollDocument": await connection.InvokeAsync("ScrollDocument", 0.5); break;
                default: await connection.InvokeAsync(method); break;
            }

            return "ok";
        }
        catch (HubException e)
        {
            return e.Message[(e.Message.LastIndexOf(' ') + 1)..];
        }
    }

    [Fact]
    public async Task Every_caller_gets_exactly_what_its_relation_to_the_case_and_its_place_in_the_room_allow()
    {
        var own = await _server.DemoCaseAsync();
        var foreign = await _server.AddCaseAsync("劳调〔2026〕第0401号", "13600000041");
        await _server.AddStaffAsync("unassigned@demo.local", Roles.Mediator, own.OrganizationId);

        // The host opens the session; the applicant is admitted, the respondent waits in the lobby.
        var host = await _server.SessionHubAsync(await _server.SignedInAsync("mediator@demo.local"));
        await host.InvokeAsync<RoomView>("Join", own.Id);
        var admitted = await _server.SessionHubAsync(await _server.PartyClientAsync(own, PartySide.Applicant));
        await host.InvokeAsync("Admit", (await admitted.InvokeAsync<RoomView>("Join", own.Id)).You!.Id, true);
        await host.InvokeAsync("ReadNotices");
        var waiting = await _server.SessionHubAsync(await _server.PartyClientAsync(own, PartySide.Respondent));
        await waiting.InvokeAsync<RoomView>("Join", own.Id);
        var orgAdmin = await _server.SessionHubAsync(await _server.SignedInAsync("orgadmin@demo.local"));
        await orgAdmin.InvokeAsync<RoomView>("Join", own.Id);

        var outsiders = new Dictionary<string, HubConnection>
        {
            ["party of another case"] = await _server.SessionHubAsync(await _server.PartyClientAsync(foreign, PartySide.Applicant)),
            ["unassigned mediator"] = await _server.SessionHubAsync(await _server.SignedInAsync("unassigned@demo.local")),
            ["court clerk"] = await _server.SessionHubAsync(await _server.SignedInAsync("clerk@demo.local")),
            ["platform admin"] = await _server.SessionHubAsync(await _server.SignedInAsync("admin@demo.local")),
        };
        var joins = new Dictionary<string, string>();
        foreach (var (caller, connection) in outsiders)
        {
            joins[caller] = await JoinAsync(connection, own.Id);
        }

        // Expected per method, in the order of Methods.
        var hostRow = new[] { "ok", "bad-offer", "attendee-not-found", "attendee-not-found", "attendee-not-found", "attendee-not-found", "attendee-not-found", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok" };
        const string H = "host-only";
        var expected = new Dictionary<string, (HubConnection Connection, string[] Row)>
        {
            ["assigned mediator"] = (host, hostRow),
            ["organization admin"] = (orgAdmin, hostRow),
            ["admitted party"] = (admitted, ["ok", "bad-offer", H, H, H, H, H, H, H, H, "ok", "ok", "ok", "ok", "ok", H, H, H]),
            // In the lobby the party's camera goes to the host (it negotiates, and says whether it is on), and nothing else
            // of the room is theirs.
            ["waiting party"] = (waiting, ["ok", "bad-offer", H, H, H, H, H, H, H, H, "not-admitted", "not-admitted", "not-admitted", "not-admitted", "ok", H, H, H]),
        };
        foreach (var caller in outsiders.Keys)
        {
            expected[caller] = (outsiders[caller], [.. Methods.Select(_ => "not-joined")]);
        }

        var mismatches = new List<string>();
        foreach (var (caller, join) in joins)
        {
            if (join != "case-forbidden")
            {
                mismatches.Add($"{caller} Join: {join}, expected case-forbidden");
            }
        }

        foreach (var (caller, (connection, row)) in expected)
        {
            for (var i = 0; i < Methods.Length; i++)
            {
                var got = await CallAsync(connection, Methods[i]);
                if (got != row[i])
                {
                    mismatches.Add($"{caller} {Methods[i]}: {got}, expected {row[i]}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));

        // Without a session the hub refuses the connection itself.
        Assert.Contains("401", (await Assert.ThrowsAnyAsync<Exception>(() => _server.SessionHubAsync(null))).Message, StringComparison.Ordinal);

        // A party whose invite is revoked is cut off at once, and cannot come back with the same session.
        var closed = new TaskCompletionSource();
        admitted.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        var mediatorApi = await _server.SignedInAsync("mediator@demo.local");
        var invites = await (await mediatorApi.GetAsync($"/api/cases/{own.Id}/invites")).JsonAsync();
        var applicantId = own.Parties.Single(p => p.Side == PartySide.Applicant).Id;
        foreach (var invite in invites.EnumerateArray().Where(i => i.GetProperty("partyId").GetGuid() == applicantId && i.GetProperty("state").GetString() == "redeemed"))
        {
            (await mediatorApi.PostAsync($"/api/cases/{own.Id}/invites/{invite.GetProperty("id").GetGuid()}/revoke", null)).EnsureSuccessStatusCode();
        }

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // The client sees its connection close before the server has recorded the departure: the host is told soon after.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await host.InvokeAsync<RoomView>("Refresh")).Attendees.Single(a => a.Side == "Applicant").Connected)
        {
            Assert.True(DateTime.UtcNow < deadline, "the host still sees the revoked party connected");
            await Task.Delay(200);
        }

        foreach (var connection in outsiders.Values.Concat([host, admitted, waiting, orgAdmin]))
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_mediator_taken_off_the_case_is_cut_off_at_once_and_refused_on_every_call_after()
    {
        var own = await _server.DemoCaseAsync();
        var other = await _server.AddStaffAsync("second@demo.local", Roles.Mediator, own.OrganizationId);
        var mediatorClient = await _server.SignedInAsync("mediator@demo.local");
        await using var mediator = await _server.SessionHubAsync(mediatorClient);
        await mediator.InvokeAsync<RoomView>("Join", own.Id);
        var closed = new TaskCompletionSource();
        mediator.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        var current = await (await admin.GetAsync($"/api/cases/{own.Id}")).JsonAsync();
        (await admin.PostAsJsonAsync($"/api/cases/{own.Id}/commands", new
        {
            command = "AssignMediator",
            version = current.GetProperty("case").GetProperty("version").GetGuid(),
            mediatorUserId = other.Id,
        })).EnsureSuccessStatusCode();
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // A new connection of the former mediator is refused at the door of the room.
        await using var again = await _server.SessionHubAsync(mediatorClient);
        Assert.Equal("case-forbidden", await JoinAsync(again, own.Id));
    }

    [Fact]
    public async Task One_budget_per_connection_covers_every_method()
    {
        var own = await _server.DemoCaseAsync();
        await using var host = await _server.SessionHubAsync(await _server.SignedInAsync("mediator@demo.local"));
        await host.InvokeAsync<RoomView>("Join", own.Id);
        await using var party = await _server.SessionHubAsync(await _server.PartyClientAsync(own, PartySide.Applicant));
        await host.InvokeAsync("Admit", (await party.InvokeAsync<RoomView>("Join", own.Id)).You!.Id, true);
        var syncs = 0;
        host.On("Sync", () => Interlocked.Increment(ref syncs));

        // Raising and lowering a hand as fast as a script can: the burst passes, then the connection is held back, and
        // the room is not told more often than the budget allows.
        var refused = 0;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < 120; i++)
        {
            refused += await CallAsync(party, "RaiseHand") == "rate-limited" ? 1 : 0;
        }

        // What the budget allows over the time the loop took (it refills every second), and the join's own calls.
        var allowed = SessionHubGuard.Burst + (SessionHubGuard.PerSecond * ((int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds + 1));
        Assert.True(120 - refused <= allowed, $"{120 - refused} of 120 passed, the budget allows {allowed}");
        Assert.True(refused > 0);
        Assert.True(Volatile.Read(ref syncs) <= allowed + 5, $"{syncs} announcements");
    }

    private static async Task<string> JoinAsync(HubConnection connection, Guid caseId)
    {
        try
        {
            await connection.InvokeAsync<RoomView>("Join", caseId);
            return "ok";
        }
        catch (HubException e)
        {
            return e.Message[(e.Message.LastIndexOf(' ') + 1)..];
        }
    }
}
