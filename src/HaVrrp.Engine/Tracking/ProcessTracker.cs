using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Tracking;

/// <summary>How havrrpd learns that tracked processes start and stop (docs/configuration.md, "vrrp_track_processes entries").</summary>
public enum ProcessMonitorMethod
{
    /// <summary>Nothing reported yet.</summary>
    Starting,

    /// <summary>The kernel's process-events connector (netlink), after one /proc scan at start.</summary>
    Netlink,

    /// <summary>A periodic /proc scan, where the kernel refuses the connector (outside the initial network namespace).</summary>
    ProcScan,
}

/// <summary>What made the number of matching processes change; it picks keepalived's delay.</summary>
public enum ProcessChangeCause
{
    /// <summary>The first count (a scan at start or after lost events): taken as it is, without delay.</summary>
    Scan,

    /// <summary>A process started or renamed itself into a match: counted at once.</summary>
    Exec,

    /// <summary>A tracked process forked: the new quorum waits <c>fork_delay</c>.</summary>
    Fork,

    /// <summary>A tracked process ended (or stopped matching): the new quorum waits <c>terminate_delay</c>.</summary>
    Exit,
}

/// <summary>
/// One <c>vrrp_track_process</c>: how many matching processes run, and whether that is within the quorum
/// (<c>quorum</c> ≤ count ≤ <c>quorum_max</c>). A change of verdict caused by an exit waits <c>terminate_delay</c>,
/// one caused by a fork waits <c>fork_delay</c>; a verdict that returns before its delay is over was never seen.
/// Pure: the event loop reports counts and fires <see cref="NextDeadline"/>.
/// </summary>
public sealed class ProcessTracker(TrackProcessConfig config)
{
    private bool _pendingVerdict;

    public TrackProcessConfig Config { get; } = config ?? throw new ArgumentNullException(nameof(config));

    public string Name => Config.Name;

    /// <summary>The matching processes last reported.</summary>
    public int Count { get; private set; }

    /// <summary>The verdict instances see; null until the first count arrives.</summary>
    public bool? HasQuorum { get; private set; }

    /// <summary>When a delayed verdict takes effect, if one waits.</summary>
    public TimeSpan? NextDeadline { get; private set; }

    public ProcessMonitorMethod Method { get; set; } = ProcessMonitorMethod.Starting;

    /// <summary>Records a new count; returns true when <see cref="HasQuorum"/> changed now.</summary>
    public bool Update(int count, ProcessChangeCause cause, TimeSpan now)
    {
        Count = Math.Max(0, count);
        var verdict = Config.IsQuorate(Count);
        if (HasQuorum is not { } current || cause == ProcessChangeCause.Scan && NextDeadline is null)
        {
            return Settle(verdict);
        }
        if (verdict == current)
        {
            NextDeadline = null;
            return false;
        }
        if (NextDeadline is not null && _pendingVerdict == verdict)
        {
            return false;
        }
        var delay = cause switch
        {
            ProcessChangeCause.Exit => Config.TerminateDelay,
            ProcessChangeCause.Fork => Config.ForkDelay,
            _ => TimeSpan.Zero,
        };
        if (delay <= TimeSpan.Zero)
        {
            return Settle(verdict);
        }
        _pendingVerdict = verdict;
        NextDeadline = now + delay;
        return false;
    }

    /// <summary>Applies a delayed verdict that is due; returns true when <see cref="HasQuorum"/> changed.</summary>
    public bool OnTimer(TimeSpan now)
    {
        if (NextDeadline is not { } due || due > now)
        {
            return false;
        }
        return Settle(Config.IsQuorate(Count));
    }

    public ProcessTrackStatus Describe() => new(Count, Config.Quorum, Config.QuorumMax, Method);

    private bool Settle(bool verdict)
    {
        NextDeadline = null;
        var changed = HasQuorum != verdict;
        HasQuorum = verdict;
        return changed;
    }
}
