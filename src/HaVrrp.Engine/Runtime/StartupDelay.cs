namespace HaVrrp.Engine.Runtime;

/// <summary>
/// keepalived's <c>vrrp_startup_delay</c>: after the daemon starts, no instance runs (none sends, none listens,
/// none counts its Master_Down_Timer) until the delay is over; static addresses and routes are not held back.
/// A reload does not restart the delay: a changed value moves the end of a delay still running (measured from
/// the start), and once the delay is over it never comes back, as in keepalived.
/// </summary>
public sealed class StartupDelay
{
    private readonly TimeSpan _startedAt;
    private TimeSpan _delay;
    private bool _over;

    public StartupDelay(TimeSpan delay, TimeSpan startedAt)
    {
        _delay = delay;
        _startedAt = startedAt;
        _over = delay <= TimeSpan.Zero;
    }

    /// <summary>When instances may start; null once the delay is over (or there was none).</summary>
    public TimeSpan? PendingUntil => _over ? null : _startedAt + _delay;

    /// <summary>True while instances must wait; the first call at or after the end ends the delay for good.</summary>
    public bool IsPending(TimeSpan now)
    {
        if (!_over && now >= _startedAt + _delay)
        {
            _over = true;
        }
        return !_over;
    }

    /// <summary>A reload's value. Returns true when that shortened a running delay so far that it is now over.</summary>
    public bool Reconfigure(TimeSpan delay, TimeSpan now)
    {
        if (_over)
        {
            return false;
        }
        _delay = delay;
        return !IsPending(now);
    }
}
