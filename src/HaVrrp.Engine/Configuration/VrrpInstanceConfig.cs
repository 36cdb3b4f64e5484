using System.Net;

namespace HaVrrp.Engine.Configuration;

public enum InitialState
{
    Backup,
    Master,
}

/// <summary>One <c>vrrp_instance</c>: a virtual router on one interface, with keepalived's defaults.</summary>
public sealed record VrrpInstanceConfig
{
    public const int DefaultPriority = 100;
    public const int OwnerPriority = 255;

    public required string Name { get; init; }

    /// <summary>keepalived's <c>state</c>. MASTER only skips the wait when the priority is 255.</summary>
    public InitialState InitialState { get; init; } = InitialState.Backup;

    /// <summary>Interface that carries the adverts; may be omitted only for unicast.</summary>
    public string? Interface { get; init; }

    public int VirtualRouterId { get; init; }

    public int Priority { get; init; } = DefaultPriority;

    public TimeSpan AdvertInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Protocol version; null means "the global vrrp_version" (IPv6 instances use 3).</summary>
    public int? Version { get; init; }

    public AuthenticationConfig? Authentication { get; init; }

    /// <summary>keepalived's <c>nopreempt</c> is Preempt = false.</summary>
    public bool Preempt { get; init; } = true;

    public TimeSpan PreemptDelay { get; init; }

    /// <summary>RFC Accept_Mode; null means keepalived's default (accept unless vrrp_strict).</summary>
    public bool? Accept { get; init; }

    public bool DontTrackPrimary { get; init; }

    /// <summary>keepalived's <c>lower_prio_no_advert</c>: as master, do not answer a lower priority's advert; null inherits the global one.</summary>
    public bool? LowerPriorityNoAdvert { get; init; }

    /// <summary>keepalived's <c>higher_prio_send_advert</c>: as master, advertise once more before yielding to a higher priority; null inherits.</summary>
    public bool? HigherPrioritySendAdvert { get; init; }

    /// <summary>keepalived's <c>check_unicast_src</c>: adverts must come from a listed unicast peer (also on with the global switch or a peer's TTL range).</summary>
    public bool CheckUnicastSource { get; init; }

    /// <summary>keepalived's <c>skip_check_adv_addr</c>: a backup does not compare the VIP list of its own master's adverts.</summary>
    public bool SkipCheckAdvertAddresses { get; init; }

    /// <summary>keepalived's <c>promote_secondaries</c>: the interface's primary IPv4 address may go without taking the VIPs with it.</summary>
    public bool PromoteSecondaries { get; init; }

    /// <summary>keepalived's <c>use_vmac</c> (and <c>vmac_xmit_base</c>); null: the VIPs live on the interface itself.</summary>
    public VirtualMacConfig? VirtualMac { get; init; }

    /// <summary>
    /// keepalived's <c>use_vmac_addr</c>: a VIP on another link than the instance's, or of the other family, gets a
    /// macvlan with the virtual MAC there too (<see cref="AddressVirtualMacs"/>).
    /// </summary>
    public bool UseVirtualMacForAddresses { get; init; }

    /// <summary>keepalived's <c>no_virtual_ipaddress</c>: an instance without VIPs is meant (an election only), so no HV0121.</summary>
    public bool NoVirtualAddresses { get; init; }

    /// <summary>keepalived's <c>strict_mode</c>: this instance's own <c>vrrp_strict</c>; null inherits the global one.</summary>
    public bool? StrictMode { get; init; }

    /// <summary>keepalived's <c>owner_ignore_adverts</c>: an address owner drops every advert it hears; null inherits.</summary>
    public bool? OwnerIgnoreAdverts { get; init; }

    /// <summary>keepalived's <c>down_timer_adverts</c>: silent advert intervals before a backup takes over (1-100); null inherits.</summary>
    public int? DownTimerAdverts { get; init; }

    /// <summary>keepalived's <c>unicast_fault_no_peer</c>: without a unicast peer the instance stays in FAULT instead of using multicast.</summary>
    public bool UnicastFaultNoPeer { get; init; }

    public IPAddress? MulticastSourceIp { get; init; }

    /// <summary>keepalived's <c>mcast_dst_ip</c>: a group other than the global one.</summary>
    public IPAddress? MulticastDestinationIp { get; init; }

    public IPAddress? UnicastSourceIp { get; init; }

    public ValueList<UnicastPeer> UnicastPeers { get; init; } = ValueList<UnicastPeer>.Empty;

    /// <summary>keepalived's <c>unicast_ttl</c>: the TTL / hop limit of adverts sent to unicast peers (255 when null).</summary>
    public int? UnicastTtl { get; init; }

    /// <summary>Send the VRRPv3 IPv4 checksum without the pseudo-header (RFC 9568, Cisco, Juniper).</summary>
    public bool V3ChecksumAsV2 { get; init; }

    public ValueList<VirtualAddress> VirtualIpAddresses { get; init; } = ValueList<VirtualAddress>.Empty;

    /// <summary>Addresses that move with the instance but are not carried in adverts.</summary>
    public ValueList<VirtualAddress> ExcludedVirtualIpAddresses { get; init; } = ValueList<VirtualAddress>.Empty;

    public ValueList<VirtualRoute> VirtualRoutes { get; init; } = ValueList<VirtualRoute>.Empty;

    /// <summary>keepalived's <c>virtual_rules</c>: policy-routing rules present while the instance is master.</summary>
    public ValueList<RoutingRule> VirtualRules { get; init; } = ValueList<RoutingRule>.Empty;

    public ValueList<TrackReference> TrackScripts { get; init; } = ValueList<TrackReference>.Empty;

    public ValueList<TrackReference> TrackInterfaces { get; init; } = ValueList<TrackReference>.Empty;

    public ValueList<TrackReference> TrackFiles { get; init; } = ValueList<TrackReference>.Empty;

    public ValueList<TrackReference> TrackProcesses { get; init; } = ValueList<TrackReference>.Empty;

    public NotifyConfig Notify { get; init; } = new();

    /// <summary>Per-instance overrides of the global GARP timing (null members inherit).</summary>
    public GarpSettings Garp { get; init; } = new();

    /// <summary>keepalived's <c>smtp_alert</c>; kept for conversion, HaVrrp sends no e-mail.</summary>
    public bool? SmtpAlert { get; init; }

    public SourceMap Source { get; init; } = SourceMap.None;

    /// <summary>The version this instance speaks once the global default has been applied.</summary>
    public int EffectiveVersion(GlobalSettings global) =>
        Version ?? (IsIPv6 ? 3 : global.VrrpVersion);

    public bool IsAddressOwner => Priority == OwnerPriority;

    /// <summary>Whether the instance runs in strict mode: its own <c>strict_mode</c>, else the global <c>vrrp_strict</c>.</summary>
    public bool IsStrict(GlobalSettings global)
    {
        ArgumentNullException.ThrowIfNull(global);
        return StrictMode ?? global.VrrpStrict;
    }

    /// <summary>The keyword that put the instance in strict mode, for messages.</summary>
    public string StrictModeKeyword => StrictMode == true ? "strict_mode" : "vrrp_strict";

    /// <summary>
    /// <c>state</c> as keepalived runs it: under <c>vrrp_strict</c> MASTER must match being the address owner, so it
    /// is reset to that (ConfigValidator reports it, HV0136).
    /// </summary>
    public InitialState EffectiveInitialState(GlobalSettings global)
    {
        ArgumentNullException.ThrowIfNull(global);
        return !IsStrict(global) ? InitialState : IsAddressOwner ? InitialState.Master : InitialState.Backup;
    }

    /// <summary>
    /// <c>down_timer_adverts</c> as keepalived runs it: the instance's, else the global <c>vrrp_down_timer_adverts</c>;
    /// strict mode resets it to the RFC's 3 ("incompatible with strict mode - resetting", HV0136).
    /// </summary>
    public int EffectiveDownTimerAdverts(GlobalSettings global)
    {
        ArgumentNullException.ThrowIfNull(global);
        return IsStrict(global) ? Protocol.Router.VrrpTimers.DownTimerAdverts : DownTimerAdverts ?? global.DownTimerAdverts;
    }

    /// <summary>
    /// RFC Accept_Mode as keepalived runs it: on unless <c>vrrp_strict</c> (the owner always accepts); under strict,
    /// a VRRPv2 non-owner never does, since RFC 3768 has no Accept_Mode (HV0136 when <c>accept</c> says otherwise).
    /// </summary>
    public bool EffectiveAccept(GlobalSettings global)
    {
        ArgumentNullException.ThrowIfNull(global);
        var accept = Accept ?? (IsAddressOwner || !IsStrict(global));
        return accept && !(IsStrict(global) && !IsAddressOwner && EffectiveVersion(global) == 2);
    }

    /// <summary>The authentication adverts carry: none under <c>vrrp_strict</c>, which ignores the block (HV0136).</summary>
    public AuthenticationConfig? EffectiveAuthentication(GlobalSettings global)
    {
        ArgumentNullException.ThrowIfNull(global);
        return IsStrict(global) ? null : Authentication;
    }

    /// <summary>The macvlan this instance creates for <c>use_vmac</c>; null without one.</summary>
    public string? VirtualMacInterface =>
        VirtualMac is { } vmac && Interface is not null ? vmac.EffectiveInterfaceName(VirtualRouterId) : null;

    /// <summary>
    /// Where a VIP goes: its <c>dev</c>, else the instance's interface; with <c>use_vmac</c> a VIP of the instance's
    /// family on the instance's interface goes on the macvlan instead, as keepalived puts it.
    /// </summary>
    public string? InterfaceFor(VirtualAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var device = address.Device ?? Interface;
        if (VirtualMacInterface is { } vmac && device == Interface && address.IsIPv6 == IsIPv6)
        {
            return vmac;
        }
        return NeedsAddressVirtualMac(address)
            ? AddressVirtualMacs.First(entry => entry.Parent == device && entry.IsIPv6 == address.IsIPv6).Name
            : device;
    }

    /// <summary>
    /// Whether a VIP off the instance's own macvlan gets one of its own, as keepalived decides: on another link with
    /// <c>use_vmac_addr</c> or the address's <c>use_vmac</c>; on the instance's link when of the other family with
    /// <c>use_vmac_addr</c>, or with the address's <c>use_vmac</c> when the instance has no macvlan of that family.
    /// </summary>
    public bool NeedsAddressVirtualMac(VirtualAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var device = address.Device ?? Interface;
        if (device is null)
        {
            return false;
        }
        if (device != Interface)
        {
            return address.UseVirtualMac || UseVirtualMacForAddresses;
        }
        if (address.IsIPv6 == IsIPv6)
        {
            return VirtualMacInterface is null && address.UseVirtualMac;
        }
        return address.UseVirtualMac || UseVirtualMacForAddresses;
    }

    /// <summary>
    /// The macvlans <c>use_vmac_addr</c> and per-address <c>use_vmac</c> add: one per link and family, in the order of
    /// the addresses. Named as keepalived numbers its second macvlans (<c>vrrp1.VRID</c>, <c>vrrp2.VRID</c>... for
    /// IPv4, <c>vrrp6.VRID</c> first for IPv6), never the plain <c>vrrp.VRID</c> any instance of that VRID takes for
    /// its own, nor a name this instance already uses.
    /// </summary>
    public IReadOnlyList<AddressVirtualMac> AddressVirtualMacs
    {
        get
        {
            var found = new List<AddressVirtualMac>();
            var taken = new HashSet<string>(StringComparer.Ordinal);
            taken.UnionWith(new[] { Interface, VirtualMacInterface }.OfType<string>());
            var addresses = VirtualIpAddresses.Concat(ExcludedVirtualIpAddresses).ToList();
            taken.UnionWith(addresses.Select(address => address.Device).OfType<string>());
            foreach (var address in addresses)
            {
                var parent = address.Device ?? Interface;
                if (!NeedsAddressVirtualMac(address) || found.Exists(entry => entry.Parent == parent && entry.IsIPv6 == address.IsIPv6))
                {
                    continue;
                }
                var name = AddressVirtualMacNames(address.IsIPv6).First(taken.Add);
                found.Add(new AddressVirtualMac(name, parent!, address.IsIPv6));
            }
            return found;
        }
    }

    private IEnumerable<string> AddressVirtualMacNames(bool isIPv6)
    {
        if (isIPv6)
        {
            yield return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"vrrp6.{VirtualRouterId}");
        }
        for (var number = 1; ; number++)
        {
            if (!(isIPv6 && number == 6))
            {
                yield return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"vrrp{number}.{VirtualRouterId}");
            }
        }
    }

    /// <summary>Every macvlan the instance's VIPs live on: its own, then those of <see cref="AddressVirtualMacs"/>.</summary>
    public IEnumerable<string> AllVirtualMacInterfaces =>
        AddressVirtualMacs.Select(entry => entry.Name).Prepend(VirtualMacInterface).OfType<string>();

    /// <summary>
    /// The MAC of an address's macvlan: the one <c>use_vmac MAC</c> gives the instance, as keepalived gives it to these
    /// too, else RFC 5798's for the address's family.
    /// </summary>
    public System.Net.NetworkInformation.PhysicalAddress AddressVirtualMacAddress(AddressVirtualMac entry, GlobalSettings global)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(global);
        return VirtualMac is { Address: not null } vmac && !IsStrict(global)
            ? vmac.EffectiveAddress(VirtualRouterId, entry.IsIPv6)
            : Configuration.VirtualMacAddress.Rfc5798(VirtualRouterId, entry.IsIPv6);
    }

    /// <summary>
    /// Whether adverts go out of (and come in on) the instance's own interface rather than its macvlan: with
    /// <c>vmac_xmit_base</c>, and always for unicast peers (keepalived sets it for them; HV0157), never in strict mode
    /// (which keepalived resets it under).
    /// </summary>
    public bool TransmitsOnBase(GlobalSettings global)
    {
        ArgumentNullException.ThrowIfNull(global);
        return VirtualMac is { } vmac && (UnicastPeers.Count > 0 || (vmac.TransmitOnBase && !IsStrict(global)));
    }

    /// <summary>Where adverts go out and come in: the macvlan with <c>use_vmac</c>, unless <see cref="TransmitsOnBase"/>.</summary>
    public string? AdvertInterface(GlobalSettings global) =>
        VirtualMacInterface is { } vmac && !TransmitsOnBase(global) ? vmac : Interface;

    /// <summary>The MAC of the macvlan: the configured one, except in strict mode, where keepalived keeps to RFC 5798's.</summary>
    public System.Net.NetworkInformation.PhysicalAddress? VirtualMacAddress(GlobalSettings global)
    {
        ArgumentNullException.ThrowIfNull(global);
        return VirtualMac is not { } vmac ? null
            : IsStrict(global) ? Configuration.VirtualMacAddress.Rfc5798(VirtualRouterId, IsIPv6)
            : vmac.EffectiveAddress(VirtualRouterId, IsIPv6);
    }

    /// <summary>True when the instance's advertised addresses are IPv6.</summary>
    public bool IsIPv6 =>
        VirtualIpAddresses.Count > 0 &&
        VirtualIpAddresses[0].Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
}

/// <summary>A macvlan of <c>use_vmac_addr</c> or an address's <c>use_vmac</c>: its name, lower link and family.</summary>
public sealed record AddressVirtualMac(string Name, string Parent, bool IsIPv6);

public enum AuthenticationType
{
    /// <summary>Simple text password (RFC 2338 type 1, keepalived's PASS).</summary>
    Pass,

    /// <summary>IPsec AH (RFC 2338 type 2): recognised and refused, as RFC 3768 removed it.</summary>
    Ah,
}

/// <summary>VRRPv2 <c>authentication { auth_type PASS; auth_pass secret }</c>.</summary>
public sealed record AuthenticationConfig(AuthenticationType Type, string Password)
{
    /// <summary>keepalived (and the wire) keep only 8 characters of the password.</summary>
    public const int MaxPasswordLength = 8;

    public SourceMap Source { get; init; } = SourceMap.None;
}

/// <summary>One <c>unicast_peer</c> entry, with keepalived's optional TTL window.</summary>
public sealed record UnicastPeer(IPAddress Address)
{
    public int? MinTtl { get; init; }

    public int? MaxTtl { get; init; }

    public SourceMap Source { get; init; } = SourceMap.None;
}
