using System.Buffers.Binary;

namespace Mediation.Media.Rtcp;

/// <summary>A report block of SR and RR (RFC 3550 §6.4.1): 24 bytes about one source we receive.</summary>
public readonly record struct ReceptionReport(
    uint Ssrc, byte FractionLost, int CumulativeLost, uint HighestSequence, uint Jitter, uint LastSenderReport, uint DelaySinceLastSenderReport)
{
    public const int Length = 24;

    public static ReceptionReport Read(ReadOnlySpan<byte> block)
    {
        // The cumulative loss is a 24-bit signed number (duplicates can make it negative).
        var lost = (block[5] << 16) | (block[6] << 8) | block[7];
        if ((lost & 0x800000) != 0)
        {
            lost |= unchecked((int)0xFF000000);
        }

        return new ReceptionReport(BinaryPrimitives.ReadUInt32BigEndian(block), block[4], lost,
            BinaryPrimitives.ReadUInt32BigEndian(block[8..]), BinaryPrimitives.ReadUInt32BigEndian(block[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[16..]), BinaryPrimitives.ReadUInt32BigEndian(block[20..]));
    }

    public void Write(Span<byte> block)
    {
        BinaryPrimitives.WriteUInt32BigEndian(block, Ssrc);
        block[4] = FractionLost;
        var lost = Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF);
        block[5] = (byte)(lost >> 16);
        block[6] = (byte)(lost >> 8);
        block[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(block[8..], HighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(block[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(block[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(block[20..], DelaySinceLastSenderReport);
    }
}
