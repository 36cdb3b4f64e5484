namespace HaVrrp.Engine.Tests.Runtime;

/// <summary>
/// A clock that moves only when a test says so (Microsoft.Extensions.TimeProvider.Testing is not in the mirror).
/// Timers fire in due order as time passes them, each with the clock set to its due time, outside the lock.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate)
            {
                return TimeSpan.FromTicks(_ticks);
            }
        }
    }

    /// <summary>When the earliest active timer is due; null when none is.</summary>
    public TimeSpan? NextDue
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count == 0 ? null : TimeSpan.FromTicks(_timers.Min(timer => timer.DueTicks));
            }
        }
    }

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _ticks;
        }
    }

    public override DateTimeOffset GetUtcNow() => Epoch + Elapsed;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves to <paramref name="target"/>, firing every timer due on the way; returns after the first one fired, if any.</summary>
    public bool AdvanceToNextTimerOrTo(TimeSpan target)
    {
        ManualTimer? due;
        lock (_gate)
        {
            due = _timers.Where(timer => timer.DueTicks <= target.Ticks).MinBy(timer => timer.DueTicks);
            if (due is null)
            {
                _ticks = Math.Max(_ticks, target.Ticks);
                return false;
            }
            _ticks = Math.Max(_ticks, due.DueTicks);
            due.Rearm();
        }
        due.Fire();
        return true;
    }

    private void Schedule(ManualTimer timer, bool active)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (active)
            {
                _timers.Add(timer);
            }
        }
    }

    private long NowTicks
    {
        get
        {
            lock (_gate)
            {
                return _ticks;
            }
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private long _periodTicks;

        public long DueTicks { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var active = dueTime != Timeout.InfiniteTimeSpan;
            DueTicks = active ? clock.NowTicks + dueTime.Ticks : long.MaxValue;
            _periodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            clock.Schedule(this, active);
            return true;
        }

        /// <summary>Called under the clock's lock: sets the next period, or retires a one-shot timer.</summary>
        public void Rearm()
        {
            if (_periodTicks > 0)
            {
                DueTicks += _periodTicks;
            }
            else
            {
                clock._timers.Remove(this);
            }
        }

        public void Fire() => callback(state);

        public void Dispose() => clock.Schedule(this, active: false);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
