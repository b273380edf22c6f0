using System.Buffers.Binary;
using System.Text;

namespace Mediation.Media.Rtcp;

/// <summary>SDES (RFC 3550 §6.5) with one chunk carrying a CNAME, which is all WebRTC sends.</summary>
public static class SourceDescription
{
    public const byte CnameItem = 1;

    /// <summary>The CNAME of the first chunk, or null.</summary>
    public static string? ReadCname(RtcpHeader header)
    {
        var p = header.Packet;
        if (header.PacketType != RtcpPacketType.SourceDescription || header.CountOrFormat == 0 || p.Length < 10)
        {
            return null;
        }

        var i = 8;
        while (i + 2 <= p.Length && p[i] != 0)
        {
            var (type, length) = (p[i], p[i + 1]);
            if (i + 2 + length > p.Length)
            {
                return null;
            }

            if (type == CnameItem)
            {
                return Encoding.UTF8.GetString(p.Slice(i + 2, length));
            }

            i += 2 + length;
        }

        return null;
    }

    public static int WriteCname(Span<byte> buffer, uint ssrc, string cname)
    {
        var text = Encoding.UTF8.GetBytes(cname);
        var length = Math.Min(text.Length, 255);
        // Chunk: SSRC, item (type, length, text), then a null terminator and padding to 32 bits.
        var total = 4 + (((4 + 2 + length + 1) + 3) & ~3);
        buffer[..total].Clear();
        RtcpWriter.WriteHeader(buffer, 1, RtcpPacketType.SourceDescription, total);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], ssrc);
        buffer[8] = CnameItem;
        buffer[9] = (byte)length;
        text.AsSpan(0, length).CopyTo(buffer[10..]);
        return total;
    }
}
