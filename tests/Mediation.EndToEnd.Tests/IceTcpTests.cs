using System.Text.Json;
using Microsoft.Playwright;

namespace Mediation.EndToEnd.Tests;

/// <summary>A server that announces its passive ICE-TCP candidate alone (Media:OfferUdp=false), as if the network
/// blocked UDP.</summary>
public sealed class TcpOnlyBrowserServer : BrowserServer
{
    protected override IEnumerable<string> ExtraArguments => ["--Media:OfferUdp=false"];
}

[CollectionDefinition(nameof(TcpOnlyBrowserServer))]
public sealed class TcpOnlyBrowserServerCollection : ICollectionFixture<TcpOnlyBrowserServer>;

/// <summary>Chromium reaches the SFU over ICE-TCP (RFC 6544, RFC 4571 framing) and media flows both ways.</summary>
[Collection(nameof(TcpOnlyBrowserServer))]
public sealed class IceTcpTests(TcpOnlyBrowserServer server)
{
    [Fact]
    public async Task With_tcp_alone_three_pages_decode_each_others_video_over_tcp_connections()
    {
        using var mediatorApi = await SessionTests.StaffApiAsync(server, "mediator@demo.local");
        var (caseId, demo) = await SessionTests.RoomCaseAsync(server, "13700003");
        var pages = await SessionTests.RoomPagesAsync(server, mediatorApi, caseId, demo);
        await SessionTests.EnterRoomAsync(pages, caseId);

        foreach (var page in pages)
        {
            await page.WaitForFunctionAsync(SessionTests.BothTilesFlowing, null, new PageWaitForFunctionOptions { Timeout = 45_000 });
        }

        // Every publisher's and every subscriber's connection is the TCP one: no UDP was offered to fall back on.
        var stats = JsonDocument.Parse(await pages[0].EvaluateAsync<string>($"async () => JSON.stringify(await (await fetch('/api/cases/{caseId}/session/stats')).json())")).RootElement;
        var tracks = stats.EnumerateArray().ToList();
        Assert.Equal(6, tracks.Count); // three publishers, audio and video each
        Assert.All(tracks, t => Assert.Equal("Tcp", t.GetProperty("protocol").GetString()));
        var copies = tracks.SelectMany(t => t.GetProperty("copies").EnumerateArray()).ToList();
        Assert.Equal(12, copies.Count);
        Assert.All(copies, c => Assert.Equal("Tcp", c.GetProperty("protocol").GetString()));
        Assert.All(copies, c => Assert.True(c.GetProperty("packets").GetInt64() > 0, c.ToString()));
    }
}
