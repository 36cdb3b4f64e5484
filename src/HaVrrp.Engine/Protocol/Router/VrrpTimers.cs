using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Protocol.Router;

/// <summary>
/// The timer formulas of RFC 9568 §6.1, computed in whole microseconds the way keepalived does
/// (VRRP_TIMER_SKEW in vrrp.h), so that both implementations fire at the same instant:
/// Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256 and
/// Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time, where keepalived's <c>down_timer_adverts</c>
/// may replace the RFC's 3.
/// </summary>
/// <remarks>
/// VRRPv2 (RFC 3768) writes Skew_Time as (256 - Priority) / 256 seconds; with the interval a
/// v2 router uses (its own, since adverts with another interval are discarded) keepalived applies
/// the same formula to both versions, and so do we.
/// </remarks>
public static class VrrpTimers
{
    /// <summary>How many silent advert intervals make the master "down": the RFC's 3, keepalived's default.</summary>
    public const int DownTimerAdverts = 3;

    /// <summary>
    /// How long a master handing over keeps its VIPs after the new master's first advert: the new master adds
    /// them and sends its gratuitous ARPs right after that advert, and packets already on their way to us are
    /// still answered meanwhile (docs/daemon.md "Graceful hand-over").
    /// </summary>
    public static readonly TimeSpan HandOverLinger = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// What a stopping master that has never heard a peer adds to one advert interval before it gives up waiting for
    /// a new master: time for the loop, the wire and a backup's own scheduling on top of its Skew_Time.
    /// </summary>
    public static readonly TimeSpan UnknownPeerMargin = TimeSpan.FromMilliseconds(250);

    public static TimeSpan SkewTime(int priority, TimeSpan masterAdvertInterval)
    {
        var intervalMicroseconds = masterAdvertInterval.Ticks / TimeSpan.TicksPerMicrosecond;
        return TimeSpan.FromMicroseconds((256 - priority) * intervalMicroseconds / 256);
    }

    public static TimeSpan MasterDownInterval(int priority, TimeSpan masterAdvertInterval, int downTimerAdverts = DownTimerAdverts) =>
        downTimerAdverts * masterAdvertInterval + SkewTime(priority, masterAdvertInterval);
}
