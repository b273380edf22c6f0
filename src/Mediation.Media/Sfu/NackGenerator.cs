namespace Mediation.Media.Sfu;

/// <summary>
/// Loss on a publisher's uplink, asked for again (RFC 4585 §6.2.1 generic NACK). Subscribers' own NACKs are answered
/// from our cache, but a packet that never reached the server is in no cache: without this, uplink loss would reach
/// every subscriber and end in a key-frame request. Gaps are asked for at once and again every
/// <see cref="RetryInterval"/>, at most <see cref="MaxRetries"/> times, then given up on (the subscribers' key-frame
/// requests take over). A burst too long to repair is dropped whole and reported, so the caller asks for a key frame.
/// </summary>
public sealed class NackGenerator(NackGenerator.SendNack send)
{
    public delegate void SendNack(ReadOnlySpan<ushort> lost);

    /// <summary>Sequence numbers waiting at once; a longer gap is an outage, repaired by a key frame instead.</summary>
    public const int MaxMissing = 256;

    /// <summary>About a round trip on the networks parties use, so a retransmission has time to arrive.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(40);

    public const int MaxRetries = 10;

    private readonly Entry[] _missing = new Entry[MaxMissing];
    private readonly ushort[] _due = new ushort[MaxMissing];
    private int _count;
    private bool _started;
    private ushort _highest;

    public long NacksSent { get; private set; }
    public long Recovered { get; private set; }
    public long GivenUp { get; private set; }
    public int Missing => _count;

    /// <summary>A packet arrived; true when a gap was too long to ask for, so the caller should ask for a key frame.</summary>
    public bool OnPacket(ushort sequence, long nowTicks)
    {
        if (!_started)
        {
            (_started, _highest) = (true, sequence);
            return false;
        }

        var delta = (ushort)(sequence - _highest);
        if (delta == 0)
        {
            return false;
        }

        if (delta >= 0x8000)
        {
            // Older than the highest: a retransmission we asked for, or a reordered packet.
            if (Remove(sequence))
            {
                Recovered++;
            }

            return false;
        }

        var gap = delta - 1;
        _highest = sequence;
        if (gap == 0)
        {
            Poll(nowTicks);
            return false;
        }

        if (_count + gap > MaxMissing)
        {
            GivenUp += _count + gap;
            _count = 0;
            return true;
        }

        for (var i = gap; i >= 1; i--)
        {
            // Asked for at once: Entry.LastSentTicks starts one interval back.
            _missing[_count++] = new Entry((ushort)(sequence - i), 0, nowTicks - RetryInterval.Ticks);
        }

        Poll(nowTicks);
        return false;
    }

    /// <summary>Asks again for what is still missing and due; gives up on what was asked for too often.</summary>
    public void Poll(long nowTicks)
    {
        var due = 0;
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            var entry = _missing[i];
            if (nowTicks - entry.LastSentTicks >= RetryInterval.Ticks)
            {
                if (entry.Retries >= MaxRetries)
                {
                    GivenUp++;
                    continue;
                }

                entry = entry with { Retries = entry.Retries + 1, LastSentTicks = nowTicks };
                _due[due++] = entry.Sequence;
            }

            _missing[kept++] = entry;
        }

        _count = kept;
        if (due > 0)
        {
            NacksSent += due;
            send(_due.AsSpan(0, due));
        }
    }

    private bool Remove(ushort sequence)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_missing[i].Sequence == sequence)
            {
                Array.Copy(_missing, i + 1, _missing, i, _count - i - 1);
                _count--;
                return true;
            }
        }

        return false;
    }

    private readonly record struct Entry(ushort Sequence, int Retries, long LastSentTicks);
}
