using System.Buffers.Binary;

namespace Mediation.Media.Rtcp;

/// <summary>Full Intra Request (RFC 5104 §4.3.1): like PLI, with a sequence number per target so repeats are recognised.</summary>
public static class FullIntraRequest
{
    public static int EntryCount(RtcpHeader header) =>
        header.PacketType == RtcpPacketType.PayloadFeedback && header.CountOrFormat == RtcpFeedbackFormat.FullIntraRequest
            ? Math.Max(0, (header.Packet.Length - 12) / 8) : 0;

    public static (uint Ssrc, byte SequenceNumber) Entry(RtcpHeader header, int index)
    {
        var entry = header.Packet[(12 + (8 * index))..];
        return (BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    public static int Write(Span<byte> buffer, uint senderSsrc, uint targetSsrc, byte sequenceNumber)
    {
        const int length = 20;
        buffer[..length].Clear();
        RtcpWriter.WriteHeader(buffer, RtcpFeedbackFormat.FullIntraRequest, RtcpPacketType.PayloadFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], senderSsrc);
        // Media source SSRC is zero for FIR (RFC 5104 §4.3.1.2); the target is in the entry.
        BinaryPrimitives.WriteUInt32BigEndian(buffer[12..], targetSsrc);
        buffer[16] = sequenceNumber;
        return length;
    }
}
