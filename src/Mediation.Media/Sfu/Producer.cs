using Mediation.Media.Rtcp;
using Mediation.Media.Rtp;
using Mediation.Media.Transport;

namespace Mediation.Media.Sfu;

public enum MediaKind
{
    Audio,
    Video,
}

/// <summary>What the signaling layer learned of an incoming track from the publisher's offer.</summary>
/// <param name="Kind">Audio or video.</param>
/// <param name="Ssrc">The track's media SSRC.</param>
/// <param name="PayloadType">The payload type the publisher sends it with.</param>
/// <param name="ClockRate">The codec's RTP clock rate (48000 for Opus, 90000 for video).</param>
/// <param name="Mid">The m-line the track came on (RFC 8843).</param>
/// <param name="AudioLevelExtensionId">The RFC 6464 header extension id, for active-speaker detection.</param>
/// <param name="Codec">The codec's name (opus, VP8, H264): a subscriber must have negotiated the same one.</param>
/// <param name="StreamId">The msid stream its copies are announced under: the publishing participant, for the pages.</param>
public sealed record ProducerOptions(MediaKind Kind, uint Ssrc, byte PayloadType, int ClockRate, string Mid, int? AudioLevelExtensionId = null,
    string Codec = "", string StreamId = "");

/// <summary>
/// An incoming track: one publisher's audio or video. It keeps its recent packets for retransmission, forwards every
/// packet to its consumers, and asks its publisher for key frames on their behalf (throttled).
/// </summary>
public sealed class Producer
{
    /// <summary>Key frames are asked for at most this often (mediasoup and Janus use about a second too).</summary>
    public static readonly TimeSpan KeyFrameInterval = TimeSpan.FromSeconds(1);

    private readonly byte[] _rtcp = new byte[32];

    /// <summary>A NACK for every sequence number the generator may ask for at once, and room for SRTCP's trailer.</summary>
    private readonly byte[] _nack = new byte[12 + (4 * NackGenerator.MaxMissing) + 32];
    private readonly object _consumersGate = new();
    private Consumer[] _consumers = [];

    internal Producer(Router router, WebRtcTransport transport, ProducerOptions options)
    {
        Router = router;
        Transport = transport;
        Options = options;
        Cache = new RtpPacketCache(options.Kind == MediaKind.Video ? 1024 : 128);
        Reception = new ReceptionStatistics(options.ClockRate);
        KeyFrames = new KeyFrameRequestManager(KeyFrameInterval, SendKeyFrameRequest);
        // Our answers negotiate NACK for video (SdpAnswerer); Opus rides out loss with its own concealment.
        Nacks = options.Kind == MediaKind.Video ? new NackGenerator(SendNack) : null;
    }

    public Guid Id { get; } = Guid.NewGuid();
    public Router Router { get; }

    /// <summary>The publisher's connection.</summary>
    public WebRtcTransport Transport { get; }
    public ProducerOptions Options { get; }
    public MediaKind Kind => Options.Kind;
    public RtpPacketCache Cache { get; }
    public ReceptionStatistics Reception { get; }
    public KeyFrameRequestManager KeyFrames { get; }

    /// <summary>Asks the publisher again for what its uplink lost (video only).</summary>
    public NackGenerator? Nacks { get; }
    public long Packets { get; private set; }
    public long Bytes { get; private set; }

    /// <summary>The last RFC 6464 level (-dBov, 0 loudest, 127 silence) and whether voice activity was flagged.</summary>
    public byte AudioLevel { get; private set; } = 127;

    /// <summary>The publisher's last sender report: the NTP/RTP pair that lets receivers sync audio and video.</summary>
    public (ulong Ntp, uint Rtp)? LastSenderReport { get; private set; }

    public bool Closed { get; private set; }

    /// <summary>Received and counted but forwarded to nobody, by no path (neither copies nor retransmissions): a
    /// participant the mediator muted.</summary>
    public bool Paused { get; set; }

    /// <summary>The consumers now receiving this track. A snapshot: the packet path reads it without locking.</summary>
    public IReadOnlyList<Consumer> Consumers => Volatile.Read(ref _consumers);

    internal void Add(Consumer consumer)
    {
        lock (_consumersGate)
        {
            _consumers = [.. _consumers, consumer];
        }
    }

    internal void Remove(Consumer consumer)
    {
        lock (_consumersGate)
        {
            _consumers = [.. _consumers.Where(c => c != consumer)];
        }
    }

    internal void Close()
    {
        Closed = true;
        lock (_consumersGate)
        {
            _consumers = [];
        }
    }

    /// <summary>A decrypted packet of this track: kept, then sent on by every consumer.</summary>
    internal void OnRtp(byte[] buffer, int length, in RtpHeader header, long nowTicks)
    {
        Packets++;
        Bytes += length;
        Reception.OnPacket(header.SequenceNumber, header.Timestamp, nowTicks);
        if (Options.AudioLevelExtensionId is { } id && header.TryGetExtension(id, out var level) && level.Length >= 1)
        {
            AudioLevel = (byte)(level[0] & 0x7F);
        }

        if (Nacks is { } nacks && nacks.OnPacket(header.SequenceNumber, nowTicks))
        {
            KeyFrames.Request(nowTicks);
        }

        KeyFrames.Poll(nowTicks);
        if (Paused)
        {
            // Not even kept for retransmission: a subscriber's NACK must not fetch what the mediator muted.
            return;
        }

        Cache.Store(header.SequenceNumber, buffer.AsSpan(0, length));

        foreach (var consumer in Volatile.Read(ref _consumers))
        {
            consumer.Forward(this, buffer.AsSpan(0, length), header, nowTicks);
        }
    }

    internal void OnSenderReport(ulong ntp, uint rtp, long nowTicks)
    {
        LastSenderReport = (ntp, rtp);
        LastSenderReportTicks = nowTicks;
        Reception.OnSenderReport(ntp, nowTicks);
    }

    /// <summary>When <see cref="LastSenderReport"/> arrived, on the router's clock.</summary>
    public long LastSenderReportTicks { get; private set; }

    private void SendNack(ReadOnlySpan<ushort> lost)
    {
        var length = GenericNack.Write(_nack, Router.FeedbackSsrc, Options.Ssrc, lost);
        Transport.SendRtcp(_nack, length);
    }

    private void SendKeyFrameRequest()
    {
        lock (_rtcp)
        {
            var length = PictureLossIndication.Write(_rtcp, Router.FeedbackSsrc, Options.Ssrc);
            Transport.SendRtcp(_rtcp, length);
        }
    }
}
