using Mediation.Media.Rtcp;
using Mediation.Media.Rtp;

namespace Mediation.Media.Tests;

public class RtcpPacketTests
{
    private static RtcpHeader Single(ReadOnlySpan<byte> packet)
    {
        var offset = 0;
        Assert.True(RtcpHeader.TryReadNext(packet, ref offset, out var header));
        Assert.Equal(packet.Length, offset);
        return header;
    }

    [Fact]
    public void A_sender_report_round_trips_with_its_report_blocks()
    {
        var buffer = new byte[200];
        var ntp = SenderReport.ToNtp(new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc));
        var block = new ReceptionReport(0xAAAA, 64, -3, 70000, 12, 0x11223344, 655);
        var length = SenderReport.Write(buffer, 0x1234, ntp, 90000, 100, 120000, [block]);
        Assert.True(SenderReport.TryRead(Single(buffer.AsSpan(0, length)), out var sr));
        Assert.Equal(0x1234u, sr.Ssrc);
        Assert.Equal(ntp, sr.NtpTimestamp);
        Assert.Equal(90000u, sr.RtpTimestamp);
        Assert.Equal(100u, sr.PacketCount);
        Assert.Equal(120000u, sr.OctetCount);
        Assert.Equal(1, sr.ReportCount);
        Assert.Equal(block, sr.Report(0));
        Assert.Equal(4005072000u, (uint)(ntp >> 32)); // seconds from 1900 to 2026-12-01
    }

    [Fact]
    public void A_receiver_report_round_trips()
    {
        var buffer = new byte[100];
        var length = ReceiverReport.Write(buffer, 7, [new ReceptionReport(9, 0, 0, 1, 2, 3, 4)]);
        Assert.True(ReceiverReport.TryRead(Single(buffer.AsSpan(0, length)), out var rr));
        Assert.Equal(7u, rr.Ssrc);
        Assert.Equal(9u, rr.Report(0).Ssrc);
        Assert.False(SenderReport.TryRead(Single(buffer.AsSpan(0, length)), out _));
    }

    [Fact]
    public void Sdes_carries_the_cname_and_bye_its_sources()
    {
        var buffer = new byte[100];
        var length = SourceDescription.WriteCname(buffer, 5, "mediation-echo");
        Assert.Equal(0, length % 4);
        Assert.Equal("mediation-echo", SourceDescription.ReadCname(Single(buffer.AsSpan(0, length))));
        length = Goodbye.Write(buffer, [1u, 2u]);
        var bye = Single(buffer.AsSpan(0, length));
        Assert.Equal(2, Goodbye.SourceCount(bye));
        Assert.Equal(2u, Goodbye.Source(bye, 1));
    }

    [Fact]
    public void A_nack_packs_runs_into_pid_and_bitmask_and_reads_them_back()
    {
        var buffer = new byte[100];
        ushort[] lost = [100, 101, 105, 116, 117, 65535];
        var length = GenericNack.Write(buffer, 1, 2, lost);
        Assert.Equal(12 + (3 * 4), length); // 100..116 in one pair, 117 and 65535 in two more
        var read = new List<ushort>();
        GenericNack.ForEachLost(Single(buffer.AsSpan(0, length)), ref read, static (ref List<ushort> list, ushort seq) => list.Add(seq));
        Assert.Equal(lost, read);
    }

    [Fact]
    public void Fir_and_remb_round_trip()
    {
        var buffer = new byte[100];
        var length = FullIntraRequest.Write(buffer, 1, 0xBEEF, 7);
        var fir = Single(buffer.AsSpan(0, length));
        Assert.True(fir.IsKeyFrameRequest);
        Assert.Equal(1, FullIntraRequest.EntryCount(fir));
        Assert.Equal((0xBEEFu, (byte)7), FullIntraRequest.Entry(fir, 0));

        length = ReceiverEstimatedMaxBitrate.Write(buffer, 1, 1_500_000, [11u, 12u]);
        Assert.True(ReceiverEstimatedMaxBitrate.TryRead(Single(buffer.AsSpan(0, length)), out var bitrate, out var count));
        Assert.Equal(2, count);
        Assert.InRange(bitrate, 1_499_000ul, 1_500_000ul); // 18-bit mantissa: exact to within one step
    }

    [Fact]
    public void Transport_wide_feedback_reports_arrivals_and_losses()
    {
        // Base sequence 10, 5 packets: run-length chunk "2 x small delta", then a 2-bit vector chunk
        // [not received, large delta, small delta]; deltas 1 (x250us), 2, -4 (large), 3.
        var packet = Hex.Bytes("""
            8f cd 00 07  00 00 00 01  00 00 00 02
            00 0a 00 05  00 00 01 00
            20 02  c9 00
            01 02 ff fc 03 00 00 00
            """);
        var header = Single(packet);
        Assert.True(TransportWideFeedback.Is(header));
        Assert.Equal(64_000, TransportWideFeedback.ReferenceTimeMicros(header));
        var seen = new List<(ushort, bool, long)>();
        Assert.True(TransportWideFeedback.ForEach(header, ref seen, static (ref List<(ushort, bool, long)> list, ushort seq, bool received, long delta) => list.Add((seq, received, delta))));
        Assert.Equal([((ushort)10, true, 250L), (11, true, 500L), (12, false, 0L), (13, true, -1000L), (14, true, 750L)], seen);
    }

    [Fact]
    public void Header_extension_values_are_read()
    {
        Assert.True(HeaderExtensions.TryReadAudioLevel([0x85], out var voice, out var level));
        Assert.True(voice);
        Assert.Equal(5, level);
        Assert.True(HeaderExtensions.TryReadAbsSendTime([0x04, 0x00, 0x00], out var micros));
        Assert.Equal(1_000_000, micros); // 1.0 in 6.18 fixed point
        Assert.True(HeaderExtensions.TryReadTransportWideSequence([0x01, 0x02], out var seq));
        Assert.Equal(0x0102, seq);
        Assert.Equal("1", HeaderExtensions.ReadMid("1"u8));
    }

    [Fact]
    public void Mutated_feedback_never_throws()
    {
        var random = new Random(4585);
        var buffer = new byte[200];
        for (var i = 0; i < 30_000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = (byte)(0x80 | (i % 2 == 0 ? 15 : random.Next(32)));
            buffer[1] = (byte)(200 + random.Next(7));
            var length = random.Next(4, buffer.Length);
            buffer[2] = 0;
            buffer[3] = (byte)((length / 4) - 1);
            var offset = 0;
            if (!RtcpHeader.TryReadNext(buffer.AsSpan(0, length), ref offset, out var header))
            {
                continue;
            }

            var count = 0;
            _ = TransportWideFeedback.ForEach(header, ref count, static (ref int c, ushort _, bool _, long _) => c++);
            GenericNack.ForEachLost(header, ref count, static (ref int c, ushort _) => c++);
            _ = ReceiverEstimatedMaxBitrate.TryRead(header, out _, out _);
            _ = SourceDescription.ReadCname(header);
            _ = SenderReport.TryRead(header, out _);
            _ = ReceiverReport.TryRead(header, out _);
            for (var j = 0; j < Goodbye.SourceCount(header); j++)
            {
                _ = Goodbye.Source(header, j);
            }

            for (var j = 0; j < FullIntraRequest.EntryCount(header); j++)
            {
                _ = FullIntraRequest.Entry(header, j);
            }
        }
    }
}
