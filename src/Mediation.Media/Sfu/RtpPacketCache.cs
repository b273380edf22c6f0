namespace Mediation.Media.Sfu;

/// <summary>
/// The last packets a producer sent, by sequence number, so a subscriber's NACK (RFC 4585 §6.2.1) is answered from
/// the server instead of going back to the publisher. A fixed ring of preallocated slots: storing copies bytes and
/// allocates nothing; a slot keeps the sequence number it holds, so a wrapped-over slot is a miss, not a wrong packet.
/// </summary>
public sealed class RtpPacketCache
{
    /// <summary>Large enough for an RTP packet of one Ethernet MTU.</summary>
    public const int MaxPacketLength = 1500;

    private readonly byte[][] _slots;
    private readonly int[] _lengths;
    private readonly int[] _sequences;
    private readonly int _mask;

    /// <param name="capacity">Slots, a power of two: about one second of video at 1 Mbit/s is 100 packets.</param>
    public RtpPacketCache(int capacity)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "A power of two.");
        }

        _slots = new byte[capacity][];
        _lengths = new int[capacity];
        _sequences = new int[capacity];
        _mask = capacity - 1;
        for (var i = 0; i < capacity; i++)
        {
            _slots[i] = new byte[MaxPacketLength];
            _sequences[i] = -1;
        }
    }

    public int Capacity => _slots.Length;

    /// <summary>Keeps a copy of the packet (header included) under its sequence number; packets over the MTU are not kept.</summary>
    public void Store(ushort sequenceNumber, ReadOnlySpan<byte> packet)
    {
        if (packet.Length > MaxPacketLength)
        {
            return;
        }

        var slot = sequenceNumber & _mask;
        lock (_slots[slot])
        {
            packet.CopyTo(_slots[slot]);
            _lengths[slot] = packet.Length;
            _sequences[slot] = sequenceNumber;
        }
    }

    /// <summary>Copies the packet with this sequence number into <paramref name="destination"/>; 0 if it is gone.</summary>
    public int TryCopy(ushort sequenceNumber, Span<byte> destination)
    {
        var slot = sequenceNumber & _mask;
        lock (_slots[slot])
        {
            if (_sequences[slot] != sequenceNumber || _lengths[slot] > destination.Length)
            {
                return 0;
            }

            _slots[slot].AsSpan(0, _lengths[slot]).CopyTo(destination);
            return _lengths[slot];
        }
    }
}
