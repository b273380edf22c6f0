namespace Mediation.Domain.Invites;

/// <summary>
/// How often a code may be sent to one phone: at most <see cref="MaxPerPhonePerHour"/> in any hour and not
/// sooner than <see cref="ResendInterval"/> after the last one. Guards the party's phone against SMS
/// bombing and the platform against SMS cost; the per-address limit sits in the HTTP pipeline.
/// </summary>
public sealed record OneTimeCodeLimits
{
    public TimeSpan ResendInterval { get; init; } = TimeSpan.FromSeconds(60);
    public int MaxPerPhonePerHour { get; init; } = 5;

    /// <summary>How long the caller must wait before another code may go to this phone; zero when it may go now.</summary>
    public TimeSpan RetryAfter(IReadOnlyCollection<DateTime> sentToPhoneUtc, DateTime nowUtc)
    {
        var lastHour = sentToPhoneUtc.Where(t => t > nowUtc - TimeSpan.FromHours(1)).Order().ToList();
        var wait = TimeSpan.Zero;
        if (lastHour.Count > 0)
        {
            var sinceLast = nowUtc - lastHour[^1];
            if (sinceLast < ResendInterval)
            {
                wait = ResendInterval - sinceLast;
            }
        }

        if (lastHour.Count >= MaxPerPhonePerHour)
        {
            // The window frees a place when the oldest code that still counts turns an hour old.
            var oldestCounting = lastHour[lastHour.Count - MaxPerPhonePerHour];
            var untilFree = oldestCounting + TimeSpan.FromHours(1) - nowUtc;
            wait = untilFree > wait ? untilFree : wait;
        }

        return wait;
    }
}
