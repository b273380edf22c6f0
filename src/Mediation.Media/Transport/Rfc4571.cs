using System.Buffers.Binary;

namespace Mediation.Media.Transport;

/// <summary>
/// RFC 4571 framing, which ICE-TCP (RFC 6544 §3) uses for everything on a connection: STUN, DTLS, SRTP and SRTCP
/// each go as a 16-bit big-endian length followed by that many bytes.
/// </summary>
public static class Rfc4571
{
    public const int HeaderLength = 2;

    /// <summary>Writes the header and the packet into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Frame(ReadOnlySpan<byte> packet, Span<byte> destination)
    {
        if (packet.Length > ushort.MaxValue)
        {
            throw new ArgumentException("An RFC 4571 frame carries at most 65,535 bytes.", nameof(packet));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)packet.Length);
        packet.CopyTo(destination[HeaderLength..]);
        return HeaderLength + packet.Length;
    }

    public static int ReadLength(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt16BigEndian(header);
}
