using System.Net;
using System.Net.Sockets;

namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>Rules about the values of one vrrp_instance.</summary>
public sealed partial class ConfigValidator
{
    private const long TicksPerCentisecond = TimeSpan.TicksPerMillisecond * 10;
    private const int MaxVersion3AdvertCentiseconds = 4095;
    private const int MaxPreemptDelaySeconds = 1000;

    private static void CheckVirtualRouterId(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        // 0 is the model's "never set"; a written 0 is out of range, which the reader's map tells apart.
        if (instance.VirtualRouterId == 0 && !instance.Source.Has("virtual_router_id"))
        {
            diagnostics.Error(DiagnosticCodes.MissingVirtualRouterId, instance.Source.Location,
                $"vrrp_instance {instance.Name} has no virtual_router_id; add one (1-255) that no other router on its network uses");
        }
        else if (instance.VirtualRouterId is < 1 or > 255)
        {
            diagnostics.Error(DiagnosticCodes.VirtualRouterIdOutOfRange, instance.Source.ValueOf("virtual_router_id"),
                $"virtual_router_id {instance.VirtualRouterId} is out of range 1-255");
        }
    }

    private static void CheckPriority(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        if (instance.Priority is < 1 or > VrrpInstanceConfig.OwnerPriority)
        {
            diagnostics.Error(DiagnosticCodes.PriorityOutOfRange, instance.Source.ValueOf("priority"),
                $"priority {instance.Priority} is out of range 1-255");
        }
    }

    private void CheckOwnerPriority(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        if (instance.Priority != VrrpInstanceConfig.OwnerPriority || _environment.IsLocalAddress is not { } isLocal)
        {
            return;
        }

        var notOwned = instance.VirtualIpAddresses.FirstOrDefault(vip => !isLocal(vip.Address));
        if (notOwned is not null)
        {
            diagnostics.Warning(DiagnosticCodes.OwnerPriorityWithoutOwnership, instance.Source.ValueOf("priority"),
                $"priority 255 is reserved for the owner of the virtual addresses, but {notOwned.Address} is not an address of this host; use 254 or lower");
        }
    }

    private static void CheckVersion(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        if (instance.Version is { } version and not (2 or 3))
        {
            diagnostics.Error(DiagnosticCodes.InvalidVersion, instance.Source.ValueOf("version"),
                $"version {version} is not a VRRP version; use 2 or 3");
        }
    }

    private static void CheckGlobalVersion(GlobalSettings global, DiagnosticBag diagnostics)
    {
        if (global.VrrpVersion is not (2 or 3))
        {
            diagnostics.Error(DiagnosticCodes.InvalidVersion, global.Source.ValueOf("vrrp_version"),
                $"vrrp_version {global.VrrpVersion} is not a VRRP version; use 2 or 3");
        }
    }

    /// <summary>The table name goes into nft's own language, so only a plain name is taken.</summary>
    private static void CheckNftablesTable(GlobalSettings global, DiagnosticBag diagnostics)
    {
        if (global.NftablesTable is { } table && !GlobalSettings.IsValidNftablesTable(table))
        {
            diagnostics.Error(DiagnosticCodes.InvalidNftablesTable, global.Source.ValueOf("nftables"),
                $"nftables table name '{table}' is not valid: use up to 64 letters, digits, '_' and '-', starting with a letter");
        }
    }

    /// <summary>keepalived reads 1-100 and keeps its default otherwise; havrrpd refuses what it would not run.</summary>
    private static void CheckDownTimerAdverts(string keyword, int value, SourceMap source, DiagnosticBag diagnostics)
    {
        if (value is < 1 or > 100)
        {
            diagnostics.Error(DiagnosticCodes.DownTimerAdvertsOutOfRange, source.ValueOf(keyword),
                $"{keyword} {value} is out of range 1-100");
        }
    }

    /// <summary>
    /// keepalived starts such an instance in FAULT and keeps it there ("Cannot use unicast without any peers - going
    /// to fault state"); havrrpd does the same, and says so before it runs.
    /// </summary>
    private static void CheckUnicastFaultNoPeer(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        if (instance.UnicastFaultNoPeer && instance.UnicastPeers.Count == 0)
        {
            diagnostics.Warning(DiagnosticCodes.UnicastFaultWithoutPeers, instance.Source.Of("unicast_fault_no_peer"),
                $"vrrp_instance {instance.Name} has unicast_fault_no_peer and no unicast_peer: it will stay in FAULT until peers are configured and havrrpd is reloaded");
        }
    }

    private static void CheckAdvertInterval(VrrpInstanceConfig instance, int version, DiagnosticBag diagnostics)
    {
        var location = instance.Source.ValueOf("advert_int");
        var interval = instance.AdvertInterval;
        if (version == 2)
        {
            // The v2 header carries whole seconds in one octet.
            if (interval.Ticks % TimeSpan.TicksPerSecond != 0 || interval.TotalSeconds is < 1 or > 255)
            {
                diagnostics.Error(DiagnosticCodes.AdvertIntervalV2, location,
                    $"advert_int {Seconds(interval)} is not valid for VRRP version 2, which needs whole seconds 1-255; use a whole number of seconds or version 3");
            }
            return;
        }
        if (version != 3)
        {
            return;
        }

        // The v3 header carries 12 bits of centiseconds; keepalived rounds finer values to the nearest one
        // (half up), and a value that rounds to nothing to one centisecond.
        var centiseconds = (interval.Ticks + (TicksPerCentisecond / 2)) / TicksPerCentisecond;
        if (interval <= TimeSpan.Zero || centiseconds > MaxVersion3AdvertCentiseconds)
        {
            diagnostics.Error(DiagnosticCodes.AdvertIntervalV3, location,
                $"advert_int {Seconds(interval)} is out of range 0.01-40.95 seconds for VRRP version 3");
            return;
        }

        var rounded = TimeSpan.FromTicks(Math.Max(1, centiseconds) * TicksPerCentisecond);
        if (rounded != interval)
        {
            diagnostics.Warning(DiagnosticCodes.AdvertIntervalV3, location,
                $"advert_int {Seconds(interval)} is finer than VRRP version 3's centiseconds and is rounded to {Seconds(rounded)}; write {Seconds(rounded)}");
        }
    }

    /// <summary>
    /// keepalived switches an IPv6 instance to version 3 when version 2 is written; HaVrrp refuses
    /// instead, because the written line would lie about what goes on the wire. Only an explicit
    /// <c>version 2</c> on the instance counts: a global <c>vrrp_version 2</c> never applies to IPv6.
    /// </summary>
    private static void CheckIPv6NeedsVersion3(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        if (instance.IsIPv6 && instance.Version == 2)
        {
            diagnostics.Error(DiagnosticCodes.IPv6RequiresVersion3, instance.Source.ValueOf("version"),
                "version 2 cannot carry IPv6 virtual addresses (keepalived would switch this instance to version 3); write version 3 or remove the version line");
        }
    }

    private static void CheckAddressFamiliesNotMixed(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        if (instance.VirtualIpAddresses.Count == 0)
        {
            return;
        }

        var first = instance.VirtualIpAddresses[0];
        var other = instance.VirtualIpAddresses.FirstOrDefault(vip => vip.IsIPv6 != first.IsIPv6);
        if (other is not null)
        {
            diagnostics.Error(DiagnosticCodes.MixedAddressFamilies, other.Source.Location,
                $"virtual_ipaddress mixes {FamilyName(first.Address)} ({first.Address}) and {FamilyName(other.Address)} ({other.Address}); adverts carry one family, so move {other.Address} to virtual_ipaddress_excluded or to another vrrp_instance");
        }
    }

    private static void CheckHasVirtualAddresses(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        // no_virtual_ipaddress says it is meant; strict mode refuses it anyway (HV0137).
        if (instance.VirtualIpAddresses.Count == 0 && !instance.NoVirtualAddresses)
        {
            diagnostics.Warning(DiagnosticCodes.NoVirtualAddresses, instance.Source.Location,
                $"vrrp_instance {instance.Name} has no virtual_ipaddress, so it takes part in elections but moves no address; add a virtual_ipaddress block, or no_virtual_ipaddress if that is meant");
        }
    }

    private static void CheckHasInstances(HaVrrpConfiguration config, DiagnosticBag diagnostics)
    {
        if (config.Instances.Count == 0)
        {
            diagnostics.Warning(DiagnosticCodes.NoInstances, config.Source.Location,
                "the configuration has no vrrp_instance, so nothing will be made highly available; add a vrrp_instance block");
        }
    }

    private static void CheckInterfacePresent(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        if (string.IsNullOrEmpty(instance.Interface) && instance.UnicastPeers.Count == 0)
        {
            diagnostics.Error(DiagnosticCodes.MissingInterface, instance.Source.Location,
                $"vrrp_instance {instance.Name} has no interface, which multicast adverts need; add an interface line or unicast_peer addresses");
        }
    }

    private void CheckInterfacesExist(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        if (_environment.InterfaceExists is not { } exists || string.IsNullOrEmpty(instance.Interface))
        {
            return;
        }

        if (!exists(instance.Interface))
        {
            diagnostics.Warning(DiagnosticCodes.UnknownInterface, instance.Source.ValueOf("interface"),
                $"interface {instance.Interface} does not exist on this host; check the name with 'ip link'");
        }
    }

    private static void CheckUnicastFamily(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        if (instance.VirtualIpAddresses.Count == 0)
        {
            return;
        }

        var isIPv6 = instance.IsIPv6;
        if (instance.UnicastSourceIp is { } source && IsIPv6(source) != isIPv6)
        {
            diagnostics.Error(DiagnosticCodes.UnicastFamilyMismatch, instance.Source.ValueOf("unicast_src_ip"),
                $"unicast_src_ip {source} is {FamilyName(source)} but the virtual addresses are {FamilyName(isIPv6)}; use a source address of the same family");
        }
        foreach (var peer in instance.UnicastPeers.Where(peer => IsIPv6(peer.Address) != isIPv6))
        {
            diagnostics.Error(DiagnosticCodes.UnicastFamilyMismatch, peer.Source.Location,
                $"unicast_peer {peer.Address} is {FamilyName(peer.Address)} but the virtual addresses are {FamilyName(isIPv6)}; use peers of the same family");
        }
    }

    private static bool IsIPv6(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6;

    private static void CheckAuthentication(VrrpInstanceConfig instance, int version, DiagnosticBag diagnostics)
    {
        if (instance.Authentication is not { } authentication)
        {
            return;
        }

        if (authentication.Type == AuthenticationType.Ah)
        {
            diagnostics.Error(DiagnosticCodes.AuthenticationAhUnsupported, authentication.Source.ValueOf("auth_type"),
                "auth_type AH is not supported (RFC 3768 removed it); use auth_type PASS or remove the authentication block");
        }
        if (version == 3)
        {
            diagnostics.Warning(DiagnosticCodes.AuthenticationIgnoredInV3, authentication.Source.Location,
                "authentication is ignored by VRRP version 3, which has no authentication field; remove the authentication block");
            return;
        }

        // Never print the password: these messages end up in tickets.
        if (authentication.Password.Length > AuthenticationConfig.MaxPasswordLength)
        {
            diagnostics.Warning(DiagnosticCodes.PasswordTruncated, authentication.Source.ValueOf("auth_pass"),
                $"auth_pass is {authentication.Password.Length} characters; only the first 8 are used, so shorten it to 8 on every node");
        }
    }

    /// <summary>
    /// The preemption settings keepalived resets with a warning at load (vrrp_complete_instance); the router then
    /// behaves as keepalived does (ProtocolSettings.Router), and these say so instead of leaving it silent.
    /// </summary>
    private static void CheckPreemptSettings(VrrpInstanceConfig instance, GlobalSettings global, DiagnosticBag diagnostics)
    {
        var isOwner = instance.Priority == Protocol.Codec.Priority.AddressOwner;
        var initialState = instance.EffectiveInitialState(global);
        if (!instance.Preempt && initialState == InitialState.Master)
        {
            diagnostics.Warning(DiagnosticCodes.NopreemptWithMasterState, instance.Source.Of("nopreempt"),
                "nopreempt has no effect with state MASTER; set state BACKUP on every node that should not preempt");
        }
        else if (!instance.Preempt && isOwner)
        {
            diagnostics.Warning(DiagnosticCodes.NopreemptIgnored, instance.Source.Of("nopreempt"),
                "nopreempt has no effect with priority 255: the address owner always takes over; remove nopreempt, or lower the priority");
        }
        if (instance.PreemptDelay <= TimeSpan.Zero || instance.PreemptDelay.TotalSeconds > MaxPreemptDelaySeconds)
        {
            return;
        }
        var because = initialState == InitialState.Master ? "state MASTER"
            : !instance.Preempt && !isOwner ? "nopreempt"
            : instance.IsStrict(global) ? instance.StrictModeKeyword
            : null;
        if (because is not null)
        {
            diagnostics.Warning(DiagnosticCodes.PreemptDelayIgnored, instance.Source.Of("preempt_delay"),
                $"preempt_delay {Seconds(instance.PreemptDelay)} has no effect with {because} and is reset to 0, as keepalived does; remove it");
        }
    }

    /// <summary>
    /// The advert options keepalived resets with a warning at load (vrrp_complete_instance): vrrp_strict forces
    /// lower_prio_no_advert on and higher_prio_send_advert off, and owner_ignore_adverts means nothing below 255
    /// (and is forced on for an owner in strict mode). The router applies the same (ProtocolSettings.Router).
    /// </summary>
    private static void CheckAdvertOptions(VrrpInstanceConfig instance, GlobalSettings global, DiagnosticBag diagnostics)
    {
        var isOwner = instance.Priority == Protocol.Codec.Priority.AddressOwner;
        var strict = instance.IsStrict(global);
        if (strict && instance.LowerPriorityNoAdvert == false)
        {
            diagnostics.Warning(DiagnosticCodes.AdvertOptionReset, instance.Source.Of("lower_prio_no_advert"),
                $"lower_prio_no_advert false has no effect with {instance.StrictModeKeyword}, which never answers a lower priority's advert; it is set, as keepalived does");
        }
        if (strict && instance.HigherPrioritySendAdvert == true)
        {
            diagnostics.Warning(DiagnosticCodes.AdvertOptionReset, instance.Source.Of("higher_prio_send_advert"),
                $"higher_prio_send_advert has no effect with {instance.StrictModeKeyword} and is cleared, as keepalived does; remove it");
        }
        if (instance.UnicastTtl is { } unicastTtl)
        {
            if (unicastTtl is < 0 or > 255)
            {
                diagnostics.Error(DiagnosticCodes.UnicastTtlOutOfRange, instance.Source.ValueOf("unicast_ttl"),
                    $"unicast_ttl {unicastTtl} is out of range 0-255");
            }
            else if (instance.UnicastPeers.Count == 0)
            {
                diagnostics.Warning(DiagnosticCodes.AdvertOptionReset, instance.Source.Of("unicast_ttl"),
                    "unicast_ttl has no effect without unicast_peer: multicast adverts always leave with TTL 255; remove it");
            }
        }
        if (instance.OwnerIgnoreAdverts == true && !isOwner)
        {
            diagnostics.Warning(DiagnosticCodes.AdvertOptionReset, instance.Source.Of("owner_ignore_adverts"),
                $"owner_ignore_adverts has no effect with priority {instance.Priority}: only the address owner (255) ignores adverts; remove it");
        }
        else if (strict && isOwner && instance.OwnerIgnoreAdverts == false)
        {
            diagnostics.Warning(DiagnosticCodes.AdvertOptionReset, instance.Source.Of("owner_ignore_adverts"),
                $"owner_ignore_adverts false has no effect with {instance.StrictModeKeyword} and priority 255: the address owner ignores adverts, as keepalived does");
        }
    }

    /// <summary>
    /// What keepalived's <c>vrrp_strict</c> overrules (HV0136, the instance runs without it) or refuses (HV0137, keepalived
    /// drops the instance): strict mode is RFC 5798 as written, so no authentication, no unicast, no Accept_Mode
    /// in VRRPv2, state MASTER only for the address owner, no gratuitous ARPs on hearing a lower priority, and at
    /// least one VIP. The router runs the instance as overruled (VrrpInstanceConfig.Effective*, VrrpRouterSettings).
    /// </summary>
    private static void CheckStrictMode(VrrpInstanceConfig instance, GlobalSettings global, DiagnosticBag diagnostics)
    {
        if (!instance.IsStrict(global))
        {
            return;
        }
        var strictMode = instance.StrictModeKeyword;
        if (instance.UnicastPeers.Count > 0)
        {
            diagnostics.Error(DiagnosticCodes.StrictModeRefuses, instance.Source.Of("unicast_peer"),
                $"vrrp_instance {instance.Name}: unicast_peer is not allowed with {strictMode} (VRRP is multicast); keepalived refuses the instance; remove {strictMode} or unicast_peer");
        }
        if (instance.VirtualIpAddresses.Count == 0)
        {
            diagnostics.Error(DiagnosticCodes.StrictModeRefuses, instance.Source.Location,
                $"vrrp_instance {instance.Name} has no virtual_ipaddress, which {strictMode} requires; keepalived refuses the instance");
        }
        if (instance.Authentication is { } authentication && instance.EffectiveVersion(global) == 2)
        {
            diagnostics.Warning(DiagnosticCodes.StrictModeResets, authentication.Source.Location,
                $"authentication is ignored with {strictMode}, as keepalived does: adverts go out without it, and peers that expect a password will drop them; remove the block on every node");
        }
        if (instance.InitialState != instance.EffectiveInitialState(global))
        {
            diagnostics.Warning(DiagnosticCodes.StrictModeResets, instance.Source.Of("state"),
                instance.IsAddressOwner
                    ? $"state BACKUP has no effect with {strictMode} and priority 255: the address owner starts as MASTER; remove it"
                    : $"state MASTER has no effect with {strictMode}: only the address owner (priority 255) starts as MASTER, so this node starts as BACKUP; remove it");
        }
        if (instance.Accept == true && !instance.EffectiveAccept(global))
        {
            diagnostics.Warning(DiagnosticCodes.StrictModeResets, instance.Source.Of("accept"),
                $"accept has no effect with {strictMode} in VRRP version 2, which has no Accept_Mode (RFC 3768); the master does not accept packets to the VIPs");
        }
        if ((instance.DownTimerAdverts ?? global.DownTimerAdverts) != Protocol.Router.VrrpTimers.DownTimerAdverts)
        {
            var keyword = instance.DownTimerAdverts is null ? "vrrp_down_timer_adverts" : "down_timer_adverts";
            var source = instance.DownTimerAdverts is null ? global.Source : instance.Source;
            diagnostics.Warning(DiagnosticCodes.StrictModeResets, source.Of(keyword),
                $"{keyword} has no effect on vrrp_instance {instance.Name} with {strictMode}: a backup waits the RFC's 3 advert intervals, as keepalived does");
        }
        // Only the instance's own: keepalived gives a strict instance 0 in place of the global values, silently.
        foreach (var (keyword, isSet) in new[]
        {
            ("garp_lower_prio_repeat", instance.Garp.LowerPriorityRepeat is > 0),
            ("garp_lower_prio_delay", instance.Garp.LowerPriorityDelay is { } delay && delay > TimeSpan.Zero),
        })
        {
            if (isSet)
            {
                diagnostics.Warning(DiagnosticCodes.StrictModeResets, instance.Source.Of(keyword),
                    $"{keyword} has no effect with {strictMode}, which sends no gratuitous ARPs on hearing a lower priority; it is reset to 0, as keepalived does");
            }
        }
    }

    /// <summary>
    /// keepalived ignores an instance's <c>track_interface</c> naming the instance's own interface ("Ignoring
    /// track_interface eth0 since own interface"), weight and all, and havrrpd does the same (TrackerSet). With
    /// dont_track_primary that means the link going down changes nothing, the opposite of what the entry seems to say.
    /// </summary>
    private static void CheckOwnInterfaceTracked(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        if (instance.Interface is not { } own || instance.TrackInterfaces.FirstOrDefault(reference => reference.Name == own) is not { } entry)
        {
            return;
        }
        diagnostics.Warning(DiagnosticCodes.OwnInterfaceTracked, entry.Source.Location, instance.DontTrackPrimary
            ? $"track_interface {own} is the instance's own interface, which keepalived ignores here, weight and all; with dont_track_primary, {own} going down changes nothing. Remove dont_track_primary to go to FAULT when it does"
            : $"track_interface {own} is the instance's own interface, which keepalived ignores here, weight and all: the instance already goes to FAULT when {own} goes down; remove the entry");
    }

    private static void CheckPreemptDelay(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        if (instance.PreemptDelay < TimeSpan.Zero || instance.PreemptDelay.TotalSeconds > MaxPreemptDelaySeconds)
        {
            diagnostics.Error(DiagnosticCodes.PreemptDelayOutOfRange, instance.Source.ValueOf("preempt_delay"),
                $"preempt_delay {Seconds(instance.PreemptDelay)} is out of range 0-1000 seconds");
        }
    }
}
