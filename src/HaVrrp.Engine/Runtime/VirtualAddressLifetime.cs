namespace HaVrrp.Engine.Runtime;

/// <summary>
/// How long the kernel keeps a VIP that nobody refreshes, and how often a master refreshes it.
/// </summary>
/// <remarks>
/// The point is crash safety: after <c>kill -9</c> nobody removes the VIPs, and a backup takes over after its
/// Master_Down_Interval, which is below 4 × Advertisement_Interval for any priority (3 intervals plus a skew
/// under one; with keepalived's <c>down_timer_adverts</c> N, below N + 1). The kernel counts lifetimes in whole seconds and checks them about once a second, so the master
/// refreshes every second and the lifetime is that bound rounded up plus three refreshes of slack: a loop that
/// stalls for two seconds (a GC pause, a slow netlink reply) must not drop a live master's VIPs. With the
/// default 1 s interval a dead daemon's VIPs are gone about 7 s after it died, about 3 s after the backup took over;
/// never less than 5 s, whatever the interval.
/// </remarks>
public static class VirtualAddressLifetime
{
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(5);

    private const int MissedRefreshesTolerated = 3;

    /// <summary>
    /// The next refresh time: the next whole <see cref="RefreshPeriod"/> on the engine's timeline. Every
    /// instance refreshes on the same ticks, so 255 masters cost one wake-up a second instead of 255.
    /// </summary>
    public static TimeSpan NextRefreshAfter(TimeSpan now) =>
        TimeSpan.FromTicks((now.Ticks / RefreshPeriod.Ticks + 1) * RefreshPeriod.Ticks);

    /// <summary>
    /// The valid lifetime for VIPs of an instance advertising every <paramref name="advertInterval"/>, whose backups
    /// wait <paramref name="downTimerAdverts"/> intervals (keepalived's <c>down_timer_adverts</c>) plus a skew.
    /// </summary>
    public static TimeSpan For(TimeSpan advertInterval, int downTimerAdverts = Protocol.Router.VrrpTimers.DownTimerAdverts)
    {
        var longestMasterDownInterval = (downTimerAdverts + 1) * advertInterval;
        var seconds = Math.Ceiling(longestMasterDownInterval.TotalSeconds) + (MissedRefreshesTolerated * RefreshPeriod.TotalSeconds);
        var lifetime = TimeSpan.FromSeconds(seconds);
        return lifetime < Minimum ? Minimum : lifetime;
    }
}
