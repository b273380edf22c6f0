using Mediation.Media.Rtcp;

namespace Mediation.Media.Sfu;

/// <summary>
/// What we receive of one source, kept as RFC 3550 appendix A.3 and A.8 say, so our receiver reports tell the
/// publisher its loss and jitter (the input of its loss-based bandwidth estimate).
/// </summary>
public sealed class ReceptionStatistics(int clockRate)
{
    private readonly object _gate = new();
    private bool _started;
    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private double _jitter;
    private long _lastTransit;
    private uint _lastSenderReport;
    private long _lastSenderReportTicks;

    public long Received => Interlocked.Read(ref _received);

    /// <summary>The fraction lost (of 256) in the last reported interval.</summary>
    public byte LastFractionLost { get; private set; }

    public void OnPacket(ushort sequence, uint timestamp, long nowTicks)
    {
        lock (_gate)
        {
            if (!_started)
            {
                (_started, _maxSequence, _baseSequence) = (true, sequence, sequence);
            }
            else
            {
                var delta = (ushort)(sequence - _maxSequence);
                if (delta is > 0 and < 0x8000)
                {
                    if (sequence < _maxSequence)
                    {
                        _cycles += 0x10000; // wrapped (A.1)
                    }

                    _maxSequence = sequence;
                }
            }

            _received++;
            // Interarrival jitter (A.8): the change in transit time, in RTP clock units, smoothed by 1/16.
            var arrival = (long)(nowTicks * (double)clockRate / TimeSpan.TicksPerSecond);
            var transit = arrival - timestamp;
            if (_received > 1)
            {
                _jitter += (Math.Abs(transit - _lastTransit) - _jitter) / 16;
            }

            _lastTransit = transit;
        }
    }

    /// <summary>The sender's report arrived: its NTP time's middle 32 bits, and when, for LSR/DLSR.</summary>
    public void OnSenderReport(ulong ntp, long nowTicks)
    {
        lock (_gate)
        {
            (_lastSenderReport, _lastSenderReportTicks) = ((uint)(ntp >> 16), nowTicks);
        }
    }

    /// <summary>A report block for <paramref name="ssrc"/> covering the interval since the last one (A.3).</summary>
    public ReceptionReport Report(uint ssrc, long nowTicks)
    {
        lock (_gate)
        {
            var extendedMax = _cycles + _maxSequence;
            var expected = _started ? extendedMax - _baseSequence + 1 : 0;
            var lost = Math.Clamp(expected - _received, -0x800000, 0x7FFFFF);
            var expectedInterval = expected - _expectedPrior;
            var receivedInterval = _received - _receivedPrior;
            (_expectedPrior, _receivedPrior) = (expected, _received);
            var lostInterval = expectedInterval - receivedInterval;
            var fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
            LastFractionLost = fraction;
            var delay = _lastSenderReportTicks == 0 ? 0u
                : (uint)((nowTicks - _lastSenderReportTicks) * 65536.0 / TimeSpan.TicksPerSecond);
            return new ReceptionReport(ssrc, fraction, (int)lost, (uint)extendedMax, (uint)_jitter, _lastSenderReport, delay);
        }
    }
}
