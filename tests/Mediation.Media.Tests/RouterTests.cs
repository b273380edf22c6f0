using System.Buffers.Binary;
using Mediation.Media.Client;
using Mediation.Media.Echo;
using Mediation.Media.Rtcp;
using Mediation.Media.Sfu;
using Mediation.Media.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mediation.Media.Tests;

/// <summary>The forwarding rules of the SFU, with our synthetic peers over real UDP on loopback: who gets what,
/// rewriting, continuity across a replaced producer, NACK from the cache (plain and RTX), key-frame throttling.</summary>
public sealed class RouterTests : IDisposable
{
    private const uint ConsumerSsrc = 0xB0B0_0001;
    private readonly MediaOptions _options = new() { ListenAddress = "127.0.0.1", Port = 0, MaxTransportsPerSource = 10 };
    private readonly MediaServer _server;
    private readonly EchoService _transports;
    private readonly List<WebRtcClient> _clients = [];
    private readonly Router _router = new();

    public RouterTests()
    {
        _server = new MediaServer(_options, new FakeTimeProvider(DateTimeOffset.UtcNow), NullLoggerFactory.Instance);
        // The echo's offer/answer makes a connected transport; attaching it to a router takes its packets over.
        _transports = new EchoService(_server, _options);
    }

    public void Dispose()
    {
        _router.Dispose();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _server.Dispose();
    }

    private sealed class Peer(WebRtcClient client, WebRtcTransport transport)
    {
        public WebRtcClient Client { get; } = client;
        public WebRtcTransport Transport { get; } = transport;
        public List<byte[]> Rtp { get; } = [];
        public List<byte[]> Rtcp { get; } = [];
        public ClientStream Video => Client.Streams.Single(s => s.Kind == "video");

        public List<byte[]> RtpSnapshot()
        {
            lock (Rtp)
            {
                return [.. Rtp];
            }
        }

        public int PictureLossCount()
        {
            lock (Rtcp)
            {
                var count = 0;
                foreach (var compound in Rtcp)
                {
                    var offset = 0;
                    while (RtcpHeader.TryReadNext(compound, ref offset, out var packet))
                    {
                        count += packet.IsKeyFrameRequest ? 1 : 0;
                    }
                }

                return count;
            }
        }
    }

    private async Task<Peer> JoinAsync(Router? router = null)
    {
        var client = new WebRtcClient();
        _clients.Add(client);
        var answer = _transports.Answer(client.CreateOffer(), "test", "owner", out _, out var error) ?? throw new InvalidOperationException(error);
        await client.ConnectAsync(answer.Sdp).WaitAsync(TimeSpan.FromSeconds(30));
        var transport = _server.Find(answer.TransportId)!;
        await WaitUntil(() => transport.State == TransportState.Connected);
        transport.ExpiresUtc = null;
        Assert.True((router ?? _router).Attach(transport).IsOk);
        var peer = new Peer(client, transport);
        client.OnRtp = (packet, length) =>
        {
            lock (peer.Rtp)
            {
                peer.Rtp.Add(packet.AsSpan(0, length).ToArray());
            }
        };
        client.OnRtcp = (packet, length) =>
        {
            lock (peer.Rtcp)
            {
                peer.Rtcp.Add(packet.AsSpan(0, length).ToArray());
            }
        };
        return peer;
    }

    private static Producer Publish(Router router, Peer peer) =>
        router.Produce(peer.Transport, new ProducerOptions(MediaKind.Video, peer.Video.Ssrc, (byte)peer.Video.PayloadType, 90000, peer.Video.Mid)).Value!;

    private static void SendVideo(Peer peer, ushort sequence, uint timestamp)
    {
        var buffer = new byte[300];
        buffer[0] = 0x80;
        buffer[1] = (byte)peer.Video.PayloadType;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), peer.Video.Ssrc);
        buffer.AsSpan(12, 200).Fill((byte)sequence);
        peer.Client.SendRtp(buffer, 212);
    }

    private static void SendRtcp(Peer peer, Func<byte[], int> write)
    {
        var buffer = new byte[256];
        peer.Client.SendRtcp(buffer, write(buffer));
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

    private static (uint Ssrc, byte PayloadType, ushort Sequence, uint Timestamp, byte Fill) Read(byte[] packet) =>
        (BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(8)), (byte)(packet[1] & 0x7F), BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)),
            BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4)), packet[20]);

    [Fact]
    public async Task Only_a_consumer_receives_a_track_rewritten_to_what_its_subscriber_negotiated()
    {
        var a = await JoinAsync();
        var b = await JoinAsync();
        var c = await JoinAsync();
        var video = Publish(_router, a);
        Assert.True(_router.Consume(b.Transport, video, new ConsumerOptions(ConsumerSsrc, 100)).IsOk);

        for (ushort seq = 1; seq <= 40; seq++)
        {
            SendVideo(a, seq, seq * 3000u);
        }

        await WaitUntil(() => b.RtpSnapshot().Count == 40);
        Assert.All(b.RtpSnapshot().Select(Read), p => Assert.Equal((ConsumerSsrc, (byte)100), (p.Ssrc, p.PayloadType)));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (ushort)i), b.RtpSnapshot().Select(p => Read(p).Sequence));
        Assert.Equal((byte)7, Read(b.RtpSnapshot()[6]).Fill);
        await Task.Delay(200);
        Assert.Empty(c.RtpSnapshot());
        Assert.Empty(a.RtpSnapshot());
        Assert.Equal(40, video.Packets);
        Assert.Equal(40, _router.Consumers.Single().Packets);
    }

    [Fact]
    public async Task No_consumer_can_exist_across_rooms_or_back_to_the_publisher()
    {
        using var otherRoom = new Router();
        var a = await JoinAsync();
        var b = await JoinAsync(otherRoom);
        var video = Publish(_router, a);
        Assert.Equal("transport-not-attached", _router.Consume(b.Transport, video, new ConsumerOptions(ConsumerSsrc, 96)).ErrorCode);
        Assert.Equal("producer-not-found", otherRoom.Consume(b.Transport, video, new ConsumerOptions(ConsumerSsrc, 96)).ErrorCode);
        Assert.Equal("own-producer", _router.Consume(a.Transport, video, new ConsumerOptions(ConsumerSsrc, 96)).ErrorCode);
        Assert.Equal("ssrc-in-use", _router.Produce(a.Transport, video.Options).ErrorCode);

        SendVideo(a, 1, 3000);
        await Task.Delay(300);
        Assert.Empty(b.RtpSnapshot());
    }

    [Fact]
    public async Task A_nack_is_answered_from_the_cache_and_a_packet_too_old_is_a_counted_miss()
    {
        var a = await JoinAsync();
        var b = await JoinAsync();
        var video = Publish(_router, a);
        var consumer = _router.Consume(b.Transport, video, new ConsumerOptions(ConsumerSsrc, 96)).Value!;
        for (ushort seq = 1; seq <= 20; seq++)
        {
            // Packets 5 and 7 reach the server (and its cache) but not the subscriber: they are the lost ones.
            consumer.Paused = seq is 5 or 7;
            SendVideo(a, seq, seq * 3000u);
            await WaitUntil(() => video.Packets == seq);
        }

        consumer.Paused = false;
        await WaitUntil(() => b.RtpSnapshot().Count == 18);
        SendRtcp(b, buffer => GenericNack.Write(buffer, 0x1234, ConsumerSsrc, [5, 7]));
        await WaitUntil(() => b.RtpSnapshot().Count == 20);
        Assert.Equal([(ushort)5, (ushort)7], b.RtpSnapshot().Skip(18).Select(p => Read(p).Sequence));
        Assert.Equal((byte)5, Read(b.RtpSnapshot()[18]).Fill);
        Assert.Equal(2, consumer.Retransmitted);

        for (var seq = 21; seq <= 21 + video.Cache.Capacity; seq++)
        {
            SendVideo(a, (ushort)seq, (uint)seq * 3000u);
        }

        await WaitUntil(() => video.Packets == 21 + video.Cache.Capacity);
        SendRtcp(b, buffer => GenericNack.Write(buffer, 0x1234, ConsumerSsrc, [3]));
        await WaitUntil(() => consumer.RetransmissionMisses == 1);
        Assert.Equal(2, consumer.Retransmitted);
    }

    [Fact]
    public async Task A_muted_producer_reaches_nobody_not_even_through_a_nack()
    {
        var a = await JoinAsync();
        var b = await JoinAsync();
        var track = Publish(_router, a);
        var consumer = _router.Consume(b.Transport, track, new ConsumerOptions(ConsumerSsrc, 96)).Value!;
        SendVideo(a, 1, 3000);
        await WaitUntil(() => b.RtpSnapshot().Count == 1);

        // Muted: packets 2–6 reach the server and nobody else; the subscriber asks for them (and for packet 1 again).
        track.Paused = true;
        for (ushort seq = 2; seq <= 6; seq++)
        {
            SendVideo(a, seq, seq * 3000u);
        }

        await WaitUntil(() => track.Packets == 6);
        SendRtcp(b, buffer => GenericNack.Write(buffer, 0x1234, ConsumerSsrc, [1, 2, 3, 4, 5, 6]));
        await WaitUntil(() => consumer.NacksReceived == 6);
        await Task.Delay(200);
        Assert.Single(b.RtpSnapshot());
        Assert.Equal(0, consumer.Retransmitted);

        // Unmuted, what was said while muted is still not to be had.
        track.Paused = false;
        SendRtcp(b, buffer => GenericNack.Write(buffer, 0x1234, ConsumerSsrc, [3, 4]));
        await WaitUntil(() => consumer.NacksReceived == 8);
        await Task.Delay(200);
        Assert.Single(b.RtpSnapshot());
        Assert.Equal(0, consumer.Retransmitted);
    }

    [Fact]
    public async Task A_closed_copy_answers_no_nack_and_asks_for_no_key_frame()
    {
        // The caucus path: a subscriber whose copy was closed (the other side went into a private room) may still send
        // feedback naming that copy's SSRC; nothing of the publisher comes back, and the publisher is not asked for anything.
        var a = await JoinAsync();
        var b = await JoinAsync();
        var track = Publish(_router, a);
        var consumer = _router.Consume(b.Transport, track, new ConsumerOptions(ConsumerSsrc, 96)).Value!;
        for (ushort seq = 1; seq <= 5; seq++)
        {
            SendVideo(a, seq, seq * 3000u);
        }

        await WaitUntil(() => b.RtpSnapshot().Count == 5);
        _router.CloseConsumer(consumer);
        var keyFramesBefore = track.KeyFrames.Sent + track.KeyFrames.Folded;
        SendRtcp(b, buffer => GenericNack.Write(buffer, 0x1234, ConsumerSsrc, [1, 2, 3]));
        SendRtcp(b, buffer => PictureLossIndication.Write(buffer, 0x1234, ConsumerSsrc));
        await Task.Delay(300);
        Assert.Equal(5, b.RtpSnapshot().Count);
        Assert.Equal(0, consumer.NacksReceived);
        Assert.Equal(keyFramesBefore, track.KeyFrames.Sent + track.KeyFrames.Folded);
    }

    [Fact]
    public async Task Uplink_loss_is_asked_of_the_publisher_and_its_retransmission_reaches_the_subscriber()
    {
        var a = await JoinAsync();
        var b = await JoinAsync();
        var video = Publish(_router, a);
        _router.Consume(b.Transport, video, new ConsumerOptions(ConsumerSsrc, 96));
        foreach (ushort seq in new ushort[] { 1, 2, 3, 4, 6, 7 })
        {
            SendVideo(a, seq, seq * 3000u);
        }

        // The server never had packet 5: it asks the publisher, in a NACK for the publisher's own SSRC.
        await WaitUntil(() => NackedOf(a).Contains((ushort)5));
        Assert.All(NackedOf(a), s => Assert.Equal(5, s));
        SendVideo(a, 5, 5 * 3000u);
        await WaitUntil(() => b.RtpSnapshot().Count == 7);
        Assert.Equal((byte)5, Read(b.RtpSnapshot()[6]).Fill);
        Assert.Equal(1, video.Nacks!.Recovered);
        Assert.Equal(0, video.Nacks.Missing);
    }

    [Fact]
    public async Task A_subscriber_gets_retransmissions_up_to_its_rate_and_the_rest_of_its_nacks_are_refused()
    {
        using var router = new Router(new RouterOptions(MaxRetransmissionsPerSecond: 5));
        var a = await JoinAsync(router);
        var b = await JoinAsync(router);
        var video = Publish(router, a);
        var consumer = router.Consume(b.Transport, video, new ConsumerOptions(ConsumerSsrc, 96)).Value!;
        for (ushort seq = 1; seq <= 20; seq++)
        {
            SendVideo(a, seq, seq * 3000u);
        }

        await WaitUntil(() => b.RtpSnapshot().Count == 20);
        SendRtcp(b, buffer => GenericNack.Write(buffer, 0x1234, ConsumerSsrc, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
        await WaitUntil(() => router.Totals().NacksRefused == 5);
        Assert.Equal(5, consumer.Retransmitted);

        // What the room counted outlives the copy it counted on.
        router.CloseConsumer(consumer);
        var totals = router.Totals();
        Assert.Equal((20, 20, 5, 5), (totals.PacketsReceived, totals.PacketsForwarded, totals.Retransmitted, totals.NacksRefused));
    }

    [Fact]
    public async Task A_publisher_sending_beyond_twice_its_bitrate_cap_loses_the_excess_at_the_server()
    {
        // Capped at 8 kbit/s: twice that is a 16,000-bit bucket, nine 212-byte packets sent at once.
        using var router = new Router(new RouterOptions(MaxIncomingBitrate: 8_000));
        var a = await JoinAsync(router);
        var video = Publish(router, a);
        for (ushort seq = 1; seq <= 20; seq++)
        {
            SendVideo(a, seq, seq * 3000u);
        }

        await WaitUntil(() => video.Packets + router.Totals().PacketsOverBitrate == 20);
        Assert.InRange(video.Packets, 9, 10);
    }

    /// <summary>The sequence numbers the server's NACKs asked <paramref name="peer"/> for, about its own video.</summary>
    private static List<ushort> NackedOf(Peer peer)
    {
        var lost = new List<ushort>();
        lock (peer.Rtcp)
        {
            foreach (var compound in peer.Rtcp)
            {
                var offset = 0;
                while (RtcpHeader.TryReadNext(compound, ref offset, out var packet))
                {
                    if (GenericNack.Is(packet) && packet.MediaSsrc == peer.Video.Ssrc)
                    {
                        GenericNack.ForEachLost(packet, ref lost, static (ref List<ushort> l, ushort s) => l.Add(s));
                    }
                }
            }
        }

        return lost;
    }

    [Fact]
    public async Task With_rtx_negotiated_a_retransmission_carries_the_original_sequence_number()
    {
        var a = await JoinAsync();
        var b = await JoinAsync();
        var video = Publish(_router, a);
        _router.Consume(b.Transport, video, new ConsumerOptions(ConsumerSsrc, 96, RtxSsrc: ConsumerSsrc + 1, RtxPayloadType: 97));
        for (ushort seq = 100; seq < 110; seq++)
        {
            SendVideo(a, seq, seq * 3000u);
        }

        await WaitUntil(() => b.RtpSnapshot().Count == 10);
        SendRtcp(b, buffer => GenericNack.Write(buffer, 0x1234, ConsumerSsrc, [104]));
        await WaitUntil(() => b.RtpSnapshot().Count == 11);
        var rtx = b.RtpSnapshot()[10];
        Assert.Equal((ConsumerSsrc + 1, (byte)97), (Read(rtx).Ssrc, Read(rtx).PayloadType));
        Assert.Equal(104, BinaryPrimitives.ReadUInt16BigEndian(rtx.AsSpan(12)));
        Assert.Equal((byte)104, rtx[14]); // the original payload follows the two bytes of the original sequence number
    }

    [Fact]
    public async Task A_new_viewer_gets_a_key_frame_at_once_and_later_requests_are_throttled_to_one_a_second()
    {
        var a = await JoinAsync();
        var b = await JoinAsync();
        var video = Publish(_router, a);
        _router.Consume(b.Transport, video, new ConsumerOptions(ConsumerSsrc, 96));
        await WaitUntil(() => a.PictureLossCount() == 1);

        for (var i = 0; i < 3; i++)
        {
            SendRtcp(b, buffer => PictureLossIndication.Write(buffer, 0x1234, ConsumerSsrc));
        }

        // Within the second after the first, the subscriber's three requests fold into the one pending (a machine
        // that stalls past the second lets one more through: never more than one a second; the exact folding is
        // the KeyFrameRequestManager unit test's, on its own clock).
        await WaitUntil(() => video.KeyFrames.Sent + video.KeyFrames.Folded == 4);
        var sent = video.KeyFrames.Sent;
        Assert.InRange(sent, 1, 2);
        await WaitUntil(() => a.PictureLossCount() == sent);
        await Task.Delay(Producer.KeyFrameInterval + TimeSpan.FromMilliseconds(100));
        SendVideo(a, 1, 3000); // the folded request goes out with the publisher's next packet after the interval
        await WaitUntil(() => a.PictureLossCount() == sent + 1);
        Assert.Equal(sent + 1, video.KeyFrames.Sent);
    }

    [Fact]
    public async Task A_replaced_producer_continues_the_subscribers_sequence_and_timestamps()
    {
        var a = await JoinAsync();
        var b = await JoinAsync();
        var c = await JoinAsync();
        var first = Publish(_router, a);
        var second = Publish(_router, c);
        var consumer = _router.Consume(b.Transport, first, new ConsumerOptions(ConsumerSsrc, 96)).Value!;
        for (ushort seq = 100; seq < 110; seq++)
        {
            SendVideo(a, seq, 90_000u + seq * 3000u);
        }

        await WaitUntil(() => b.RtpSnapshot().Count == 10);
        consumer.ReplaceProducer(second, _router.Now());
        SendVideo(a, 110, 90_000u + 110 * 3000u); // the old producer's packets no longer reach this subscriber
        for (ushort seq = 5000; seq < 5005; seq++)
        {
            SendVideo(c, seq, 7_000_000u + seq * 3000u);
        }

        await WaitUntil(() => b.RtpSnapshot().Count == 15);
        var received = b.RtpSnapshot().Select(Read).ToList();
        Assert.Equal(Enumerable.Range(100, 15).Select(i => (ushort)i), received.Select(p => p.Sequence));
        Assert.All(received.Skip(10), p => Assert.Equal((byte)(p.Sequence - 110 + 5000), p.Fill));
        Assert.True(received[10].Timestamp > received[9].Timestamp);
        Assert.Equal(3000u, received[11].Timestamp - received[10].Timestamp);
        Assert.Single(second.Consumers);
        Assert.Empty(first.Consumers);
    }

    [Fact]
    public async Task Reports_tell_the_publisher_its_loss_and_cap_and_give_the_subscriber_the_publishers_clock()
    {
        var a = await JoinAsync();
        var b = await JoinAsync();
        var video = Publish(_router, a);
        _router.Consume(b.Transport, video, new ConsumerOptions(ConsumerSsrc, 96));
        for (ushort seq = 1; seq <= 20; seq++)
        {
            if (seq is not (5 or 6))
            {
                SendVideo(a, seq, 90_000u + seq * 3000u);
            }
        }

        var ntp = SenderReport.ToNtp(new DateTime(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc));
        SendRtcp(a, buffer => SenderReport.Write(buffer, a.Video.Ssrc, ntp, 90_000u + 20 * 3000u, 18, 3600, []));
        await WaitUntil(() => video.Packets == 18 && video.LastSenderReport is not null);
        _router.SendReports();

        await WaitUntil(() => Feedback(a).Any(p => p.Type == RtcpPacketType.ReceiverReport) && Feedback(b).Any(p => p.Type == RtcpPacketType.SenderReport));
        var rr = Feedback(a).First(p => p.Type == RtcpPacketType.ReceiverReport);
        Assert.Equal(a.Video.Ssrc, rr.Ssrc);
        Assert.Equal(2, rr.Lost);
        Assert.Equal((byte)(2 * 256 / 20), rr.FractionLost);
        Assert.Contains(Feedback(a), p => p.Type == RtcpPacketType.PayloadFeedback && p.Bitrate == (ulong)_router.Options.MaxIncomingBitrate);
        var sr = Feedback(b).First(p => p.Type == RtcpPacketType.SenderReport);
        Assert.Equal(ConsumerSsrc, sr.Ssrc);
        Assert.True(sr.Ntp >= ntp, "the subscriber's report is on the publisher's NTP timeline");
        Assert.InRange(sr.Rtp - (90_000u + 20 * 3000u), 0u, 90_000u); // the same instant, moved on by under a second
    }

    [Fact]
    public async Task The_active_speaker_is_the_clearly_loudest_voice_and_changes_only_when_another_is_louder()
    {
        var a = await JoinAsync();
        var b = await JoinAsync();
        Producer PublishAudio(Peer peer)
        {
            var audio = peer.Client.Streams.Single(s => s.Kind == "audio");
            return _router.Produce(peer.Transport, new ProducerOptions(MediaKind.Audio, audio.Ssrc, (byte)audio.PayloadType, 48000, audio.Mid, AudioLevelExtensionId: 1)).Value!;
        }

        var voiceA = PublishAudio(a);
        var voiceB = PublishAudio(b);
        var changes = new List<Producer?>();
        _router.ActiveSpeaker.Changed += p => changes.Add(p);

        async Task SpeakAsync(Peer peer, Producer producer, byte levelA)
        {
            // RFC 8285 one-byte header extension (0xBEDE), element id 1, RFC 6464 level (-dBov; 0 is loudest).
            var audio = peer.Client.Streams.Single(s => s.Kind == "audio");
            var buffer = new byte[100];
            buffer[0] = 0x90; // version 2, extension bit
            buffer[1] = (byte)audio.PayloadType;
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)producer.Packets);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), audio.Ssrc);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(12), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(14), 1);
            buffer[16] = 0x10; // id 1, length 1 byte
            buffer[17] = (byte)(0x80 | levelA);
            var before = producer.Packets;
            peer.Client.SendRtp(buffer, 40);
            await WaitUntil(() => producer.Packets > before);
        }

        await SpeakAsync(a, voiceA, 20);
        await SpeakAsync(b, voiceB, 50);
        for (var i = 0; i < 4; i++)
        {
            _router.ActiveSpeaker.Evaluate();
        }

        Assert.Equal(voiceA, _router.ActiveSpeaker.Current);
        await SpeakAsync(b, voiceB, 18); // b a little louder than a: within the hysteresis, a keeps the floor
        _router.ActiveSpeaker.Evaluate();
        Assert.Equal(voiceA, _router.ActiveSpeaker.Current);
        await SpeakAsync(a, voiceA, 127); // a falls silent
        for (var i = 0; i < 6; i++)
        {
            _router.ActiveSpeaker.Evaluate();
        }

        Assert.Equal(voiceB, _router.ActiveSpeaker.Current);
        Assert.Equal([voiceA, voiceB], changes);
    }

    /// <summary>The RTCP a peer received, flattened: receiver-report blocks, REMB bitrates, sender reports.</summary>
    private static List<(byte Type, uint Ssrc, int Lost, byte FractionLost, ulong Bitrate, ulong Ntp, uint Rtp)> Feedback(Peer peer)
    {
        var found = new List<(byte, uint, int, byte, ulong, ulong, uint)>();
        lock (peer.Rtcp)
        {
            foreach (var compound in peer.Rtcp)
            {
                var offset = 0;
                while (RtcpHeader.TryReadNext(compound, ref offset, out var packet))
                {
                    if (ReceiverReport.TryRead(packet, out var rr) && rr.ReportCount > 0)
                    {
                        var block = rr.Report(0);
                        found.Add((RtcpPacketType.ReceiverReport, block.Ssrc, block.CumulativeLost, block.FractionLost, 0, 0, 0));
                    }
                    else if (ReceiverEstimatedMaxBitrate.TryRead(packet, out var bitrate, out _))
                    {
                        found.Add((RtcpPacketType.PayloadFeedback, 0, 0, 0, bitrate, 0, 0));
                    }
                    else if (SenderReport.TryRead(packet, out var sr))
                    {
                        found.Add((RtcpPacketType.SenderReport, sr.Ssrc, 0, 0, 0, sr.NtpTimestamp, sr.RtpTimestamp));
                    }
                }
            }
        }

        return found;
    }

    [Fact]
    public async Task Closing_a_producer_closes_its_consumers_and_detaching_leaves_nothing_behind()
    {
        var a = await JoinAsync();
        var b = await JoinAsync();
        var video = Publish(_router, a);
        _router.Consume(b.Transport, video, new ConsumerOptions(ConsumerSsrc, 96));
        _router.CloseProducer(video);
        Assert.Empty(_router.Consumers);
        SendVideo(a, 1, 3000);
        await Task.Delay(200);
        Assert.Empty(b.RtpSnapshot());

        var again = Publish(_router, a);
        _router.Consume(b.Transport, again, new ConsumerOptions(ConsumerSsrc, 96));
        _router.Detach(a.Transport);
        Assert.Empty(_router.Producers);
        Assert.Empty(_router.Consumers);
        Assert.Null(a.Transport.Sink);
    }
}

public class KeyFrameRequestManagerTests
{
    [Fact]
    public void Requests_within_the_interval_fold_into_one_sent_when_it_is_over()
    {
        var sent = 0;
        var manager = new KeyFrameRequestManager(TimeSpan.FromSeconds(1), () => sent++);
        var t0 = TimeSpan.FromSeconds(100).Ticks;
        manager.Request(t0);
        manager.Request(t0 + TimeSpan.FromMilliseconds(200).Ticks);
        manager.Request(t0 + TimeSpan.FromMilliseconds(400).Ticks);
        manager.Poll(t0 + TimeSpan.FromMilliseconds(900).Ticks);
        Assert.Equal(1, sent);
        manager.Poll(t0 + TimeSpan.FromMilliseconds(1000).Ticks);
        Assert.Equal(2, sent);
        manager.Poll(t0 + TimeSpan.FromMilliseconds(3000).Ticks);
        Assert.Equal(2, sent);
        Assert.Equal(2, manager.Folded);
    }
}

public class RtpPacketCacheTests
{
    [Fact]
    public void A_slot_answers_only_for_the_sequence_number_it_holds()
    {
        var cache = new RtpPacketCache(4);
        cache.Store(10, [1, 2, 3]);
        var buffer = new byte[16];
        Assert.Equal(3, cache.TryCopy(10, buffer));
        Assert.Equal(0, cache.TryCopy(14, buffer)); // same slot, another packet
        cache.Store(14, [9]);
        Assert.Equal(0, cache.TryCopy(10, buffer));
        Assert.Equal(1, cache.TryCopy(14, buffer));
        Assert.Equal(9, buffer[0]);
        Assert.Equal(0, cache.TryCopy(11, buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpPacketCache(3));
    }
}
