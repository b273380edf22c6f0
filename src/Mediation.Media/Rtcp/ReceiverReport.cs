using System.Buffers.Binary;

namespace Mediation.Media.Rtcp;

/// <summary>Receiver Report (RFC 3550 §6.4.2).</summary>
public readonly ref struct ReceiverReport
{
    private readonly ReadOnlySpan<byte> _packet;

    private ReceiverReport(ReadOnlySpan<byte> packet) => _packet = packet;

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]);
    public int ReportCount => _packet[0] & 0x1F;

    public ReceptionReport Report(int index) => ReceptionReport.Read(_packet.Slice(8 + (index * ReceptionReport.Length)));

    public static bool TryRead(RtcpHeader header, out ReceiverReport report)
    {
        report = default;
        if (header.PacketType != RtcpPacketType.ReceiverReport || header.Packet.Length < 8 + (header.CountOrFormat * ReceptionReport.Length))
        {
            return false;
        }

        report = new ReceiverReport(header.Packet);
        return true;
    }

    public static int Write(Span<byte> buffer, uint ssrc, ReadOnlySpan<ReceptionReport> reports)
    {
        var length = 8 + (reports.Length * ReceptionReport.Length);
        RtcpWriter.WriteHeader(buffer, reports.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], ssrc);
        for (var i = 0; i < reports.Length; i++)
        {
            reports[i].Write(buffer[(8 + (i * ReceptionReport.Length))..]);
        }

        return length;
    }
}
