namespace HaVrrp.Engine.Configuration;

/// <summary>
/// How the kernel schedules havrrpd: keepalived's <c>vrrp_rt_priority</c>, <c>vrrp_rlimit_rttime</c> and
/// <c>vrrp_priority</c>. Off by default, as in keepalived; docs/daemon.md "Real-time scheduling" says when to use it.
/// </summary>
public sealed record SchedulingSettings
{
    public const int LowestRealtimePriority = 1;
    public const int HighestRealtimePriority = 99;
    public const int LowestNice = -20;
    public const int HighestNice = 19;

    /// <summary>
    /// havrrpd's default for <c>vrrp_rlimit_rttime</c>. keepalived's 10 ms suits its single C thread; a reload's
    /// parse and a garbage collection run longer than that on one of havrrpd's threads without sleeping, and the hard
    /// limit kills the process.
    /// </summary>
    public static readonly TimeSpan DefaultRealtimeLimit = TimeSpan.FromSeconds(1);

    public static SchedulingSettings Default { get; } = new();

    /// <summary><c>vrrp_rt_priority</c> (1-99): every thread of havrrpd runs SCHED_RR at this priority; null: normal scheduling.</summary>
    public int? RealtimePriority { get; init; }

    /// <summary>
    /// <c>vrrp_rlimit_rttime</c>: CPU time a real-time thread may use without blocking before the kernel kills the
    /// process (RLIMIT_RTTIME; a warning at half of it); null: <see cref="DefaultRealtimeLimit"/>.
    /// </summary>
    public TimeSpan? RealtimeLimit { get; init; }

    /// <summary><c>vrrp_priority</c> (-20 to 19): the nice value of every thread when not real-time; null: unchanged.</summary>
    public int? Nice { get; init; }

    public TimeSpan EffectiveRealtimeLimit => RealtimeLimit ?? DefaultRealtimeLimit;
}
