using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Mediation.EndToEnd.Tests;

/// <summary>Our own WebRTC stack against a real, independent peer: Chromium publishes its fake camera and
/// microphone to the echo endpoint and must decode its own media coming back.</summary>
[Collection(nameof(BrowserServer))]
public sealed partial class EchoTests(BrowserServer server)
{
    private const string StartEcho = """
        async () => {
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
          const pc = new RTCPeerConnection();
          stream.getTracks().forEach(t => pc.addTrack(t, stream));
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise(resolve => {
            if (pc.iceGatheringState === 'complete') return resolve();
            pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
          });
          const response = await fetch('/media/echo/offer', {
            method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ type: 'offer', sdp: pc.localDescription.sdp }) });
          const answer = await response.json();
          await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
          window.echo = { answer, stats: null };
          const poll = async () => {
            const report = await pc.getStats();
            const s = { framesDecoded: 0, audioPacketsReceived: 0, rtpPacketsSent: 0, rtpPacketsReceived: 0, state: pc.connectionState };
            report.forEach(x => {
              if (x.type === 'inbound-rtp' && x.kind === 'video') s.framesDecoded += x.framesDecoded || 0;
              if (x.type === 'inbound-rtp' && x.kind === 'audio') s.audioPacketsReceived += x.packetsReceived || 0;
              if (x.type === 'inbound-rtp') s.rtpPacketsReceived += x.packetsReceived || 0;
              if (x.type === 'outbound-rtp') s.rtpPacketsSent += x.packetsSent || 0;
            });
            window.echo.stats = s;
          };
          setInterval(poll, 200);
          return answer.transportId;
        }
        """;

    [Fact]
    public async Task Chromium_decodes_its_own_video_and_hears_its_own_audio_through_our_stack()
    {
        var page = await server.SignedInPageAsync("mediator@demo.local");
        var transportId = await page.EvaluateAsync<string>(StartEcho);
        var answer = await page.EvaluateAsync<string>("() => window.echo.answer.sdp");

        // The answer is ICE-lite and names only the server's own candidates.
        Assert.Contains("a=ice-lite", answer, StringComparison.Ordinal);
        var candidates = Candidate().Matches(answer).Select(m => m.Groups["address"].Value).Distinct().ToList();
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c => Assert.Equal("127.0.0.1", c));

        await page.WaitForFunctionAsync("() => window.echo.stats && window.echo.stats.framesDecoded > 5 && window.echo.stats.audioPacketsReceived > 20",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        var first = await StatsAsync(page);
        await page.WaitForFunctionAsync($"() => window.echo.stats.framesDecoded > {first.FramesDecoded + 10} && window.echo.stats.audioPacketsReceived > {first.AudioPacketsReceived + 25}",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });

        // The server's counters agree with the browser's: what the browser sent, the server received.
        var before = await StatsAsync(page);
        var serverStats = JsonDocument.Parse(await page.EvaluateAsync<string>($"async () => JSON.stringify(await (await fetch('/media/transports/{transportId}/stats')).json())")).RootElement;
        var after = await StatsAsync(page);
        Assert.Equal("Connected", serverStats.GetProperty("state").GetString());
        Assert.Equal("AeadAes128Gcm", serverStats.GetProperty("profile").GetString());
        Assert.Equal(0, serverStats.GetProperty("srtpFailures").GetInt64());
        var received = serverStats.GetProperty("packetsReceived").GetInt64();
        var sent = serverStats.GetProperty("packetsSent").GetInt64();
        // Server counts include RTCP (a few per second), so allow that above the browser's RTP count.
        Assert.InRange(received, (long)(before.RtpPacketsSent * 0.95), after.RtpPacketsSent + 200);
        Assert.InRange(after.RtpPacketsReceived, (long)(sent * 0.9) - 50, sent + 200);
    }

    [Fact]
    public async Task Absurd_offers_get_a_clear_400()
    {
        var page = await server.SignedInPageAsync("mediator@demo.local");
        foreach (var body in new[] { "{\"type\":\"offer\",\"sdp\":\"hello\"}", "{\"type\":\"answer\",\"sdp\":\"v=0\"}", "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 0\\r\\n\"}" })
        {
            var result = await page.EvaluateAsync<string>($"async () => {{ const r = await fetch('/media/echo/offer', {{ method: 'POST', headers: {{ 'Content-Type': 'application/json' }}, body: {JsonSerializer.Serialize(body)} }}); return r.status + ' ' + (await r.json()).code; }}");
            Assert.Equal("400 sdp-invalid", result);
        }
    }

    private sealed class BrowserStats
    {
        public long FramesDecoded { get; set; }
        public long AudioPacketsReceived { get; set; }
        public long RtpPacketsSent { get; set; }
        public long RtpPacketsReceived { get; set; }
    }

    private static async Task<BrowserStats> StatsAsync(IPage page)
    {
        await page.WaitForTimeoutAsync(250); // one poll of getStats
        return await page.EvaluateAsync<BrowserStats>("() => window.echo.stats");
    }

    [GeneratedRegex(@"a=candidate:\S+ 1 udp \d+ (?<address>\S+) (?<port>\d+) typ host")]
    private static partial Regex Candidate();
}
