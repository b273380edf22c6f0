using System.Buffers.Binary;

namespace Mediation.Media.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): for a
/// run of transport-wide sequence numbers, which arrived and when. Read in place; nothing is allocated.
/// </summary>
public static class TransportWideFeedback
{
    public delegate void PacketAction<TState>(ref TState state, ushort sequenceNumber, bool received, long arrivalDeltaMicros);

    public static bool Is(RtcpHeader header) =>
        header.PacketType == RtcpPacketType.TransportFeedback && header.CountOrFormat == RtcpFeedbackFormat.TransportWideCc && header.Packet.Length >= 20;

    /// <summary>Reference time in microseconds (a signed 24-bit count of 64 ms units).</summary>
    public static long ReferenceTimeMicros(RtcpHeader header)
    {
        var p = header.Packet;
        var value = (p[16] << 16) | (p[17] << 8) | p[18];
        if ((value & 0x800000) != 0)
        {
            value |= unchecked((int)0xFF000000);
        }

        return value * 64_000L;
    }

    /// <summary>Walks every packet the feedback reports, in sequence order. False when the packet is malformed
    /// (what was reported before the fault has been passed on).</summary>
    public static bool ForEach<TState>(RtcpHeader header, ref TState state, PacketAction<TState> action)
    {
        if (!Is(header))
        {
            return false;
        }

        var p = header.Packet;
        var baseSequence = BinaryPrimitives.ReadUInt16BigEndian(p[12..]);
        int count = BinaryPrimitives.ReadUInt16BigEndian(p[14..]);

        // First pass: the status chunks, to know where the deltas start and each packet's symbol.
        Span<byte> symbols = count <= 4096 ? stackalloc byte[count] : new byte[count];
        var offset = 20;
        var filled = 0;
        while (filled < count)
        {
            if (offset + 2 > p.Length)
            {
                return false;
            }

            var chunk = BinaryPrimitives.ReadUInt16BigEndian(p[offset..]);
            offset += 2;
            if ((chunk & 0x8000) == 0)
            {
                var symbol = (byte)((chunk >> 13) & 0x3);
                var run = chunk & 0x1FFF;
                for (var i = 0; i < run && filled < count; i++)
                {
                    symbols[filled++] = symbol;
                }
            }
            else if ((chunk & 0x4000) == 0)
            {
                for (var i = 13; i >= 0 && filled < count; i--)
                {
                    symbols[filled++] = (byte)((chunk >> i) & 0x1);
                }
            }
            else
            {
                for (var i = 12; i >= 0 && filled < count; i -= 2)
                {
                    symbols[filled++] = (byte)((chunk >> i) & 0x3);
                }
            }
        }

        for (var i = 0; i < count; i++)
        {
            var sequence = (ushort)(baseSequence + i);
            switch (symbols[i])
            {
                case 1:
                    if (offset + 1 > p.Length)
                    {
                        return false;
                    }

                    action(ref state, sequence, true, p[offset] * 250L);
                    offset += 1;
                    break;
                case 2:
                    if (offset + 2 > p.Length)
                    {
                        return false;
                    }

                    action(ref state, sequence, true, BinaryPrimitives.ReadInt16BigEndian(p[offset..]) * 250L);
                    offset += 2;
                    break;
                default:
                    action(ref state, sequence, false, 0);
                    break;
            }
        }

        return true;
    }
}
