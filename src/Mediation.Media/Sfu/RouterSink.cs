using Mediation.Media.Rtcp;
using Mediation.Media.Rtp;
using Mediation.Media.Transport;

namespace Mediation.Media.Sfu;

/// <summary>One transport's packets, routed: RTP by SSRC to its producer; feedback by media SSRC to the consumer
/// it is about. Lookups read copy-on-write maps, so the packet path takes no lock.</summary>
internal sealed class RouterSink(Router router, WebRtcTransport transport, RouterOptions options) : IMediaSink
{
    private readonly TokenBucket _incomingBits = new(2.0 * options.MaxIncomingBitrate, 2.0 * options.MaxIncomingBitrate);
    private readonly TokenBucket _retransmissions = new(options.MaxRetransmissionsPerSecond, options.MaxRetransmissionsPerSecond);
    private Dictionary<uint, Producer> _producers = [];
    private Dictionary<uint, Consumer> _consumers = [];
    private long _packetsOverBitrate;
    private long _nacksRefused;

    public RouterTotals Totals => new() { NacksRefused = Interlocked.Read(ref _nacksRefused), PacketsOverBitrate = Interlocked.Read(ref _packetsOverBitrate) };

    public bool HasProducer(uint ssrc) => _producers.ContainsKey(ssrc);
    public bool HasConsumer(uint ssrc) => _consumers.ContainsKey(ssrc);

    public void AddProducer(Producer producer) => _producers = new(_producers) { [producer.Options.Ssrc] = producer };

    public void RemoveProducer(Producer producer)
    {
        var next = new Dictionary<uint, Producer>(_producers);
        next.Remove(producer.Options.Ssrc);
        _producers = next;
    }

    public void AddConsumer(Consumer consumer)
    {
        var next = new Dictionary<uint, Consumer>(_consumers) { [consumer.Options.Ssrc] = consumer };
        if (consumer.Options.RtxSsrc is { } rtx)
        {
            next[rtx] = consumer;
        }

        _consumers = next;
    }

    public void RemoveConsumer(Consumer consumer)
    {
        var next = new Dictionary<uint, Consumer>(_consumers);
        next.Remove(consumer.Options.Ssrc);
        if (consumer.Options.RtxSsrc is { } rtx)
        {
            next.Remove(rtx);
        }

        _consumers = next;
    }

    public void OnRtp(WebRtcTransport from, byte[] buffer, int length)
    {
        if (!RtpHeader.TryParse(buffer.AsSpan(0, length), out var header) || !Volatile.Read(ref _producers).TryGetValue(header.Ssrc, out var producer))
        {
            transport.Counters.Drop();
            return;
        }

        var now = router.Now();
        if (!_incomingBits.TryTake(length * 8, now))
        {
            Interlocked.Increment(ref _packetsOverBitrate);
            return;
        }

        producer.OnRtp(buffer, length, header, now);
    }

    public void OnRtcp(WebRtcTransport from, ReadOnlySpan<byte> compound)
    {
        var consumers = Volatile.Read(ref _consumers);
        var offset = 0;
        while (RtcpHeader.TryReadNext(compound, ref offset, out var packet))
        {
            if (SenderReport.TryRead(packet, out var sr))
            {
                if (Volatile.Read(ref _producers).TryGetValue(sr.Ssrc, out var producer))
                {
                    producer.OnSenderReport(sr.NtpTimestamp, sr.RtpTimestamp, router.Now());
                }

                for (var i = 0; i < sr.ReportCount; i++)
                {
                    OnReport(consumers, sr.Report(i));
                }
            }
            else if (ReceiverReport.TryRead(packet, out var rr))
            {
                for (var i = 0; i < rr.ReportCount; i++)
                {
                    OnReport(consumers, rr.Report(i));
                }
            }
            else if (GenericNack.Is(packet) && consumers.TryGetValue(packet.MediaSsrc, out var lossy))
            {
                var state = (Consumer: lossy, Sink: this, Now: router.Now());
                GenericNack.ForEachLost(packet, ref state, static (ref (Consumer Consumer, RouterSink Sink, long Now) s, ushort sequence) =>
                {
                    if (s.Sink._retransmissions.TryTake(1, s.Now))
                    {
                        s.Consumer.OnNack(sequence);
                    }
                    else
                    {
                        Interlocked.Increment(ref s.Sink._nacksRefused);
                    }
                });
            }
            else if (packet.IsKeyFrameRequest && consumers.TryGetValue(packet.MediaSsrc, out var blank))
            {
                blank.OnKeyFrameRequest(router.Now());
            }
        }
    }

    private static void OnReport(Dictionary<uint, Consumer> consumers, ReceptionReport report)
    {
        if (consumers.TryGetValue(report.Ssrc, out var consumer))
        {
            consumer.OnReceiverReport(report.FractionLost, report.CumulativeLost, report.Jitter);
        }
    }
}
