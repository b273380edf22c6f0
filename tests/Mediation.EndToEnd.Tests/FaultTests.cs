using System.Text.Json;
using Mediation.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediation.EndToEnd.Tests;

/// <summary>The server on a PostgreSQL cluster of its own, so a test can crash it, stop it, and stop its database.</summary>
public sealed class FaultyBrowserServer : BrowserServer
{
    private PostgresCluster? _cluster;

    public PostgresCluster Database => _cluster!;

    protected override IEnumerable<string> ExtraArguments => [$"--ConnectionStrings:Mediation={_cluster!.ConnectionString}"];

    public override async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(nameof(FaultyBrowserServer))]
public sealed class FaultyBrowserServerCollection : ICollectionFixture<FaultyBrowserServer>;

/// <summary>
/// Live sessions that survive faults, tried as they happen: a mediator and both parties in Chromium, video flowing, and
/// then the server killed (kill -9) or stopped (SIGTERM) and started again, every page reloading at once, the database
/// stopped and started. Nobody on the pages does anything: they must come back by themselves.
/// </summary>
[Collection(nameof(FaultyBrowserServer))]
public sealed class FaultTests(FaultyBrowserServer server)
{
    /// <summary>Every tile of every page shows a picture that moved after <paramref name="sinceUnixMs"/>.</summary>
    private static async Task<bool> AllMovedSinceAsync(IEnumerable<IPage> pages, long sinceUnixMs, int tiles = 2)
    {
        foreach (var page in pages)
        {
            var moved = await page.EvaluateAsync<long[]>("() => [...document.querySelectorAll('[data-test=tile]')].map(t => Number(t.dataset.lastFrameAt))");
            if (moved.Length != tiles || moved.Any(at => at <= sinceUnixMs))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How long after <paramref name="sinceUnixMs"/> every page's remote video moved again.</summary>
    private static async Task<TimeSpan> WaitForMediaAsync(IReadOnlyList<IPage> pages, long sinceUnixMs, TimeSpan timeout, int tiles = 2)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await AllMovedSinceAsync(pages, sinceUnixMs, tiles))
        {
            if (DateTime.UtcNow > deadline)
            {
                var states = await Task.WhenAll(pages.Select(p => p.EvaluateAsync<string>(
                    "() => JSON.stringify([...document.querySelectorAll('[data-test=tile]')].map(t => ({ ...t.dataset })))")));
                Assert.Fail($"media did not come back within {timeout}: {string.Join(" | ", states)}");
            }

            await Task.Delay(100);
        }

        return TimeSpan.FromMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - sinceUnixMs);
    }

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private async Task<(HttpClient Api, Guid CaseId, List<IPage> Pages)> RoomAsync(string phonePrefix)
    {
        var api = await SessionTests.StaffApiAsync(server, "mediator@demo.local");
        var (caseId, demo) = await SessionTests.RoomCaseAsync(server, phonePrefix);
        var pages = await SessionTests.RoomPagesAsync(server, api, caseId, demo);
        await SessionTests.EnterRoomAsync(pages, caseId);
        await WaitForMediaAsync(pages, 0, TimeSpan.FromSeconds(45));
        return (api, caseId, pages);
    }

    private static async Task<JsonElement> AttendanceAsync(HttpClient api, Guid caseId) =>
        JsonDocument.Parse(await api.GetStringAsync($"/api/cases/{caseId}/sessions")).RootElement[0].GetProperty("attendance");

    [Fact]
    public async Task After_a_crash_and_a_restart_every_page_gets_its_media_back_by_itself_and_the_outage_is_no_time_present()
    {
        var (_, caseId, pages) = await RoomAsync("13700011");
        await server.KillServerAsync();
        var crashedAt = Now;
        // The pages see the loss and say so, rather than showing frozen pictures as fine.
        foreach (var page in pages)
        {
            await Expect(page.Locator("[data-test=reconnecting], [data-test=unreachable]").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await Expect(page.Locator("[data-test=tile-state]").First).Not.ToHaveTextAsync("画面正常");
        }

        // Down for longer than a presence's grace (SessionAttendee.PresenceGrace, 15 s: three heartbeats missed), the
        // presences died with the server; back sooner, a page's return counts as a reload and the time as present.
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, 15_000 - (Now - crashedAt))));
        await server.RestartServerAsync();
        var healthyAt = Now;
        var back = await WaitForMediaAsync(pages, healthyAt, TimeSpan.FromSeconds(30));
        Console.WriteLine($"kill -9: media back on every page {back.TotalMilliseconds:F0} ms after the restarted server was healthy");
        foreach (var page in pages)
        {
            await Expect(page.Locator("[data-test=reconnecting]")).ToHaveCountAsync(0);
        }

        // Everyone is present again, and the time the server was gone (crash to health, at least) is not counted.
        using var api = await SessionTests.StaffApiAsync(server, "mediator@demo.local");
        var attendance = await AttendanceAsync(api, caseId);
        var outage = (healthyAt - crashedAt) / 1000.0;
        foreach (var person in attendance.EnumerateArray())
        {
            Assert.True(person.GetProperty("connected").GetBoolean(), person.ToString());
            var admitted = person.GetProperty("admittedAtUtc").GetDateTimeOffset().ToUnixTimeMilliseconds();
            var present = person.GetProperty("presentSeconds").GetDouble();
            Assert.True(present <= ((Now - admitted) / 1000.0) - outage + 2, $"{person} counts the {outage:F0} s outage");
        }
    }

    [Fact]
    public async Task Every_page_of_a_room_reloading_at_the_same_instant_ends_with_media_every_time()
    {
        var (_, _, pages) = await RoomAsync("13700012");
        for (var round = 1; round <= 3; round++)
        {
            var reloadedAt = Now;
            await Task.WhenAll(pages.Select(p => p.ReloadAsync()));
            var back = await WaitForMediaAsync(pages, reloadedAt, TimeSpan.FromSeconds(40));
            Console.WriteLine($"simultaneous reload {round}: media back on every page after {back.TotalMilliseconds:F0} ms");
            foreach (var page in pages)
            {
                Assert.Equal("1", await page.Locator("[data-test=receiving]").GetAttributeAsync("data-peer-connections"));
            }
        }

        Assert.DoesNotContain("does not match its SDP fingerprint", server.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_ends_the_server_within_its_bound_records_who_left_and_the_next_process_serves_the_room()
    {
        var (api, caseId, pages) = await RoomAsync("13700013");
        var took = await server.TerminateServerAsync(TimeSpan.FromSeconds(10));
        Console.WriteLine($"SIGTERM: exited after {took.TotalMilliseconds:F0} ms");
        Assert.True(took < TimeSpan.FromSeconds(8), $"the server took {took} to stop");
        Assert.Contains("Shutting down: 1 room(s)", server.Process.Output, StringComparison.Ordinal);

        await server.RestartServerAsync();
        var healthyAt = Now;
        // Those who were in the room are recorded as gone when the server stopped, until they come back.
        var back = await WaitForMediaAsync(pages, healthyAt, TimeSpan.FromSeconds(30));
        Console.WriteLine($"SIGTERM and restart: media back {back.TotalMilliseconds:F0} ms after health");
        var attendance = await AttendanceAsync(await SessionTests.StaffApiAsync(server, "mediator@demo.local"), caseId);
        Assert.All(attendance.EnumerateArray(), person => Assert.True(person.GetProperty("connected").GetBoolean(), person.ToString()));
        api.Dispose();
    }

    [Fact]
    public async Task With_the_database_stopped_media_flows_the_page_says_so_in_its_language_and_a_chat_line_is_kept_once_when_sent_again()
    {
        var (api, caseId, pages) = await RoomAsync("13700014");
        var applicant = pages[1];
        await server.Database.StopAsync();
        var stoppedAt = Now;
        try
        {
            // Media does not need the database.
            await WaitForMediaAsync(pages, stoppedAt, TimeSpan.FromSeconds(15));
            await applicant.Locator("textarea[data-test=chat-text]").FillAsync("数据库停止时说的话");
            await applicant.Locator("[data-test=chat-send]").ClickAsync();
            await Expect(applicant.Locator("[data-test=error]")).ToContainTextAsync("暂时无法保存", new() { Timeout = 20_000 });
            await Expect(applicant.Locator("[data-test=chat-line][data-state=failed]")).ToHaveCountAsync(1);
        }
        finally
        {
            await server.Database.StartAgainAsync();
        }

        await server.Process.WaitUntilHealthyAsync(server.BaseUrl + "/readyz", TimeSpan.FromSeconds(30));
        // Sent again, the line goes through; the message goes with the next success.
        await applicant.Locator("[data-test=chat-resend]").ClickAsync();
        await Expect(applicant.Locator("[data-test=chat-line][data-state=kept]")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Expect(applicant.Locator("[data-test=error]")).ToHaveCountAsync(0);
        await Expect(pages[0].Locator("[data-test=chat-line]", new() { HasText = "数据库停止时说的话" })).ToHaveCountAsync(1);
        var record = await api.GetStringAsync($"/api/cases/{caseId}/record");
        Assert.Single(JsonDocument.Parse(record).RootElement.GetProperty("lines").EnumerateArray(), l => l.GetProperty("text").GetString()!.Contains("数据库停止时说的话", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_caucus_stays_isolated_across_a_restart()
    {
        var (_, _, pages) = await RoomAsync("13700015");
        var (mediator, applicant, respondent) = (pages[0], pages[1], pages[2]);
        await mediator.Locator("[data-test=caucus-applicant]").ClickAsync();
        await Expect(respondent.Locator("[data-test=caucus-banner]")).ToBeVisibleAsync();
        await Expect(respondent.Locator("[data-test=tile]")).ToHaveCountAsync(0);

        await server.KillServerAsync();
        await server.RestartServerAsync();
        var healthyAt = Now;
        // The mediator and the applicant see each other again; the respondent, waiting alone, receives nothing of them.
        await WaitForMediaAsync([mediator, applicant], healthyAt, TimeSpan.FromSeconds(30), tiles: 1);
        await Expect(respondent.Locator("[data-test=caucus-banner]")).ToBeVisibleAsync();
        await Task.Delay(2_000);
        Assert.Equal("", await respondent.Locator("[data-test=receiving]").GetAttributeAsync("data-from"));
        await Expect(respondent.Locator("[data-test=tile]")).ToHaveCountAsync(0);
        await mediator.Locator("[data-test=caucus-end]").ClickAsync();
    }
}
