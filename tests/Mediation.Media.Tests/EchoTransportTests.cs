using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mediation.Media.Client;
using Mediation.Media.Echo;
using Mediation.Media.Ice;
using Mediation.Media.Stun;
using Mediation.Media.Transport;
using Mediation.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mediation.Media.Tests;

/// <summary>The whole stack in process: our synthetic peer (client role) against the media server's echo, over
/// real UDP sockets on loopback.</summary>
public sealed class EchoTransportTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly MediaOptions _options = new() { ListenAddress = "127.0.0.1", Port = 0, MaxTransportsPerSource = 3 };
    private readonly MediaServer _server;
    private readonly EchoService _echo;

    public EchoTransportTests()
    {
        _server = new MediaServer(_options, _time, NullLoggerFactory.Instance);
        _echo = new EchoService(_server, _options);
    }

    public void Dispose() => _server.Dispose();

    private async Task<(WebRtcClient Client, WebRtcTransport Transport)> ConnectAsync(string source = "test")
    {
        var client = new WebRtcClient();
        var answer = _echo.Answer(client.CreateOffer(), source, "owner", out _, out var error) ?? throw new InvalidOperationException(error);
        await client.ConnectAsync(answer.Sdp).WaitAsync(TimeSpan.FromSeconds(30));
        var transport = _server.Find(answer.TransportId)!;
        await WaitUntil(() => transport.State == TransportState.Connected);
        return (client, transport);
    }

    private static async Task WaitUntil(Func<bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }

    private static int Rtp(byte[] buffer, ushort seq, uint ssrc, byte payloadType)
    {
        buffer[0] = 0x80;
        buffer[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), seq * 3000u);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
        buffer.AsSpan(12, 200).Fill((byte)seq);
        return 212;
    }

    [Fact]
    public async Task The_echo_sends_every_packet_back_under_the_ssrc_it_announced()
    {
        var (client, transport) = await ConnectAsync();
        using (client)
        {
            var returned = new List<(uint Ssrc, byte Pt, byte Fill)>();
            client.OnRtp = (packet, length) =>
            {
                lock (returned)
                {
                    returned.Add((BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(8)), (byte)(packet[1] & 0x7F), packet[20]));
                }
            };
            var video = client.Streams.Single(s => s.Kind == "video");
            var buffer = new byte[300];
            for (ushort seq = 1; seq <= 50; seq++)
            {
                client.SendRtp(buffer, Rtp(buffer, seq, video.Ssrc, (byte)video.PayloadType));
            }

            await WaitUntil(() => client.RtpReceived >= 50);
            Assert.Equal(50, transport.Counters.PacketsReceived);
            Assert.Equal(50, transport.Counters.PacketsSent);
            Assert.All(returned, r => Assert.NotEqual(video.Ssrc, r.Ssrc));
            Assert.Single(returned.Select(r => r.Ssrc).Distinct());
            Assert.All(returned, r => Assert.Equal(96, r.Pt));
            Assert.Equal(Enumerable.Range(1, 50).Select(i => (byte)i), returned.Select(r => r.Fill).Order());
            Assert.Equal(0, client.SrtpFailures);
        }
    }

    [Fact]
    public async Task Another_address_cannot_take_over_or_inject_into_a_transport()
    {
        var (client, transport) = await ConnectAsync();
        using (client)
        using (var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            attacker.ReceiveTimeout = 2000;
            var target = _server.Port.LocalEndPoint;
            var droppedBefore = _server.Port.Dropped;
            var selected = transport.RemoteEndPoint;

            // Media and DTLS from an unbound address: dropped.
            var junk = new byte[300];
            attacker.SendTo(junk.AsSpan(0, Rtp(junk, 7, 1234, 96)), target);
            junk[0] = 22;
            attacker.SendTo(junk.AsSpan(0, 100), target);
            // A check with the right ufrag but without the password: 401, nothing bound.
            var forged = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, StunMessageBuilder.NewTransactionId())
                .AddUsername($"{transport.Ice.Local.Ufrag}:{transport.Ice.Remote.Ufrag}")
                .AddUseCandidate()
                .AddMessageIntegrity(Encoding.UTF8.GetBytes("guessed-password-0123456"))
                .AddFingerprint().Build();
            attacker.SendTo(forged, target);

            var reply = new byte[600];
            var length = attacker.Receive(reply);
            Assert.Equal(StunParseError.None, StunMessage.TryParse(reply.AsSpan(0, length), out var response));
            Assert.Equal(401, response!.Error!.Value.Code);
            await WaitUntil(() => _server.Port.Dropped >= droppedBefore + 2);
            Assert.Equal(selected, transport.RemoteEndPoint);
            Assert.Equal(0, transport.Counters.PacketsReceived);
        }
    }

    [Fact]
    public async Task Garbage_from_the_bound_peer_counts_as_srtp_failures_and_breaks_nothing()
    {
        var (client, transport) = await ConnectAsync();
        using (client)
        {
            var video = client.Streams.Single(s => s.Kind == "video");
            var buffer = new byte[300];
            var random = new Random(1);
            for (var i = 0; i < 200; i++)
            {
                // Unprotected RTP, random RTCP-typed bytes, truncated headers: all from the bound address.
                var length = Rtp(buffer, (ushort)(100 + i), video.Ssrc, 96);
                if (i % 3 == 1)
                {
                    random.NextBytes(buffer);
                    buffer[0] = 0x80;
                    buffer[1] = 200;
                }

                client.SendRaw(buffer.AsSpan(0, i % 3 == 2 ? 5 : length));
            }

            await WaitUntil(() => transport.Counters.SrtpFailures >= 130);
            client.SendRtp(buffer, Rtp(buffer, 1, video.Ssrc, 96));
            await WaitUntil(() => client.RtpReceived == 1);
            Assert.Equal(TransportState.Connected, transport.State);
            Assert.Equal(0, _server.Port.Errors);
        }
    }

    [Fact]
    public async Task Oversized_datagrams_are_dropped_without_harm()
    {
        var (client, transport) = await ConnectAsync();
        using (client)
        {
            var huge = new byte[9000];
            huge[0] = 0x80;
            huge[1] = 96;
            client.SendRaw(huge);
            var video = client.Streams.Single(s => s.Kind == "video");
            var buffer = new byte[300];
            client.SendRtp(buffer, Rtp(buffer, 5, video.Ssrc, 96));
            await WaitUntil(() => client.RtpReceived == 1);
            Assert.Equal(1, transport.Counters.PacketsReceived);
            Assert.Equal(0, _server.Port.Errors);
        }
    }

    [Fact]
    public async Task The_counters_are_published_as_metrics()
    {
        // Other tests' servers publish the same instruments in this process: this test's server only.
        using var metrics = new MetricsRecorder(MediaServer.MeterName, _server);
        var (client, transport) = await ConnectAsync();
        using (client)
        {
            var video = client.Streams.Single(s => s.Kind == "video");
            var buffer = new byte[300];
            for (ushort seq = 1; seq <= 10; seq++)
            {
                client.SendRtp(buffer, Rtp(buffer, seq, video.Ssrc, 96));
            }

            await WaitUntil(() => client.RtpReceived == 10);
            var measured = metrics.Read();
            Assert.True(measured["mediation.media.transports"] >= 1);
            Assert.True(measured["mediation.media.packets.received"] >= 10);
            Assert.True(measured["mediation.media.packets.sent"] >= 10);
        }
    }

    [Fact]
    public async Task A_transport_whose_consent_lapses_is_closed()
    {
        var (client, transport) = await ConnectAsync();
        using (client)
        {
            _time.Advance(TimeSpan.FromSeconds(31));
            await WaitUntil(() => transport.State == TransportState.Closed);
            Assert.Null(_server.Find(transport.Id));
        }
    }

    [Fact]
    public async Task Consent_checks_keep_a_transport_alive()
    {
        var (client, transport) = await ConnectAsync();
        using (client)
        {
            for (var i = 0; i < 4; i++)
            {
                var before = transport.Ice.LastConsentUtc;
                _time.Advance(TimeSpan.FromSeconds(20));
                client.SendBindingRequest();
                await WaitUntil(() => transport.Ice.LastConsentUtc > before);
            }

            await Task.Delay(1500); // a housekeeping pass
            Assert.Equal(TransportState.Connected, transport.State);
        }
    }

    [Fact]
    public void One_address_may_hold_only_so_many_transports()
    {
        var offer = new WebRtcClient().CreateOffer();
        for (var i = 0; i < _options.MaxTransportsPerSource; i++)
        {
            Assert.NotNull(_echo.Answer(offer, "203.0.113.9", "owner", out _, out _));
        }

        Assert.Null(_echo.Answer(offer, "203.0.113.9", "owner", out var refusal, out var error));
        Assert.Equal(EchoRefusal.AtCapacity, refusal);
        Assert.Contains("Too many", error, StringComparison.Ordinal);
        Assert.NotNull(_echo.Answer(offer, "203.0.113.10", "owner", out _, out _));
    }

    [Fact]
    public void An_ice_restart_renames_the_transport_for_the_port()
    {
        var offer = new WebRtcClient().CreateOffer();
        var answer = _echo.Answer(offer, "test", "owner", out _, out _)!;
        var transport = _server.Find(answer.TransportId)!;
        var old = transport.Ice.Local.Ufrag;
        var fresh = transport.RestartIce(IceCredentials.Generate());
        Assert.NotEqual(old, fresh.Ufrag);
        Assert.Equal(fresh, transport.Ice.Local);
    }
}
