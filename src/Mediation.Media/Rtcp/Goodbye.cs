using System.Buffers.Binary;

namespace Mediation.Media.Rtcp;

/// <summary>BYE (RFC 3550 §6.6): the listed sources leave.</summary>
public static class Goodbye
{
    public static int SourceCount(RtcpHeader header) =>
        header.PacketType == RtcpPacketType.Goodbye ? Math.Min(header.CountOrFormat, (header.Packet.Length - 4) / 4) : 0;

    public static uint Source(RtcpHeader header, int index) => BinaryPrimitives.ReadUInt32BigEndian(header.Packet[(4 + (4 * index))..]);

    public static int Write(Span<byte> buffer, ReadOnlySpan<uint> sources)
    {
        var length = 4 + (4 * sources.Length);
        RtcpWriter.WriteHeader(buffer, sources.Length, RtcpPacketType.Goodbye, length);
        for (var i = 0; i < sources.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer[(4 + (4 * i))..], sources[i]);
        }

        return length;
    }
}
