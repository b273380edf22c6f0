using System.Buffers.Binary;

namespace Mediation.Media.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1).</summary>
public static class RtcpPacketType
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte SourceDescription = 202;
    public const byte Goodbye = 203;
    public const byte ApplicationDefined = 204;
    public const byte TransportFeedback = 205;
    public const byte PayloadFeedback = 206;
}

/// <summary>Feedback message types (the FMT field) for RTPFB and PSFB.</summary>
public static class RtcpFeedbackFormat
{
    public const int GenericNack = 1;          // RTPFB, RFC 4585 §6.2.1
    public const int TransportWideCc = 15;     // RTPFB, draft-holmer-rmcat-transport-wide-cc-extensions
    public const int PictureLossIndication = 1; // PSFB, RFC 4585 §6.3.1
    public const int FullIntraRequest = 4;     // PSFB, RFC 5104 §4.3.1
    public const int ApplicationLayer = 15;    // PSFB (REMB)
}

/// <summary>One packet of a compound RTCP datagram (RFC 3550 §6.1), read in place.</summary>
public readonly ref struct RtcpHeader
{
    public const int Length = 4;

    private readonly ReadOnlySpan<byte> _packet;

    private RtcpHeader(ReadOnlySpan<byte> packet) => _packet = packet;

    /// <summary>The whole packet, header included.</summary>
    public ReadOnlySpan<byte> Packet => _packet;

    public int CountOrFormat => _packet[0] & 0x1F;
    public byte PacketType => _packet[1];
    public uint SenderSsrc => _packet.Length >= 8 ? BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]) : 0;

    /// <summary>Feedback packets (RFC 4585 §6.1): the media source the feedback is about.</summary>
    public uint MediaSsrc => _packet.Length >= 12 ? BinaryPrimitives.ReadUInt32BigEndian(_packet[8..]) : 0;

    /// <summary>RTCP rather than RTP on a muxed port (RFC 5761 §4): payload types 192–223 are RTCP's.</summary>
    public static bool IsRtcp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= 8 && (datagram[0] & 0xC0) == 0x80 && datagram[1] is >= 192 and <= 223;

    /// <summary>Reads the packet at <paramref name="offset"/> and advances past it; false at the end or on bad bytes.</summary>
    public static bool TryReadNext(ReadOnlySpan<byte> compound, scoped ref int offset, out RtcpHeader header)
    {
        header = default;
        if (offset + Length > compound.Length || (compound[offset] & 0xC0) != 0x80)
        {
            return false;
        }

        var length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(compound[(offset + 2)..]) + 1);
        if (offset + length > compound.Length)
        {
            return false;
        }

        header = new RtcpHeader(compound.Slice(offset, length));
        offset += length;
        return true;
    }

    /// <summary>True for a PLI, or a FIR, i.e. a request for a key frame.</summary>
    public bool IsKeyFrameRequest =>
        PacketType == RtcpPacketType.PayloadFeedback && CountOrFormat is RtcpFeedbackFormat.PictureLossIndication or RtcpFeedbackFormat.FullIntraRequest;
}

public static class RtcpWriter
{
    /// <summary>V=2, no padding, the count or FMT, the type, and the length in 32-bit words minus one.</summary>
    public static void WriteHeader(Span<byte> buffer, int countOrFormat, byte packetType, int lengthInBytes)
    {
        buffer[0] = (byte)(0x80 | (countOrFormat & 0x1F));
        buffer[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)((lengthInBytes / 4) - 1));
    }
}
