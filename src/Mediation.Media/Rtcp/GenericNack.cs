using System.Buffers.Binary;

namespace Mediation.Media.Rtcp;

/// <summary>Generic NACK (RFC 4585 §6.2.1): lost packets as a packet id and a bitmask of the 16 that follow.</summary>
public static class GenericNack
{
    public static bool Is(RtcpHeader header) =>
        header.PacketType == RtcpPacketType.TransportFeedback && header.CountOrFormat == RtcpFeedbackFormat.GenericNack && header.Packet.Length >= 16;

    /// <summary>Calls <paramref name="lost"/> with every sequence number the NACK reports lost.</summary>
    public static void ForEachLost<TState>(RtcpHeader header, ref TState state, LostAction<TState> lost)
    {
        if (!Is(header))
        {
            return;
        }

        for (var i = 12; i + 4 <= header.Packet.Length; i += 4)
        {
            var pid = BinaryPrimitives.ReadUInt16BigEndian(header.Packet[i..]);
            var blp = BinaryPrimitives.ReadUInt16BigEndian(header.Packet[(i + 2)..]);
            lost(ref state, pid);
            for (var bit = 0; bit < 16; bit++)
            {
                if ((blp & (1 << bit)) != 0)
                {
                    lost(ref state, (ushort)(pid + bit + 1));
                }
            }
        }
    }

    public delegate void LostAction<TState>(ref TState state, ushort sequenceNumber);

    /// <summary>Writes a NACK for <paramref name="lost"/> (ascending), packing runs into PID/BLP pairs.</summary>
    public static int Write(Span<byte> buffer, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost)
    {
        var offset = 12;
        var i = 0;
        while (i < lost.Length)
        {
            var pid = lost[i++];
            ushort blp = 0;
            while (i < lost.Length && (ushort)(lost[i] - pid) is >= 1 and <= 16)
            {
                blp |= (ushort)(1 << ((ushort)(lost[i] - pid) - 1));
                i++;
            }

            BinaryPrimitives.WriteUInt16BigEndian(buffer[offset..], pid);
            BinaryPrimitives.WriteUInt16BigEndian(buffer[(offset + 2)..], blp);
            offset += 4;
        }

        RtcpWriter.WriteHeader(buffer, RtcpFeedbackFormat.GenericNack, RtcpPacketType.TransportFeedback, offset);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], mediaSsrc);
        return offset;
    }
}
