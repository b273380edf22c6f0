using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Mediation.Media.Client;
using Mediation.Media.Echo;
using Mediation.Media.Sfu;
using Mediation.Media.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mediation.Media.Benchmarks;

/// <summary>
/// The SFU's forwarding cost: synthetic participants on our own client-role stack (no browser) publish VP8-sized
/// video (30 frames/s of four 1,100-byte packets, ≈ 1 Mbit/s) and Opus-sized audio (50 packets/s of 120 bytes) and
/// subscribe to the others. Server CPU is the media receive thread's (from /proc), per forwarded packet, next to a
/// plain UDP forwarder (receive, send to each subscriber, no crypto, no logic) measured in the same run; also the
/// latency the server adds (publisher send to subscriber receive, p50/p99), bytes the forwarding path allocates per
/// forwarded packet (measured on the media thread around the router's packet handling), and the loss subscribers see.
/// </summary>
public static class SfuLoad
{
    private const int VideoPacket = 1100;
    private const int AudioPacket = 120;

    public static async Task RunAsync(int seconds)
    {
        Console.WriteLine($"SFU load: {seconds} s per run, loopback, {Environment.ProcessorCount} cores; video 120 packets/s of {VideoPacket} B, audio 50/s of {AudioPacket} B per publisher");
        Console.WriteLine();
        Console.WriteLine("| shape | forwarded packets | SFU CPU µs/packet | plain forwarder CPU µs/packet | ratio | latency p50 µs | p99 µs | allocated B/packet (forwarding path) | loss |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var subscribers in new[] { 1, 5, 10, 20 })
        {
            var plain = await PlainAsync(subscribers, seconds);
            var sfu = await RoomsAsync(rooms: 1, publishers: 1, subscribers, seconds);
            Print($"1 publisher → {subscribers} subscribers", sfu, plain);
        }

        foreach (var rooms in new[] { 1, 10, 20, 40 })
        {
            var sfu = await RoomsAsync(rooms, publishers: 4, subscribers: 0, seconds);
            Print($"{rooms} rooms of 4 (each sends and receives the other 3)", sfu, null);
        }
    }

    private sealed record Run(long Forwarded, double CpuMicros, double P50, double P99, double AllocatedPerPacket, double Loss);

    private static void Print(string shape, Run sfu, Run? plain) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {shape} | {sfu.Forwarded:N0} | {sfu.CpuMicros:F2} | {(plain is null ? "" : plain.CpuMicros.ToString("F2", CultureInfo.InvariantCulture))} | {(plain is null ? "" : (sfu.CpuMicros / plain.CpuMicros).ToString("F2", CultureInfo.InvariantCulture) + "×")} | {sfu.P50:F0} | {sfu.P99:F0} | {sfu.AllocatedPerPacket:F1} | {sfu.Loss:P2} |"));

    /// <summary><paramref name="rooms"/> rooms; in each, every one of <paramref name="publishers"/> participants
    /// publishes and receives the other publishers, and <paramref name="subscribers"/> more only receive.</summary>
    private static async Task<Run> RoomsAsync(int rooms, int publishers, int subscribers, int seconds)
    {
        var options = new MediaOptions { ListenAddress = "127.0.0.1", Port = 0, MaxTransportsPerSource = 10_000, MaxTransports = 10_000, MaxHandshakesInFlight = 1000 };
        using var server = new MediaServer(options, TimeProvider.System, NullLoggerFactory.Instance);
        var connector = new EchoService(server, options);
        var clients = new List<WebRtcClient>();
        var routers = new List<Router>();
        // Room for every sample up front: the measurement itself must not allocate while it runs.
        var latencies = new List<double>(rooms * (publishers + subscribers) * publishers * seconds * 200);
        long received = 0;
        var senders = new List<(WebRtcClient Client, ClientStream Audio, ClientStream Video)>();
        try
        {
            for (var r = 0; r < rooms; r++)
            {
                var router = new Router(new RouterOptions(MaxTransports: 64, MaxConsumersPerTransport: 64));
                routers.Add(router);
                var members = new List<(WebRtcClient Client, WebRtcTransport Transport, bool Publishes)>();
                for (var i = 0; i < publishers + subscribers; i++)
                {
                    var client = new WebRtcClient();
                    clients.Add(client);
                    var answer = connector.Answer(client.CreateOffer(), "bench", "bench", out _, out var error) ?? throw new InvalidOperationException(error);
                    await client.ConnectAsync(answer.Sdp);
                    var transport = server.Find(answer.TransportId)!;
                    transport.ExpiresUtc = null;
                    router.Attach(transport);
                    transport.Sink = new AllocationProbe(transport.Sink!);
                    client.OnRtp = (buffer, length) =>
                    {
                        Interlocked.Increment(ref received);
                        if (length >= 20)
                        {
                            var micros = Stopwatch.GetElapsedTime(BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(12))).TotalMicroseconds;
                            lock (latencies)
                            {
                                latencies.Add(micros);
                            }
                        }
                    };
                    members.Add((client, transport, i < publishers));
                }

                var ssrc = 1000u;
                foreach (var publisher in members.Where(m => m.Publishes))
                {
                    var audio = publisher.Client.Streams.Single(s => s.Kind == "audio");
                    var video = publisher.Client.Streams.Single(s => s.Kind == "video");
                    senders.Add((publisher.Client, audio, video));
                    foreach (var (stream, kind, clock) in new[] { (audio, MediaKind.Audio, 48000), (video, MediaKind.Video, 90000) })
                    {
                        var producer = router.Produce(publisher.Transport, new ProducerOptions(kind, stream.Ssrc, (byte)stream.PayloadType, clock, stream.Mid)).Value!;
                        foreach (var other in members.Where(m => m.Transport != publisher.Transport))
                        {
                            router.Consume(other.Transport, producer, new ConsumerOptions(ssrc++, (byte)stream.PayloadType));
                        }
                    }
                }
            }

            await Task.Delay(300);
            var fanOut = publishers - 1 + subscribers;
            lock (latencies)
            {
                latencies.Clear();
            }

            Interlocked.Exchange(ref received, 0);
            var cpuBefore = EchoLoad.ThreadCpu("media-udp");
            var allocatedBefore = AllocationProbe.Total;
            var sent = await Task.WhenAll(senders.Select(s => Task.Run(() => PublishAsync(s.Client, s.Audio, s.Video, seconds))));
            await Task.Delay(500);
            var cpu = EchoLoad.ThreadCpu("media-udp") - cpuBefore;
            var allocated = AllocationProbe.Total - allocatedBefore;
            var forwarded = Interlocked.Read(ref received);
            var expected = sent.Sum() * fanOut;
            double[] sorted;
            lock (latencies)
            {
                sorted = [.. latencies.Order()];
            }

            return new Run(forwarded, cpu.TotalMicroseconds / Math.Max(1, forwarded), Percentile(sorted, 0.5), Percentile(sorted, 0.99),
                allocated / (double)Math.Max(1, forwarded), 1 - (forwarded / (double)expected));
        }
        finally
        {
            foreach (var router in routers)
            {
                router.Dispose();
            }

            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>One publisher's media for <paramref name="seconds"/>, each packet stamped with its send time.</summary>
    private static Task<long> PublishAsync(WebRtcClient client, ClientStream audio, ClientStream video, int seconds)
    {
        var videoPacket = new byte[VideoPacket + 32];
        var audioPacket = new byte[AudioPacket + 32];
        ushort videoSeq = 0, audioSeq = 0;
        return PaceAsync(seconds,
            at =>
            {
                Fill(videoPacket, video, videoSeq++, (uint)(at.TotalSeconds * 90000));
                client.SendRtp(videoPacket, VideoPacket);
            },
            at =>
            {
                Fill(audioPacket, audio, audioSeq++, (uint)(at.TotalSeconds * 48000));
                client.SendRtp(audioPacket, AudioPacket);
            });
    }

    /// <summary>The publishers' rhythm for <paramref name="seconds"/>: every 33 ms a frame of four video packets, every
    /// 20 ms an audio packet. Returns how many packets went out.</summary>
    private static async Task<long> PaceAsync(int seconds, Action<TimeSpan> sendVideoPacket, Action<TimeSpan> sendAudioPacket)
    {
        long sent = 0;
        var clock = Stopwatch.StartNew();
        var nextVideo = TimeSpan.Zero;
        var nextAudio = TimeSpan.Zero;
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (clock.Elapsed >= nextVideo)
            {
                for (var p = 0; p < 4; p++, sent++)
                {
                    sendVideoPacket(nextVideo);
                }

                nextVideo += TimeSpan.FromSeconds(1 / 30.0);
            }

            if (clock.Elapsed >= nextAudio)
            {
                sendAudioPacket(nextAudio);
                sent++;
                nextAudio += TimeSpan.FromMilliseconds(20);
            }

            var wait = (nextVideo < nextAudio ? nextVideo : nextAudio) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
        }

        return sent;
    }

    private static void Fill(byte[] packet, ClientStream stream, ushort sequence, uint timestamp)
    {
        packet[0] = 0x80;
        packet[1] = (byte)stream.PayloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), stream.Ssrc);
        BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(12), Stopwatch.GetTimestamp());
    }

    /// <summary>The same traffic through a forwarder that only receives and sends to each subscriber.</summary>
    private static async Task<Run> PlainAsync(int subscribers, int seconds)
    {
        using var forwarder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
        forwarder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var sinks = Enumerable.Range(0, subscribers).Select(_ =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return s;
        }).ToList();
        var destinations = sinks.Select(s => s.LocalEndPoint!.Serialize()).ToArray();
        var stop = false;
        var thread = new Thread(() =>
        {
            var buffer = new byte[2048];
            while (!Volatile.Read(ref stop))
            {
                try
                {
                    var n = forwarder.Receive(buffer);
                    foreach (var destination in destinations)
                    {
                        forwarder.SendTo(buffer.AsSpan(0, n), SocketFlags.None, destination);
                    }
                }
                catch (SocketException)
                {
                    return;
                }
            }
        })
        { IsBackground = true, Name = "plain-forward" };
        thread.Start();
        long received = 0;
        var readers = sinks.Select(s => new Thread(() =>
        {
            var buffer = new byte[2048];
            s.ReceiveTimeout = 1000;
            while (!Volatile.Read(ref stop))
            {
                try
                {
                    s.Receive(buffer);
                    Interlocked.Increment(ref received);
                }
                catch (SocketException)
                {
                    if (Volatile.Read(ref stop))
                    {
                        return;
                    }
                }
            }
        })
        { IsBackground = true }).ToList();
        readers.ForEach(r => r.Start());

        using var publisher = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        publisher.Connect(forwarder.LocalEndPoint!);
        var cpuBefore = EchoLoad.ThreadCpu("plain-forward");
        var video = new byte[VideoPacket];
        var audio = new byte[AudioPacket];
        await PaceAsync(seconds, _ => publisher.Send(video), _ => publisher.Send(audio));
        await Task.Delay(500);
        var cpu = EchoLoad.ThreadCpu("plain-forward") - cpuBefore;
        Volatile.Write(ref stop, true);
        forwarder.Close();
        sinks.ForEach(s => s.Close());
        var forwarded = Interlocked.Read(ref received);
        return new Run(forwarded, cpu.TotalMicroseconds / Math.Max(1, forwarded), 0, 0, 0, 0);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    /// <summary>Wraps the router's packet handling on the media thread and counts what it allocates there.</summary>
    private sealed class AllocationProbe(IMediaSink inner) : IMediaSink
    {
        private static long _total;

        public static long Total => Interlocked.Read(ref _total);

        public void OnRtp(WebRtcTransport transport, byte[] buffer, int length)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            inner.OnRtp(transport, buffer, length);
            Interlocked.Add(ref _total, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        public void OnRtcp(WebRtcTransport transport, ReadOnlySpan<byte> compound)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            inner.OnRtcp(transport, compound);
            Interlocked.Add(ref _total, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
