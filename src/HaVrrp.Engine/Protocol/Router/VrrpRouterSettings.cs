using System.Net.Sockets;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Protocol.Router;

/// <summary>
/// Everything a <see cref="VrrpRouter"/> needs to know about its instance, with keepalived's
/// defaults and keepalived's corrections of contradictory settings already applied (by
/// <see cref="Runtime.ProtocolSettings"/>, which reads them from the configuration).
/// </summary>
public sealed record VrrpRouterSettings
{
    /// <summary>The instance name that prefixes every log line, as in <c>(VI_1)</c>.</summary>
    public required string Name { get; init; }

    public required int VirtualRouterId { get; init; }

    /// <summary>2 (RFC 3768) or 3 (RFC 9568).</summary>
    public int Version { get; init; } = 3;

    public int BasePriority { get; init; } = Priority.Default;

    /// <summary>Advertisement_Interval: whole seconds for v2, centiseconds for v3.</summary>
    public TimeSpan AdvertInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>RFC Preempt_Mode; keepalived's <c>nopreempt</c> is false.</summary>
    public bool Preempt { get; init; } = true;

    /// <summary>keepalived's <c>preempt_delay</c>: how long a backup tolerates a lower-priority master before preempting.</summary>
    public TimeSpan PreemptDelay { get; init; }

    /// <summary>Our address in adverts, compared on equal priorities (RFC 9568 §6.4.3).</summary>
    public required VrrpAddress PrimaryAddress { get; init; }

    public AddressFamily AddressFamily => PrimaryAddress.Family;

    /// <summary>RFC Accept_Mode: a non-owner master accepts packets addressed to the virtual addresses.</summary>
    public bool AcceptMode { get; init; } = true;

    /// <summary>keepalived's <c>lower_prio_no_advert</c>: a master hearing a lower priority does not answer (pre-RFC 9568).</summary>
    public bool LowerPriorityNoAdvert { get; init; }

    /// <summary>keepalived's <c>higher_prio_send_advert</c>: a master hearing a higher priority advertises once more as it yields.</summary>
    public bool HigherPrioritySendAdvert { get; init; }

    /// <summary>keepalived's <c>owner_ignore_adverts</c>: while advertising 255, drop every advert heard.</summary>
    public bool OwnerIgnoreAdverts { get; init; }

    public GratuitousArpTiming GratuitousArp { get; init; } = GratuitousArpTiming.Defaults;

    /// <summary>keepalived's <c>down_timer_adverts</c>: silent advert intervals in Master_Down_Interval (RFC: 3).</summary>
    public int DownTimerAdverts { get; init; } = VrrpTimers.DownTimerAdverts;

    /// <summary>Unicast peers are configured: a stopping master waits for one as for a peer it has heard.</summary>
    public bool HasUnicastPeers { get; init; }

    public bool IsAddressOwner => BasePriority == Priority.AddressOwner;
}

/// <summary>Resolved gratuitous ARP timing: keepalived's <c>garp_*</c> settings with nothing left to inherit.</summary>
public sealed record GratuitousArpTiming
{
    /// <summary>keepalived's defaults: 5 GARPs on becoming master and 5 more after 5 s (the lower-priority burst
    /// follows the master's), no refresh.</summary>
    public static GratuitousArpTiming Defaults { get; } = new()
    {
        MasterDelay = TimeSpan.FromSeconds(5),
        MasterRepeat = 5,
        LowerPriorityDelay = TimeSpan.FromSeconds(5),
        LowerPriorityRepeat = 5,
        MasterRefresh = TimeSpan.Zero,
        MasterRefreshRepeat = 1,
    };

    /// <summary>Delay of the second burst after becoming master; zero means none.</summary>
    public TimeSpan MasterDelay { get; init; }

    public int MasterRepeat { get; init; }

    public TimeSpan LowerPriorityDelay { get; init; }

    public int LowerPriorityRepeat { get; init; }

    /// <summary>Period of refresh bursts while master; zero means none.</summary>
    public TimeSpan MasterRefresh { get; init; }

    public int MasterRefreshRepeat { get; init; }
}
