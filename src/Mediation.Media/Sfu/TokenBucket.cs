namespace Mediation.Media.Sfu;

/// <summary>
/// A rate limit: <paramref name="ratePerSecond"/> tokens refill each second, up to <paramref name="burst"/>. One
/// thread at a time takes from it (a transport's packets come in order on one thread), so it has no lock.
/// </summary>
public sealed class TokenBucket(double ratePerSecond, double burst)
{
    private readonly double _burst = burst;
    private double _tokens = burst;
    private long _lastTicks = long.MinValue;

    public bool TryTake(double amount, long nowTicks)
    {
        if (_lastTicks != long.MinValue)
        {
            _tokens = Math.Min(_burst, _tokens + (ratePerSecond * (nowTicks - _lastTicks) / TimeSpan.TicksPerSecond));
        }

        _lastTicks = nowTicks;
        if (_tokens < amount)
        {
            return false;
        }

        _tokens -= amount;
        return true;
    }
}
