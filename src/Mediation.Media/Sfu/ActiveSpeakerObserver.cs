namespace Mediation.Media.Sfu;

/// <summary>
/// Who is speaking in a room, from the RFC 6464 audio levels the publishers put in each audio packet: every
/// <see cref="Interval"/> the loudest audio producer, smoothed so a cough does not take the floor and held until
/// another speaker is clearly louder. The signaling layer pushes <see cref="Changed"/> to the pages.
/// </summary>
public sealed class ActiveSpeakerObserver : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);

    /// <summary>-dBov below which a producer counts as silent (RFC 6464 levels: 0 loudest, 127 silence).</summary>
    public const int SilenceLevel = 60;

    /// <summary>How much louder (in smoothed dB) a challenger must be to take the floor.</summary>
    public const double Hysteresis = 3;

    private readonly Router _router;
    private readonly Dictionary<Producer, double> _loudness = [];
    private readonly ITimer _timer;

    internal ActiveSpeakerObserver(Router router, TimeProvider time)
    {
        _router = router;
        _timer = time.CreateTimer(_ => Evaluate(), null, Interval, Interval);
    }

    public Producer? Current { get; private set; }

    /// <summary>Raised with the new active speaker's audio producer (null when everyone is silent).</summary>
    public event Action<Producer?>? Changed;

    /// <summary>One step: smooth each audio producer's level, and change the speaker if another is clearly louder.</summary>
    public void Evaluate()
    {
        Producer? next;
        lock (_loudness)
        {
            // A paused (muted) producer does not take the floor: its level would tell others it speaks.
            var audio = _router.Producers.Where(p => p.Kind == MediaKind.Audio && !p.Paused).ToList();
            foreach (var gone in _loudness.Keys.Except(audio).ToList())
            {
                _loudness.Remove(gone);
            }

            foreach (var producer in audio)
            {
                // Loudness in dB above silence; an exponential average over about a second (three intervals).
                var level = Math.Max(0, SilenceLevel - producer.AudioLevel);
                _loudness[producer] = (_loudness.GetValueOrDefault(producer) * 2 + level) / 3;
            }

            var loudest = _loudness.Where(p => p.Value > 1).OrderByDescending(p => p.Value).Select(p => p.Key).FirstOrDefault();
            var current = Current is { } c && _loudness.TryGetValue(c, out var held) && held > 1 ? c : null;
            next = loudest is null ? null
                : current is null ? loudest
                : loudest != current && _loudness[loudest] > _loudness[current] + Hysteresis ? loudest
                : current;
            if (next == Current)
            {
                return;
            }

            Current = next;
        }

        Changed?.Invoke(next);
    }

    public void Dispose() => _timer.Dispose();
}
