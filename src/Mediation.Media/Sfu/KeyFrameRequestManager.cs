namespace Mediation.Media.Sfu;

/// <summary>
/// Key-frame requests towards one publisher, throttled. Every subscriber that joins or loses the picture asks for a
/// key frame (PLI/FIR, RFC 4585 §6.3.1, RFC 5104 §4.3.1); passing each on would make the publisher send key frames
/// back to back and starve the stream, so at most one request goes out per interval, and requests in between are
/// folded into one sent when the interval is over.
/// </summary>
public sealed class KeyFrameRequestManager(TimeSpan interval, Action send)
{
    private readonly object _gate = new();
    private long? _lastSentTicks;
    private bool _pending;

    /// <summary>Requests sent to the publisher.</summary>
    public long Sent { get; private set; }

    /// <summary>Requests folded into another because one had just been sent.</summary>
    public long Folded { get; private set; }

    /// <summary>A subscriber wants a key frame: send now, or once the interval since the last request is over.</summary>
    public void Request(long nowTicks)
    {
        lock (_gate)
        {
            if (_lastSentTicks is not { } last || nowTicks - last >= interval.Ticks)
            {
                SendLocked(nowTicks);
            }
            else
            {
                Folded++;
                _pending = true;
            }
        }
    }

    /// <summary>Called as the publisher's packets arrive: sends a folded request once its interval is over.</summary>
    public void Poll(long nowTicks)
    {
        if (!Volatile.Read(ref _pending))
        {
            return;
        }

        lock (_gate)
        {
            if (_pending && (_lastSentTicks is not { } last || nowTicks - last >= interval.Ticks))
            {
                SendLocked(nowTicks);
            }
        }
    }

    private void SendLocked(long nowTicks)
    {
        _pending = false;
        _lastSentTicks = nowTicks;
        Sent++;
        send();
    }
}
