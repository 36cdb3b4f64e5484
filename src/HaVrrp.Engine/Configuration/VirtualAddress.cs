using System.Net;
using System.Net.Sockets;

namespace HaVrrp.Engine.Configuration;

/// <summary>
/// A virtual (or static) address, as in keepalived's
/// <c>10.1.1.200/24 brd 10.1.1.255 dev eth1 scope global label eth1:vip</c>.
/// </summary>
public sealed record VirtualAddress(IPAddress Address)
{
    /// <summary>Prefix length; null means a host address (/32, /128), as keepalived assumes.</summary>
    public int? PrefixLength { get; init; }

    public IPAddress? Broadcast { get; init; }

    /// <summary>Interface to add the address to; null means the instance's interface.</summary>
    public string? Device { get; init; }

    public string? Label { get; init; }

    /// <summary>iproute2 scope name or number (global, site, link, host, nowhere).</summary>
    public string? Scope { get; init; }

    /// <summary>keepalived's <c>no_track</c>: deleting this address by hand does not cause a transition.</summary>
    public bool NoTrack { get; init; }

    /// <summary>
    /// keepalived's per-address <c>use_vmac</c> (VIPs and excluded VIPs only): the address gets a macvlan of its own
    /// with the virtual MAC on its link, as <c>use_vmac_addr</c> gives every address off the instance's macvlan
    /// (docs/configuration.md "use_vmac").
    /// </summary>
    public bool UseVirtualMac { get; init; }

    public SourceMap Source { get; init; } = SourceMap.None;

    public bool IsIPv6 => Address.AddressFamily == AddressFamily.InterNetworkV6;

    public int EffectivePrefixLength => PrefixLength ?? (IsIPv6 ? 128 : 32);
}

/// <summary>
/// A virtual (or static) route, as in keepalived's <c>192.168.100.0/24 via 192.168.1.1 dev eth1</c>.
/// </summary>
public sealed record VirtualRoute(IPNetwork Destination)
{
    public IPAddress? Via { get; init; }

    public string? Device { get; init; }

    /// <summary>Preferred source address (<c>src</c>).</summary>
    public IPAddress? PreferredSource { get; init; }

    public int? Metric { get; init; }

    /// <summary>Routing table name or number; null means main.</summary>
    public string? Table { get; init; }

    public string? Scope { get; init; }

    /// <summary>Route type other than unicast: blackhole, unreachable or prohibit.</summary>
    public string? Type { get; init; }

    public bool NoTrack { get; init; }

    public SourceMap Source { get; init; } = SourceMap.None;
}
