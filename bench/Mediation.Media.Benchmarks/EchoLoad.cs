using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Mediation.Media.Client;
using Mediation.Media.Echo;
using Mediation.Media.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mediation.Media.Benchmarks;

/// <summary>
/// The echo path's server CPU per packet next to a plain UDP echo (receive, send back, no crypto), in the same
/// run. CPU is read per thread from /proc (the server's receive thread does all of the echo's work), so the
/// client's own cost is not counted. Also added latency (round trip, p50/p99) and allocations per packet.
/// </summary>
public static class EchoLoad
{
    private const int PacketSize = 1100;

    public static async Task RunAsync(int packets, int packetsPerSecond)
    {
        Console.WriteLine($"Echo load: {packets:N0} packets of {PacketSize} bytes at {packetsPerSecond:N0}/s, loopback, {Environment.ProcessorCount} cores");
        var plain = await PlainAsync(packets, packetsPerSecond);
        var srtp = await EchoAsync(packets, packetsPerSecond);
        Console.WriteLine();
        Console.WriteLine("| path | packets back | server CPU µs/packet | RTT p50 µs | RTT p99 µs | allocated B/packet (process) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in new[] { plain, srtp })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Returned:N0} | {r.CpuMicrosPerPacket:F2} | {r.P50:F0} | {r.P99:F0} | {r.AllocatedPerPacket:F1} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nSRTP echo / plain echo CPU ratio: {srtp.CpuMicrosPerPacket / plain.CpuMicrosPerPacket:F2}"));
    }

    private sealed record Result(string Name, long Returned, double CpuMicrosPerPacket, double P50, double P99, double AllocatedPerPacket);

    private static async Task<Result> PlainAsync(int packets, int rate)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var stop = false;
        var thread = new Thread(() =>
        {
            var buffer = new byte[2048];
            var from = new SocketAddress(AddressFamily.InterNetwork);
            while (!Volatile.Read(ref stop))
            {
                try
                {
                    var n = server.ReceiveFrom(buffer, SocketFlags.None, from);
                    server.SendTo(buffer.AsSpan(0, n), SocketFlags.None, from);
                }
                catch (SocketException)
                {
                    return;
                }
            }
        })
        { IsBackground = true, Name = "plain-echo" };
        thread.Start();

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        client.Connect(server.LocalEndPoint!);
        var rtts = new List<double>(packets);
        var receiver = new Thread(() =>
        {
            var buffer = new byte[2048];
            client.ReceiveTimeout = 2000;
            while (rtts.Count < packets)
            {
                try
                {
                    client.Receive(buffer);
                }
                catch (SocketException)
                {
                    return;
                }

                rtts.Add(Elapsed(buffer.AsSpan(12)));
            }
        })
        { IsBackground = true };
        receiver.Start();
        await Task.Delay(100);

        var cpuBefore = ThreadCpu("plain-echo");
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var packet = new byte[PacketSize];
        packet[0] = 0x80;
        packet[1] = 96;
        await PaceAsync(packets, rate, i =>
        {
            Stamp(packet.AsSpan(12));
            client.Send(packet);
        });
        receiver.Join(TimeSpan.FromSeconds(5));
        var cpu = ThreadCpu("plain-echo") - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Volatile.Write(ref stop, true);
        server.Close();
        return Summarize("plain UDP echo", rtts, cpu, allocated);
    }

    private static async Task<Result> EchoAsync(int packets, int rate)
    {
        var options = new MediaOptions { ListenAddress = "127.0.0.1", Port = 0 };
        using var server = new MediaServer(options, TimeProvider.System, NullLoggerFactory.Instance);
        var echo = new EchoService(server, options);
        using var client = new WebRtcClient();
        var answer = echo.Answer(client.CreateOffer(), "bench", "bench", out _, out var error) ?? throw new InvalidOperationException(error);
        await client.ConnectAsync(answer.Sdp);
        var rtts = new List<double>(packets);
        client.OnRtp = (buffer, length) => rtts.Add(Elapsed(buffer.AsSpan(12)));
        await Task.Delay(200);

        var video = client.Streams.Single(s => s.Kind == "video");
        var cpuBefore = ThreadCpu("media-udp");
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var packet = new byte[PacketSize + 16];
        await PaceAsync(packets, rate, i =>
        {
            packet[0] = 0x80;
            packet[1] = (byte)video.PayloadType;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)i);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)i * 3000);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), video.Ssrc);
            Stamp(packet.AsSpan(12));
            client.SendRtp(packet, PacketSize);
        });
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (client.RtpReceived < packets && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var cpu = ThreadCpu("media-udp") - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return Summarize($"SRTP echo ({client.Profile})", rtts, cpu, allocated);
    }

    private static async Task PaceAsync(int packets, int rate, Action<int> send)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < packets; i++)
        {
            send(i);
            var due = TimeSpan.FromSeconds((i + 1) / (double)rate);
            if (clock.Elapsed < due - TimeSpan.FromMilliseconds(2))
            {
                await Task.Delay(due - clock.Elapsed);
            }
        }
    }

    private static void Stamp(Span<byte> at) => BinaryPrimitives.WriteInt64LittleEndian(at, Stopwatch.GetTimestamp());

    private static double Elapsed(ReadOnlySpan<byte> at) =>
        Stopwatch.GetElapsedTime(BinaryPrimitives.ReadInt64LittleEndian(at)).TotalMicroseconds;

    private static Result Summarize(string name, List<double> rtts, TimeSpan cpu, long allocated)
    {
        var sorted = rtts.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        return new Result(name, sorted.Length, sorted.Length == 0 ? double.NaN : cpu.TotalMicroseconds / sorted.Length, Percentile(0.5), Percentile(0.99),
            sorted.Length == 0 ? double.NaN : allocated / (double)sorted.Length);
    }

    /// <summary>User plus system time of the thread with that name, from /proc (Linux; clock ticks of 10 ms).</summary>
    internal static TimeSpan ThreadCpu(string name)
    {
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != name)
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                return TimeSpan.FromSeconds(ticks / 100.0);
            }
            catch (IOException)
            {
                // A thread that ended between the listing and the read.
            }
        }

        throw new InvalidOperationException($"No thread named {name}.");
    }
}
