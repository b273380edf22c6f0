using System.Buffers.Binary;

namespace Mediation.Media.Rtcp;

/// <summary>REMB (draft-alvestrand-rmcat-remb): the receiver's bandwidth estimate, as a PSFB with "REMB".</summary>
public static class ReceiverEstimatedMaxBitrate
{
    private const uint Identifier = 0x52454D42; // "REMB"

    public static bool TryRead(RtcpHeader header, out ulong bitsPerSecond, out int ssrcCount)
    {
        (bitsPerSecond, ssrcCount) = (0, 0);
        var p = header.Packet;
        if (header.PacketType != RtcpPacketType.PayloadFeedback || header.CountOrFormat != RtcpFeedbackFormat.ApplicationLayer
            || p.Length < 20 || BinaryPrimitives.ReadUInt32BigEndian(p[12..]) != Identifier)
        {
            return false;
        }

        ssrcCount = p[16];
        var exponent = p[17] >> 2;
        var mantissa = ((p[17] & 0x03) << 16) | (p[18] << 8) | p[19];
        bitsPerSecond = (ulong)mantissa << exponent;
        return p.Length >= 20 + (4 * ssrcCount);
    }

    public static int Write(Span<byte> buffer, uint senderSsrc, ulong bitsPerSecond, ReadOnlySpan<uint> ssrcs)
    {
        var exponent = 0;
        while ((bitsPerSecond >> exponent) > 0x3FFFF)
        {
            exponent++;
        }

        var mantissa = (uint)(bitsPerSecond >> exponent);
        var length = 20 + (4 * ssrcs.Length);
        RtcpWriter.WriteHeader(buffer, RtcpFeedbackFormat.ApplicationLayer, RtcpPacketType.PayloadFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[12..], Identifier);
        buffer[16] = (byte)ssrcs.Length;
        buffer[17] = (byte)((exponent << 2) | (int)(mantissa >> 16));
        buffer[18] = (byte)(mantissa >> 8);
        buffer[19] = (byte)mantissa;
        for (var i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer[(20 + (4 * i))..], ssrcs[i]);
        }

        return length;
    }
}
