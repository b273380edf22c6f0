using Mediation.Media.Sfu;

namespace Mediation.Media.Tests;

public sealed class NackGeneratorTests
{
    private readonly List<ushort[]> _sent = [];
    private readonly NackGenerator _nacks;
    private long _now = TimeSpan.FromSeconds(100).Ticks;

    public NackGeneratorTests() => _nacks = new NackGenerator(lost => _sent.Add(lost.ToArray()));

    private bool Receive(ushort sequence, int afterMilliseconds = 5)
    {
        _now += TimeSpan.FromMilliseconds(afterMilliseconds).Ticks;
        return _nacks.OnPacket(sequence, _now);
    }

    [Fact]
    public void A_gap_is_asked_for_at_once_and_the_late_packet_ends_it()
    {
        Receive(10);
        Receive(11);
        Receive(14);
        Assert.Equal([[12, 13]], _sent);

        Receive(12);
        Receive(15, afterMilliseconds: 50);
        Assert.Equal([[12, 13], [13]], _sent);
        Assert.Equal(1, _nacks.Recovered);
        Assert.Equal(1, _nacks.Missing);
    }

    [Fact]
    public void Asking_again_waits_for_the_retry_interval_and_stops_after_the_last_retry()
    {
        Receive(1);
        Receive(3);
        for (var i = 0; i < 40; i++)
        {
            Receive((ushort)(4 + i), afterMilliseconds: 10);
        }

        // 40 packets 10 ms apart: a retry every 40 ms would be ten, but the tenth was the last allowed.
        Assert.Equal(NackGenerator.MaxRetries, _sent.Count);
        Assert.All(_sent, s => Assert.Equal([(ushort)2], s));
        Assert.Equal(1, _nacks.GivenUp);
        Assert.Equal(0, _nacks.Missing);
    }

    [Fact]
    public void Gaps_across_the_sequence_wrap_are_reported_in_order()
    {
        Receive(65533);
        Receive(1);
        Assert.Equal([[65534, 65535, 0]], _sent);
    }

    [Fact]
    public void Reordered_and_duplicate_packets_ask_for_nothing()
    {
        Receive(5);
        Receive(5);
        Receive(4);
        Receive(6);
        Assert.Empty(_sent);
    }

    [Fact]
    public void An_outage_too_long_to_repair_asks_for_a_key_frame_instead()
    {
        Receive(1);
        Assert.False(Receive(2 + NackGenerator.MaxMissing)); // a gap of exactly MaxMissing is still asked for
        Assert.Equal(NackGenerator.MaxMissing, Assert.Single(_sent).Length);
        Assert.True(Receive(4 + NackGenerator.MaxMissing, afterMilliseconds: 1)); // ... but not one more
        Assert.Single(_sent);
        Assert.Equal(0, _nacks.Missing);
        Assert.Equal(NackGenerator.MaxMissing + 1, _nacks.GivenUp);
    }
}
