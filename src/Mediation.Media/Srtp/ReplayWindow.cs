namespace Mediation.Media.Srtp;

/// <summary>The 64-packet sliding replay window of RFC 3711 §3.3.2. <see cref="Check"/> before authentication,
/// <see cref="Accept"/> only after it, so a forged packet cannot move the window (§3.3).</summary>
internal struct ReplayWindow
{
    private const int Size = 64;
    private ulong _highest;
    private ulong _mask;
    private bool _started;

    public readonly SrtpError Check(ulong index)
    {
        if (!_started || index > _highest)
        {
            return SrtpError.None;
        }

        var delta = _highest - index;
        if (delta >= Size)
        {
            return SrtpError.TooOld;
        }

        return (_mask & (1UL << (int)delta)) != 0 ? SrtpError.Replayed : SrtpError.None;
    }

    public void Accept(ulong index)
    {
        if (!_started)
        {
            (_started, _highest, _mask) = (true, index, 1);
            return;
        }

        if (index > _highest)
        {
            var shift = index - _highest;
            _mask = shift >= Size ? 1 : (_mask << (int)shift) | 1;
            _highest = index;
        }
        else
        {
            _mask |= 1UL << (int)(_highest - index);
        }
    }
}
