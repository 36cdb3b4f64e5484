using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// Reads what the protocol layer needs from a configured instance: the router's settings and the advertisement
/// profile, with the global defaults and keepalived's corrections of contradictory settings applied. It lives here,
/// not in Protocol, so that the router and the codec know nothing of the configuration model.
/// </summary>
public static class ProtocolSettings
{
    /// <summary>
    /// The router's settings for one configured instance. <paramref name="primaryAddress"/> is the address adverts
    /// leave from (unicast_src_ip, mcast_src_ip or the interface's primary address), which only the shell can resolve.
    /// </summary>
    public static VrrpRouterSettings Router(VrrpInstanceConfig instance, GlobalSettings global, VrrpAddress primaryAddress)
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
        // keepalived's `state` itself is not passed on: keepalived starts every non-owner in BACKUP.
        if (isOwner || initialState == InitialState.Master)
        {
            preempt = true;
        }
        if (initialState == InitialState.Master || !preempt || strict)
        {
            preemptDelay = TimeSpan.Zero;
        }
        var garp = GratuitousArp(instance.Garp.Over(global.Garp));
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
            PrimaryAddress = primaryAddress,
            AcceptMode = instance.EffectiveAccept(global),
            // keepalived (vrrp_complete_instance): strict mode forces the first two, and an owner in strict mode
            // ignores adverts; owner_ignore_adverts means nothing below 255. ConfigValidator reports each reset.
            LowerPriorityNoAdvert = strict || (instance.LowerPriorityNoAdvert ?? global.LowerPriorityNoAdvert),
            HigherPrioritySendAdvert = !strict && (instance.HigherPrioritySendAdvert ?? global.HigherPrioritySendAdvert),
            OwnerIgnoreAdverts = isOwner && (strict || (instance.OwnerIgnoreAdverts ?? global.OwnerIgnoreAdverts)),
            GratuitousArp = garp,
            DownTimerAdverts = instance.EffectiveDownTimerAdverts(global),
            HasUnicastPeers = instance.UnicastPeers.Count > 0,
        };
    }

    /// <summary>What a configured instance puts in its adverts and expects in its peers', once the global defaults apply.</summary>
    public static AdvertisementProfile Profile(VrrpInstanceConfig instance, GlobalSettings global)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(global);
        var authentication = instance.EffectiveAuthentication(global);
        var authenticationType = authentication?.Type switch
        {
            null => AdvertisementAuthenticationType.None,
            AuthenticationType.Pass => AdvertisementAuthenticationType.SimpleText,
            _ => AdvertisementAuthenticationType.IPAuthenticationHeader,
        };
        return new AdvertisementProfile(
            instance.EffectiveVersion(global),
            instance.VirtualRouterId,
            instance.AdvertInterval,
            instance.IsIPv6,
            instance.VirtualIpAddresses.Select(address => VrrpAddress.FromIPAddress(address.Address)),
            authenticationType,
            authentication?.Password)
        {
            IPv4ChecksumVariant = instance.V3ChecksumAsV2 || global.V3ChecksumAsV2 ? ChecksumVariant.MessageOnly : ChecksumVariant.PseudoHeader,
            // keepalived skips the TTL 255 check for unicast peers: they may be routed.
            RequireTimeToLive255 = instance.UnicastPeers.Count == 0,
            PeerTimeToLiveRanges = !ChecksUnicastSource(instance, global) ? [] :
                [.. instance.UnicastPeers.Select(peer => new PeerTimeToLiveRange(VrrpAddress.FromIPAddress(peer.Address), peer.MinTtl ?? 0, peer.MaxTtl ?? 255))],
            SkipAddressCheckFromMaster = instance.SkipCheckAdvertAddresses || global.SkipCheckAdvertAddresses,
            // keepalived ignores unicast_ttl without peers, and so does the validator's HV0134; out of range is HV0135.
            SendTimeToLive = instance.UnicastPeers.Count > 0 && instance.UnicastTtl is >= 0 and <= 255 ? (byte)instance.UnicastTtl.Value : (byte)255,
        };
    }

    /// <summary>Gratuitous ARP timing with what <paramref name="settings"/> leaves unset filled from keepalived's defaults.</summary>
    public static GratuitousArpTiming GratuitousArp(GarpSettings settings)
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

    private static bool ChecksUnicastSource(VrrpInstanceConfig instance, GlobalSettings global) =>
        instance.UnicastPeers.Count > 0
        && (instance.CheckUnicastSource || global.CheckUnicastSource || instance.UnicastPeers.Any(peer => peer.MinTtl is not null || peer.MaxTtl is not null));

    /// <summary>
    /// The interval as the wire can carry it, rounded to the nearest unit as keepalived sends it: 1..255 whole seconds
    /// for v2, 0.01..40.95 s for v3.
    /// </summary>
    private static TimeSpan WireInterval(TimeSpan configured, int version) => version == 2
        ? TimeSpan.FromSeconds(Math.Clamp(Math.Round(configured.TotalSeconds, MidpointRounding.AwayFromZero), 1, 255))
        : TimeSpan.FromMilliseconds(Math.Clamp(Math.Round(configured.TotalMilliseconds / 10, MidpointRounding.AwayFromZero), 1, 4095) * 10);
}
