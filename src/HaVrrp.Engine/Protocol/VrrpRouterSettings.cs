using System.Net.Sockets;
using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Protocol;

/// <summary>
/// Everything a <see cref="VrrpRouter"/> needs to know about its instance, with keepalived's
/// defaults and keepalived's corrections of contradictory settings already applied.
/// </summary>
public sealed record VrrpRouterSettings
{
    /// <summary>The instance name that prefixes every log line, as in <c>(VI_1)</c>.</summary>
    public required string Name { get; init; }

    public required int VirtualRouterId { get; init; }

    /// <summary>2 (RFC 3768) or 3 (RFC 9568).</summary>
    public int Version { get; init; } = 3;

    public int BasePriority { get; init; } = VrrpInstanceConfig.DefaultPriority;

    /// <summary>Advertisement_Interval: whole seconds for v2, centiseconds for v3.</summary>
    public TimeSpan AdvertInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>RFC Preempt_Mode; keepalived's <c>nopreempt</c> is false.</summary>
    public bool Preempt { get; init; } = true;

    /// <summary>keepalived's <c>preempt_delay</c>: how long a backup tolerates a lower-priority master before preempting.</summary>
    public TimeSpan PreemptDelay { get; init; }

    /// <summary>keepalived's <c>state</c>; only reported, since keepalived starts every non-owner in BACKUP.</summary>
    public InitialState InitialState { get; init; } = InitialState.Backup;

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

    public bool IsAddressOwner => BasePriority == Priority.AddressOwner;

    /// <summary>
    /// Settings for one configured instance. <paramref name="primaryAddress"/> is the address adverts
    /// leave from (unicast_src_ip, mcast_src_ip or the interface's primary address), which only the
    /// shell can resolve.
    /// </summary>
    public static VrrpRouterSettings FromConfig(VrrpInstanceConfig instance, GlobalSettings global, VrrpAddress primaryAddress)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(global);

        var version = instance.EffectiveVersion(global);
        var isOwner = instance.Priority == Priority.AddressOwner;
        var initialState = instance.EffectiveInitialState(global);
        var strict = instance.IsStrict(global);
        var preempt = instance.Preempt;
        var preemptDelay = instance.PreemptDelay;

        // keepalived (vrrp_complete_instance) resets these combinations with a warning; the
        // configuration validator reports them, and the router behaves as keepalived does.
        if (isOwner || initialState == InitialState.Master)
        {
            preempt = true;
        }
        if (initialState == InitialState.Master || !preempt || strict)
        {
            preemptDelay = TimeSpan.Zero;
        }
        var garp = GratuitousArpTiming.From(instance.Garp.Over(global.Garp));
        if (strict)
        {
            // Strict mode sends no gratuitous ARPs on hearing a lower priority (keepalived's garp_lower_prio_*).
            garp = garp with { LowerPriorityRepeat = 0, LowerPriorityDelay = TimeSpan.Zero };
        }

        return new VrrpRouterSettings
        {
            Name = instance.Name,
            VirtualRouterId = instance.VirtualRouterId,
            Version = version,
            BasePriority = instance.Priority,
            AdvertInterval = WireInterval(instance.AdvertInterval, version),
            Preempt = preempt,
            PreemptDelay = preemptDelay,
            InitialState = initialState,
            PrimaryAddress = primaryAddress,
            AcceptMode = instance.EffectiveAccept(global),
            // keepalived (vrrp_complete_instance): strict mode forces the first two, and an owner in strict mode
            // ignores adverts; owner_ignore_adverts means nothing below 255. ConfigValidator reports each reset.
            LowerPriorityNoAdvert = strict || (instance.LowerPriorityNoAdvert ?? global.LowerPriorityNoAdvert),
            HigherPrioritySendAdvert = !strict && (instance.HigherPrioritySendAdvert ?? global.HigherPrioritySendAdvert),
            OwnerIgnoreAdverts = isOwner && (strict || (instance.OwnerIgnoreAdverts ?? global.OwnerIgnoreAdverts)),
            GratuitousArp = garp,
        };
    }

    /// <summary>The interval as the wire can carry it: 1..255 s for v2, 0.01..40.95 s for v3.</summary>
    private static TimeSpan WireInterval(TimeSpan configured, int version)
    {
        var wire = ReceivedAdvert.ToWireInterval(configured, version);
        return version == 2
            ? TimeSpan.FromSeconds(Math.Clamp(wire, 1, 255))
            : TimeSpan.FromMilliseconds(Math.Clamp(wire, 1, 4095) * 10L);
    }
}

/// <summary>Resolved gratuitous ARP timing: keepalived's <c>garp_*</c> settings with nothing left to inherit.</summary>
public sealed record GratuitousArpTiming
{
    public static GratuitousArpTiming Defaults { get; } = From(GarpSettings.Defaults);

    /// <summary>Delay of the second burst after becoming master; zero means none.</summary>
    public TimeSpan MasterDelay { get; init; }

    public int MasterRepeat { get; init; }

    public TimeSpan LowerPriorityDelay { get; init; }

    public int LowerPriorityRepeat { get; init; }

    /// <summary>Period of refresh bursts while master; zero means none.</summary>
    public TimeSpan MasterRefresh { get; init; }

    public int MasterRefreshRepeat { get; init; }

    /// <summary>Fills what <paramref name="settings"/> leaves unset from keepalived's defaults.</summary>
    public static GratuitousArpTiming From(GarpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var resolved = settings.Over(GarpSettings.Defaults);
        var masterDelay = resolved.MasterDelay ?? TimeSpan.Zero;
        var masterRepeat = resolved.MasterRepeat ?? 0;
        return new GratuitousArpTiming
        {
            MasterDelay = masterDelay,
            MasterRepeat = masterRepeat,
            LowerPriorityDelay = resolved.LowerPriorityDelay ?? masterDelay,
            LowerPriorityRepeat = resolved.LowerPriorityRepeat ?? masterRepeat,
            MasterRefresh = resolved.MasterRefresh ?? TimeSpan.Zero,
            MasterRefreshRepeat = resolved.MasterRefreshRepeat ?? 1,
        };
    }
}
