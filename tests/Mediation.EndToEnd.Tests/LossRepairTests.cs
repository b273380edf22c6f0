using System.Text.Json;
using Microsoft.Playwright;

namespace Mediation.EndToEnd.Tests;

/// <summary>A server that drops 5% of the packets it forwards, on purpose (Media:SimulatedForwardingLoss).</summary>
public sealed class LossyBrowserServer : BrowserServer
{
    protected override IEnumerable<string> ExtraArguments => ["--Media:SimulatedForwardingLoss=0.05"];
}

[CollectionDefinition(nameof(LossyBrowserServer))]
public sealed class LossyBrowserServerCollection : ICollectionFixture<LossyBrowserServer>;

/// <summary>Loss on the way to a subscriber is repaired by NACK from the server's cache: the browser asks, the
/// picture keeps coming, and nothing freezes.</summary>
[Collection(nameof(LossyBrowserServer))]
public sealed class LossRepairTests(LossyBrowserServer server)
{
    [Fact]
    public async Task Dropped_packets_are_asked_for_again_and_the_video_keeps_decoding()
    {
        using var mediatorApi = await SessionTests.StaffApiAsync(server, "mediator@demo.local");
        var (caseId, demo) = await SessionTests.RoomCaseAsync(server, "13700002");
        var pages = await SessionTests.RoomPagesAsync(server, mediatorApi, caseId, demo);
        await SessionTests.EnterRoomAsync(pages, caseId);

        var watcher = pages[0];
        try
        {
            await watcher.WaitForFunctionAsync("""
                () => {
                  const tiles = [...document.querySelectorAll('[data-test=tile]')];
                  return tiles.length === 2 && tiles.every(t => Number(t.dataset.nacks) > 5 && Number(t.dataset.frames) > 30);
                }
                """, null, new PageWaitForFunctionOptions { Timeout = 45_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("the tiles never showed repaired, flowing video: " + await TilesAsync(watcher));
        }

        // Over the next seconds each picture keeps advancing: repaired, not frozen. Chromium counts a freeze when a
        // frame comes much later than the ones before it (webrtc-stats freezeCount); none may start in this window —
        // the start-up, when three pages share two cores with their encoders, is not what is measured.
        var frames = await watcher.EvaluateAsync<int[]>("() => [...document.querySelectorAll('[data-test=tile]')].map(t => Number(t.dataset.frames))");
        var freezes = await watcher.EvaluateAsync<int[]>("() => [...document.querySelectorAll('[data-test=tile]')].map(t => Number(t.dataset.freezes))");
        await watcher.WaitForFunctionAsync($$"""
            () => [...document.querySelectorAll('[data-test=tile]')].every((t, i) => Number(t.dataset.frames) > [{{string.Join(',', frames)}}][i] + 40)
            """, null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        Console.WriteLine("under 5% loss: " + await TilesAsync(watcher));
        Assert.Equal(freezes, await watcher.EvaluateAsync<int[]>("() => [...document.querySelectorAll('[data-test=tile]')].map(t => Number(t.dataset.freezes))"));

        // The server's side of it: the copies it sent were repaired from its cache, not by the publishers.
        var stats = JsonDocument.Parse(await watcher.EvaluateAsync<string>($"async () => JSON.stringify(await (await fetch('/api/cases/{caseId}/session/stats')).json())")).RootElement;
        var copies = stats.EnumerateArray().Where(t => t.GetProperty("kind").GetString() == "Video").SelectMany(t => t.GetProperty("copies").EnumerateArray()).ToList();
        Assert.Equal(6, copies.Count); // three publishers, each to two others
        Assert.All(copies, c => Assert.True(c.GetProperty("retransmitted").GetInt64() > 0, c.ToString()));
    }

    private static Task<string> TilesAsync(IPage page) =>
        page.EvaluateAsync<string>("() => JSON.stringify([...document.querySelectorAll('[data-test=tile]')].map(t => ({ ...t.dataset })))");
}
