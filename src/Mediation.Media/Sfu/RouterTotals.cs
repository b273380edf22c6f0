namespace Mediation.Media.Sfu;

/// <summary>What a room has done since it opened (closed tracks and copies included): the server's metrics add these
/// up. Each part of the router fills only the counters it keeps; the others stay 0.</summary>
public readonly record struct RouterTotals
{
    /// <summary>Packets and bytes received from publishers.</summary>
    public long PacketsReceived { get; init; }
    public long BytesReceived { get; init; }

    /// <summary>Packets and bytes forwarded to subscribers (retransmissions not included).</summary>
    public long PacketsForwarded { get; init; }
    public long BytesForwarded { get; init; }

    /// <summary>Sequence numbers subscribers asked for again, the ones resent from the cache, and the ones gone.</summary>
    public long NacksReceived { get; init; }
    public long Retransmitted { get; init; }
    public long RetransmissionMisses { get; init; }

    /// <summary>NACKs beyond a subscriber's retransmission rate, not answered.</summary>
    public long NacksRefused { get; init; }

    /// <summary>PLIs sent to publishers.</summary>
    public long KeyFrameRequestsSent { get; init; }

    /// <summary>Packets asked of publishers again (uplink loss), and those that then arrived.</summary>
    public long UplinkNacksSent { get; init; }
    public long UplinkRecovered { get; init; }

    /// <summary>Packets dropped from publishers sending beyond twice their bitrate cap.</summary>
    public long PacketsOverBitrate { get; init; }

    public static RouterTotals operator +(RouterTotals a, RouterTotals b) => new()
    {
        PacketsReceived = a.PacketsReceived + b.PacketsReceived,
        BytesReceived = a.BytesReceived + b.BytesReceived,
        PacketsForwarded = a.PacketsForwarded + b.PacketsForwarded,
        BytesForwarded = a.BytesForwarded + b.BytesForwarded,
        NacksReceived = a.NacksReceived + b.NacksReceived,
        Retransmitted = a.Retransmitted + b.Retransmitted,
        RetransmissionMisses = a.RetransmissionMisses + b.RetransmissionMisses,
        NacksRefused = a.NacksRefused + b.NacksRefused,
        KeyFrameRequestsSent = a.KeyFrameRequestsSent + b.KeyFrameRequestsSent,
        UplinkNacksSent = a.UplinkNacksSent + b.UplinkNacksSent,
        UplinkRecovered = a.UplinkRecovered + b.UplinkRecovered,
        PacketsOverBitrate = a.PacketsOverBitrate + b.PacketsOverBitrate,
    };

    internal static RouterTotals Of(Producer p) => new()
    {
        PacketsReceived = p.Packets,
        BytesReceived = p.Bytes,
        KeyFrameRequestsSent = p.KeyFrames.Sent,
        UplinkNacksSent = p.Nacks?.NacksSent ?? 0,
        UplinkRecovered = p.Nacks?.Recovered ?? 0,
    };

    internal static RouterTotals Of(Consumer c) => new()
    {
        PacketsForwarded = c.Packets,
        BytesForwarded = c.Bytes,
        NacksReceived = c.NacksReceived,
        Retransmitted = c.Retransmitted,
        RetransmissionMisses = c.RetransmissionMisses,
    };
}
