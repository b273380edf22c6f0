using Mediation.Media.Rtcp;
using Mediation.Media.Transport;

namespace Mediation.Media.Sfu;

/// <summary>Per-router limits, so one participant or one room cannot take the server's capacity
/// (<paramref name="MaxTransports"/> connections, <paramref name="MaxProducersPerTransport"/> tracks sent and
/// <paramref name="MaxConsumersPerTransport"/> received by each), the loss simulation of
/// <see cref="MediaOptions.SimulatedForwardingLoss"/> (<paramref name="SimulatedForwardingLoss"/>), and
/// <paramref name="MaxIncomingBitrate"/>: the most a participant may send us, bits per second, announced by REMB —
/// a mediation needs a clear face and voice, not the highest resolution. A sender that ignores REMB is cut at twice
/// that (its packets beyond are dropped), and a subscriber's NACKs are answered up to
/// <paramref name="MaxRetransmissionsPerSecond"/>, so neither can turn the server into an amplifier.</summary>
public sealed record RouterOptions(int MaxTransports = 16, int MaxProducersPerTransport = 4, int MaxConsumersPerTransport = 40, double SimulatedForwardingLoss = 0,
    long MaxIncomingBitrate = 1_500_000, int MaxRetransmissionsPerSecond = 300);

/// <summary>
/// A room (mediasoup's Router): the participants' transports, the tracks they publish (producers) and the copies
/// each receives (consumers). Nothing is forwarded unless the signaling layer created the consumer: who receives
/// whom is decided there, and a consumer that must not exist (another caucus room) is simply never created — there
/// is no hidden forwarding to switch off.
/// </summary>
public sealed class Router : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<WebRtcTransport, RouterSink> _sinks = [];
    private readonly List<Producer> _producers = [];
    private readonly List<Consumer> _consumers = [];
    private readonly ITimer _reports;
    private readonly TimeProvider _time;
    private RouterTotals _closed;

    /// <summary>A room with these limits on this clock (the system's by default; tests pass their own).</summary>
    public Router(RouterOptions? options = null, TimeProvider? time = null)
    {
        Options = options ?? new RouterOptions();
        _time = time ?? TimeProvider.System;
        ActiveSpeaker = new ActiveSpeakerObserver(this, _time);
        _reports = _time.CreateTimer(_ => SendReports(), null, ReportInterval, ReportInterval);
    }

    /// <summary>How often the router reports: RR and REMB to publishers, SR to subscribers (RFC 3550 §6.2 allows
    /// this rate for a handful of sources; browsers send theirs about as often).</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    public Guid Id { get; } = Guid.NewGuid();
    public RouterOptions Options { get; }

    /// <summary>The SSRC the server's own feedback (PLI, NACK) is sent from.</summary>
    public uint FeedbackSsrc { get; } = (uint)Random.Shared.NextInt64(1, uint.MaxValue);

    public ActiveSpeakerObserver ActiveSpeaker { get; }

    public IReadOnlyList<Producer> Producers
    {
        get
        {
            lock (_gate)
            {
                return [.. _producers];
            }
        }
    }

    public IReadOnlyList<Consumer> Consumers
    {
        get
        {
            lock (_gate)
            {
                return [.. _consumers];
            }
        }
    }

    /// <summary>Everything counted in this room so far, the closed tracks and copies and the open ones.</summary>
    public RouterTotals Totals()
    {
        lock (_gate)
        {
            var totals = _closed;
            foreach (var producer in _producers)
            {
                totals += RouterTotals.Of(producer);
            }

            foreach (var consumer in _consumers)
            {
                totals += RouterTotals.Of(consumer);
            }

            foreach (var sink in _sinks.Values)
            {
                totals += sink.Totals;
            }

            return totals;
        }
    }

    /// <summary>Takes a participant's connection into the room: its packets now come here.</summary>
    public MediaResult Attach(WebRtcTransport transport)
    {
        lock (_gate)
        {
            if (_sinks.ContainsKey(transport))
            {
                return MediaResult.Ok;
            }

            if (_sinks.Count >= Options.MaxTransports)
            {
                return MediaResult.Refuse("router-full", $"A room holds at most {Options.MaxTransports} connections.");
            }

            var sink = new RouterSink(this, transport, Options);
            _sinks[transport] = sink;
            transport.Sink = sink;
            // Consumers made during negotiation exist before the subscriber's connection does: a key frame asked for
            // then reaches nobody, so ask again the moment the connection is up.
            transport.Connected += RequestKeyFramesFor;
            return MediaResult.Ok;
        }
    }

    /// <summary>A track the participant publishes, as its offer described it.</summary>
    public MediaResult<Producer> Produce(WebRtcTransport transport, ProducerOptions options)
    {
        lock (_gate)
        {
            if (!_sinks.TryGetValue(transport, out var sink))
            {
                return MediaResult<Producer>.Refuse("transport-not-attached", "The connection is not in this room.");
            }

            if (_producers.Count(p => p.Transport == transport) >= Options.MaxProducersPerTransport)
            {
                return MediaResult<Producer>.Refuse("too-many-producers", $"A connection publishes at most {Options.MaxProducersPerTransport} tracks.");
            }

            if (sink.HasProducer(options.Ssrc))
            {
                return MediaResult<Producer>.Refuse("ssrc-in-use", "The connection already publishes this SSRC.");
            }

            var producer = new Producer(this, transport, options);
            _producers.Add(producer);
            sink.AddProducer(producer);
            return MediaResult<Producer>.Ok(producer);
        }
    }

    /// <summary>A copy of <paramref name="producer"/> for the participant on <paramref name="transport"/>. A video
    /// consumer asks the publisher for a key frame at once, so the new viewer sees a picture without waiting.</summary>
    public MediaResult<Consumer> Consume(WebRtcTransport transport, Producer producer, ConsumerOptions options)
    {
        Consumer consumer;
        lock (_gate)
        {
            if (!_sinks.TryGetValue(transport, out var sink))
            {
                return MediaResult<Consumer>.Refuse("transport-not-attached", "The connection is not in this room.");
            }

            if (producer.Router != this || producer.Closed)
            {
                return MediaResult<Consumer>.Refuse("producer-not-found", "No such track in this room.");
            }

            if (producer.Transport == transport)
            {
                return MediaResult<Consumer>.Refuse("own-producer", "A participant does not receive its own track back.");
            }

            if (_consumers.Count(c => c.Transport == transport) >= Options.MaxConsumersPerTransport)
            {
                return MediaResult<Consumer>.Refuse("too-many-consumers", $"A connection receives at most {Options.MaxConsumersPerTransport} tracks.");
            }

            if (sink.HasConsumer(options.Ssrc) || (options.RtxSsrc is { } rtx && sink.HasConsumer(rtx)))
            {
                return MediaResult<Consumer>.Refuse("ssrc-in-use", "The connection already receives on this SSRC.");
            }

            consumer = new Consumer(this, transport, producer, options);
            _consumers.Add(consumer);
            sink.AddConsumer(consumer);
            producer.Add(consumer);
        }

        if (producer.Kind == MediaKind.Video && transport.State == TransportState.Connected)
        {
            producer.KeyFrames.Request(Now());
        }

        return MediaResult<Consumer>.Ok(consumer);
    }

    public void CloseConsumer(Consumer consumer)
    {
        lock (_gate)
        {
            if (!_consumers.Remove(consumer))
            {
                return;
            }

            _closed += RouterTotals.Of(consumer);
            consumer.Producer.Remove(consumer);
            if (_sinks.TryGetValue(consumer.Transport, out var sink))
            {
                sink.RemoveConsumer(consumer);
            }
        }
    }

    /// <summary>Ends a track and every copy of it.</summary>
    public void CloseProducer(Producer producer)
    {
        lock (_gate)
        {
            if (!_producers.Remove(producer))
            {
                return;
            }

            _closed += RouterTotals.Of(producer);
            foreach (var consumer in _consumers.Where(c => c.Producer == producer).ToList())
            {
                CloseConsumer(consumer);
            }

            producer.Close();
            if (_sinks.TryGetValue(producer.Transport, out var sink))
            {
                sink.RemoveProducer(producer);
            }
        }
    }

    /// <summary>A participant leaves: its tracks, its copies of others' tracks, and its connection's place in the room.</summary>
    public void Detach(WebRtcTransport transport)
    {
        lock (_gate)
        {
            foreach (var producer in _producers.Where(p => p.Transport == transport).ToList())
            {
                CloseProducer(producer);
            }

            foreach (var consumer in _consumers.Where(c => c.Transport == transport).ToList())
            {
                CloseConsumer(consumer);
            }

            if (_sinks.Remove(transport, out var sink))
            {
                _closed += sink.Totals;
                transport.Sink = null;
                transport.Connected -= RequestKeyFramesFor;
            }
        }
    }

    private void RequestKeyFramesFor(WebRtcTransport transport)
    {
        foreach (var consumer in Consumers.Where(c => c.Transport == transport && c.Producer.Kind == MediaKind.Video))
        {
            consumer.Producer.KeyFrames.Request(Now());
        }
    }

    /// <summary>Monotonic time in ticks on the router's clock: the clock of key-frame throttling, rate limits and
    /// stream continuity.</summary>
    public long Now()
    {
        // Whole seconds and the rest apart: timestamp × ticks-per-second would overflow a long after a day of uptime.
        var (stamp, frequency) = (_time.GetTimestamp(), _time.TimestampFrequency);
        return (stamp / frequency * TimeSpan.TicksPerSecond) + (stamp % frequency * TimeSpan.TicksPerSecond / frequency);
    }

    internal void Move(Consumer consumer, Producer from, Producer to)
    {
        lock (_gate)
        {
            from.Remove(consumer);
            to.Add(consumer);
        }
    }

    /// <summary>
    /// The router's own RTCP, once per <see cref="ReportInterval"/>: to each publisher a receiver report on its tracks
    /// (loss and jitter, the input of its loss-based bandwidth estimate) and a REMB capping what it sends; to each
    /// subscriber a sender report per consumer, on the publisher's NTP timeline, so its audio and video play in sync.
    /// </summary>
    public void SendReports()
    {
        List<Producer> producers;
        List<Consumer> consumers;
        lock (_gate)
        {
            producers = [.. _producers];
            consumers = [.. _consumers];
        }

        var now = Now();
        var buffer = new byte[1500];
        foreach (var group in producers.GroupBy(p => p.Transport))
        {
            var list = group.Take(31).ToList();
            var reports = list.Select(p => p.Reception.Report(p.Options.Ssrc, now)).ToArray();
            var length = ReceiverReport.Write(buffer, FeedbackSsrc, reports);
            length += ReceiverEstimatedMaxBitrate.Write(buffer.AsSpan(length), FeedbackSsrc, (ulong)Options.MaxIncomingBitrate, [.. list.Select(p => p.Options.Ssrc)]);
            group.Key.SendRtcp(buffer, length);
        }

        foreach (var consumer in consumers)
        {
            if (consumer.Producer.LastSenderReport is not { } sr)
            {
                continue;
            }

            // The publisher's clock pair, moved on by the time since its report.
            var elapsed = TimeSpan.FromTicks(now - consumer.Producer.LastSenderReportTicks);
            var ntp = sr.Ntp + (ulong)(elapsed.TotalSeconds * 4294967296.0);
            var rtp = sr.Rtp + (uint)(elapsed.TotalSeconds * consumer.Producer.Options.ClockRate) + consumer.TimestampOffset;
            var length = SenderReport.Write(buffer, consumer.Options.Ssrc, ntp, rtp, (uint)consumer.Packets, (uint)consumer.Bytes, []);
            consumer.Transport.SendRtcp(buffer, length);
        }
    }

    public void Dispose()
    {
        _reports.Dispose();
        lock (_gate)
        {
            foreach (var transport in _sinks.Keys.ToList())
            {
                Detach(transport);
            }
        }

        ActiveSpeaker.Dispose();
    }
}
