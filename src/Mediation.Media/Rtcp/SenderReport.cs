using System.Buffers.Binary;

namespace Mediation.Media.Rtcp;

/// <summary>Sender Report (RFC 3550 §6.4.1): the wallclock/RTP-clock pair receivers use for lip sync, and counts.</summary>
public readonly ref struct SenderReport
{
    private readonly ReadOnlySpan<byte> _packet;

    private SenderReport(ReadOnlySpan<byte> packet) => _packet = packet;

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]);
    public ulong NtpTimestamp => BinaryPrimitives.ReadUInt64BigEndian(_packet[8..]);
    public uint RtpTimestamp => BinaryPrimitives.ReadUInt32BigEndian(_packet[16..]);
    public uint PacketCount => BinaryPrimitives.ReadUInt32BigEndian(_packet[20..]);
    public uint OctetCount => BinaryPrimitives.ReadUInt32BigEndian(_packet[24..]);
    public int ReportCount => _packet[0] & 0x1F;

    public ReceptionReport Report(int index) => ReceptionReport.Read(_packet.Slice(28 + (index * ReceptionReport.Length)));

    public static bool TryRead(RtcpHeader header, out SenderReport report)
    {
        report = default;
        if (header.PacketType != RtcpPacketType.SenderReport || header.Packet.Length < 28 + (header.CountOrFormat * ReceptionReport.Length))
        {
            return false;
        }

        report = new SenderReport(header.Packet);
        return true;
    }

    public static int Write(Span<byte> buffer, uint ssrc, ulong ntpTimestamp, uint rtpTimestamp, uint packetCount, uint octetCount, ReadOnlySpan<ReceptionReport> reports)
    {
        var length = 28 + (reports.Length * ReceptionReport.Length);
        RtcpWriter.WriteHeader(buffer, reports.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(buffer[8..], ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[20..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[24..], octetCount);
        for (var i = 0; i < reports.Length; i++)
        {
            reports[i].Write(buffer[(28 + (i * ReceptionReport.Length))..]);
        }

        return length;
    }

    /// <summary>NTP time (RFC 5905 §6: seconds since 1900 in the high word, fraction in the low).</summary>
    public static ulong ToNtp(DateTime utc)
    {
        var sinceEpoch = utc - new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var seconds = (ulong)sinceEpoch.TotalSeconds;
        var fraction = (ulong)((sinceEpoch.TotalSeconds - seconds) * 4294967296.0);
        return (seconds << 32) | fraction;
    }
}
