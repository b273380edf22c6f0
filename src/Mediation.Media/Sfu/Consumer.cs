using System.Buffers.Binary;
using Mediation.Media.Rtp;
using Mediation.Media.Transport;

namespace Mediation.Media.Sfu;

/// <summary>What the subscriber's negotiation gave an outgoing copy of a track.</summary>
/// <param name="Ssrc">The SSRC this copy is sent with (announced in the subscriber's SDP).</param>
/// <param name="PayloadType">The codec's payload type in the subscriber's negotiation.</param>
/// <param name="RtxSsrc">With <paramref name="RtxPayloadType"/>: retransmissions go in RFC 4588 RTX packets.</param>
/// <param name="RtxPayloadType">The RTX payload type negotiated for the codec (apt=<paramref name="PayloadType"/>).</param>
public sealed record ConsumerOptions(uint Ssrc, byte PayloadType, uint? RtxSsrc = null, byte? RtxPayloadType = null);

/// <summary>
/// One subscriber's copy of a producer's track. It rewrites SSRC and payload type to what the subscriber negotiated
/// and keeps its own sequence and timestamp lines, so that when the producer behind it is replaced the subscriber
/// sees one continuous stream; it answers the subscriber's NACKs from the producer's cache.
/// </summary>
public sealed class Consumer
{
    /// <summary>Room for the packet and the SRTP tag (16 bytes) the transport appends in place.</summary>
    private readonly byte[] _send = new byte[RtpPacketCache.MaxPacketLength + 32];
    private readonly byte[] _retransmit = new byte[RtpPacketCache.MaxPacketLength + 32];
    private ushort _sequenceOffset;
    private uint _timestampOffset;
    private bool _started;
    private volatile bool _resync;
    private ushort _lastSequence;
    private uint _lastTimestamp;
    private long _lastTicks;
    private ushort _rtxSequence;

    internal Consumer(Router router, WebRtcTransport transport, Producer producer, ConsumerOptions options)
    {
        Router = router;
        Transport = transport;
        Producer = producer;
        Options = options;
        _rtxSequence = (ushort)Random.Shared.Next(ushort.MaxValue);
    }

    public Guid Id { get; } = Guid.NewGuid();
    public Router Router { get; }

    /// <summary>The subscriber's connection.</summary>
    public WebRtcTransport Transport { get; }
    public Producer Producer { get; private set; }
    public ConsumerOptions Options { get; }
    public bool Paused { get; set; }
    public long Packets { get; private set; }
    public long Bytes { get; private set; }
    public long NacksReceived { get; private set; }
    public long Retransmitted { get; private set; }
    public long RetransmissionMisses { get; private set; }
    public long KeyFrameRequests { get; private set; }
    public long SimulatedLosses { get; private set; }

    /// <summary>What is added to the producer's RTP timestamps for this subscriber (0 until a producer is replaced).</summary>
    public uint TimestampOffset => _timestampOffset;

    /// <summary>Loss and jitter the subscriber reports for this copy (RFC 3550 §6.4.2).</summary>
    public (byte FractionLost, int CumulativeLost, uint Jitter) LastReceiverReport { get; private set; }

    /// <summary>Sends a packet of <paramref name="from"/> on, rewritten for this subscriber.</summary>
    internal void Forward(Producer from, ReadOnlySpan<byte> packet, in RtpHeader header, long nowTicks)
    {
        // A packet of the producer this consumer just left, still on its way, is not this subscriber's any more.
        if (Paused || from != Producer || packet.Length > RtpPacketCache.MaxPacketLength)
        {
            return;
        }

        if (_resync && _started)
        {
            // The first packet of a new producer: go on by one sequence number and by the time elapsed.
            var elapsed = TimeSpan.FromTicks(Math.Max(0, nowTicks - _lastTicks));
            _sequenceOffset = (ushort)(_lastSequence + 1 - header.SequenceNumber);
            _timestampOffset = _lastTimestamp + (uint)Math.Max(1, elapsed.TotalSeconds * from.Options.ClockRate) - header.Timestamp;
        }

        _resync = false;
        _started = true;
        if (Router.Options.SimulatedForwardingLoss > 0 && Random.Shared.NextDouble() < Router.Options.SimulatedForwardingLoss)
        {
            // Lost on purpose (diagnostics): the sequence number moves on, so the subscriber sees a gap and NACKs.
            (_lastSequence, _lastTimestamp, _lastTicks) = ((ushort)(header.SequenceNumber + _sequenceOffset), header.Timestamp + _timestampOffset, nowTicks);
            SimulatedLosses++;
            return;
        }

        packet.CopyTo(_send);
        var sequence = (ushort)(header.SequenceNumber + _sequenceOffset);
        var timestamp = header.Timestamp + _timestampOffset;
        Rewrite(_send, Options.PayloadType, sequence, timestamp, Options.Ssrc);
        (_lastSequence, _lastTimestamp, _lastTicks) = (sequence, timestamp, nowTicks);
        Packets++;
        Bytes += packet.Length;
        Transport.SendRtp(_send, packet.Length);
    }

    /// <summary>
    /// Puts another producer of the same kind behind this consumer (the publisher re-published, or the mediator
    /// switched the view): the subscriber's sequence numbers go on by one and its timestamps by the time elapsed,
    /// so its jitter buffer and decoder never see a jump; a key frame is asked for at once.
    /// </summary>
    public void ReplaceProducer(Producer next, long nowTicks)
    {
        if (next.Kind != Producer.Kind)
        {
            throw new ArgumentException("A consumer carries one kind of media.", nameof(next));
        }

        _resync = true;
        var previous = Producer;
        Producer = next;
        Router.Move(this, previous, next);
        next.KeyFrames.Request(nowTicks);
    }

    /// <summary>The subscriber lost this packet (its sequence number as sent to it): resend from the producer's cache.</summary>
    internal void OnNack(ushort lostSequence)
    {
        NacksReceived++;
        if (Paused || Producer.Paused)
        {
            // What is not forwarded now is not resent either, not even packets from before the pause.
            RetransmissionMisses++;
            return;
        }

        var original = (ushort)(lostSequence - _sequenceOffset);
        var length = Producer.Cache.TryCopy(original, _retransmit.AsSpan(0, RtpPacketCache.MaxPacketLength));
        if (length == 0 || !RtpHeader.TryParse(_retransmit.AsSpan(0, length), out var header))
        {
            RetransmissionMisses++;
            return;
        }

        var timestamp = header.Timestamp + _timestampOffset;
        if (Options is { RtxSsrc: { } rtxSsrc, RtxPayloadType: { } rtxPayloadType })
        {
            // RFC 4588 §4: the RTX payload is the original sequence number, then the original payload.
            var payloadOffset = header.Length;
            _retransmit.AsSpan(payloadOffset, length - payloadOffset).CopyTo(_retransmit.AsSpan(payloadOffset + 2));
            BinaryPrimitives.WriteUInt16BigEndian(_retransmit.AsSpan(payloadOffset), lostSequence);
            length += 2;
            Rewrite(_retransmit, rtxPayloadType, _rtxSequence++, timestamp, rtxSsrc);
        }
        else
        {
            Rewrite(_retransmit, Options.PayloadType, lostSequence, timestamp, Options.Ssrc);
        }

        Retransmitted++;
        Transport.SendRtp(_retransmit, length);
    }

    internal void OnKeyFrameRequest(long nowTicks)
    {
        KeyFrameRequests++;
        Producer.KeyFrames.Request(nowTicks);
    }

    internal void OnReceiverReport(byte fractionLost, int cumulativeLost, uint jitter) =>
        LastReceiverReport = (fractionLost, cumulativeLost, jitter);

    private static void Rewrite(Span<byte> packet, byte payloadType, ushort sequence, uint timestamp, uint ssrc)
    {
        packet[1] = (byte)((packet[1] & 0x80) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);
    }
}
