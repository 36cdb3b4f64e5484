using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace HaVrrp.Engine.Platform.Linux.Netlink;

/// <summary>
/// rtm_scope / ifa_scope: how far an address or route reaches. Any number 0-255 is valid; these
/// are the names iproute2 knows.
/// </summary>
public enum RouteScope : byte
{
    Global = 0,
    Site = 200,
    Link = 253,
    Host = 254,
    Nowhere = 255,
}

/// <summary>An address to put on an interface (RTM_NEWADDR) or take off it (RTM_DELADDR).</summary>
public sealed record InterfaceAddressRequest(int InterfaceIndex, IPAddress Address, int PrefixLength)
{
    /// <summary>Only used to make error messages read like <c>ip</c> (<c>dev eth0</c>).</summary>
    public string? InterfaceName { get; init; }

    /// <summary>IPv4 only; ignored for IPv6, which has no broadcast.</summary>
    public IPAddress? Broadcast { get; init; }

    /// <summary>IPv4 only (IFA_LABEL), e.g. <c>eth0:vip</c>; at most 15 bytes.</summary>
    public string? Label { get; init; }

    public RouteScope Scope { get; init; } = RouteScope.Global;

    public InterfaceAddressFlags Flags { get; init; }

    /// <summary>
    /// How long the kernel keeps the address unless it is refreshed; null keeps it forever. The
    /// daemon refreshes finite lifetimes while master so that a crashed daemon's VIPs expire.
    /// </summary>
    public TimeSpan? ValidLifetime { get; init; }

    /// <summary>How long the address stays preferred for new connections; null means as long as it is valid.</summary>
    public TimeSpan? PreferredLifetime { get; init; }

    /// <summary>IFA_PROTO: who added the address (Linux 6.1+; older kernels ignore it).</summary>
    public byte Protocol { get; init; } = RouteProtocol.Keepalived;

    public AddressFamily Family => Address.AddressFamily;

    public override string ToString() =>
        $"{Address}/{PrefixLength} {(InterfaceName is null ? $"ifindex {InterfaceIndex}" : $"dev {InterfaceName}")}";
}

/// <summary>An address on a link as rtnetlink reports it (RTM_GETADDR dump or a notification); the engine sees <see cref="Runtime.InterfaceAddress"/>.</summary>
public sealed record LinkAddress(int InterfaceIndex, IPAddress Address, int PrefixLength)
{
    public string? Label { get; init; }

    public IPAddress? Broadcast { get; init; }

    public RouteScope Scope { get; init; }

    public InterfaceAddressFlags Flags { get; init; }

    /// <summary>Seconds of validity left, as the kernel counts them; null means forever.</summary>
    public TimeSpan? ValidLifetime { get; init; }

    public TimeSpan? PreferredLifetime { get; init; }

    public byte Protocol { get; init; }
}

/// <summary>A network interface as RTM_GETLINK reports it.</summary>
public sealed record LinkInfo(int Index, string Name)
{
    public InterfaceFlags Flags { get; init; }

    public LinkOperationalState OperationalState { get; init; }

    /// <summary>The link-layer address (IFLA_ADDRESS); empty when the link has none.</summary>
    public PhysicalAddress MacAddress { get; init; } = PhysicalAddress.None;

    public int Mtu { get; init; }

    /// <summary>IFLA_INFO_KIND: <c>macvlan</c>, <c>veth</c>, <c>bridge</c>...; null for a device without one (a NIC).</summary>
    public string? Kind { get; init; }

    /// <summary>IFLA_LINK: the link this one sits on (a macvlan's lower link); null when there is none.</summary>
    public int? ParentIndex { get; init; }

    /// <summary>IFLA_MACVLAN_MODE of a macvlan; null for other links.</summary>
    public MacvlanMode? MacvlanMode { get; init; }

    public bool IsUp => (Flags & InterfaceFlags.Up) != 0;

    public bool IsRunning => (Flags & InterfaceFlags.Running) != 0;

    /// <summary>
    /// Usable for VRRP: administratively up and running (carrier present), the test keepalived
    /// applies (IF_ISUP) before it lets an instance on this interface be master.
    /// </summary>
    public bool IsOperational => IsUp && IsRunning;
}

/// <summary>A route to install (RTM_NEWROUTE) or remove (RTM_DELROUTE).</summary>
public sealed record RouteRequest(IPNetwork Destination)
{
    public IPAddress? Gateway { get; init; }

    public int? InterfaceIndex { get; init; }

    /// <summary>Only used to make error messages read like <c>ip</c>.</summary>
    public string? InterfaceName { get; init; }

    public IPAddress? PreferredSource { get; init; }

    /// <summary>RTA_PRIORITY, shown by <c>ip route</c> as metric.</summary>
    public uint? Metric { get; init; }

    public uint Table { get; init; } = RouteTable.Main;

    /// <summary>Null picks what iproute2 picks: link for a direct unicast route, global otherwise.</summary>
    public RouteScope? Scope { get; init; }

    public RouteType Type { get; init; } = RouteType.Unicast;

    public byte Protocol { get; init; } = RouteProtocol.Keepalived;

    public AddressFamily Family => Destination.BaseAddress.AddressFamily;

    public RouteScope EffectiveScope =>
        Scope ?? (Type == RouteType.Unicast && Gateway is null ? RouteScope.Link : RouteScope.Global);

    public override string ToString()
    {
        var text = Type == RouteType.Unicast ? Destination.ToString() : $"{Type.ToString().ToLowerInvariant()} {Destination}";
        if (Gateway is not null)
        {
            text += $" via {Gateway}";
        }

        if (InterfaceName is not null || InterfaceIndex is not null)
        {
            text += InterfaceName is null ? $" ifindex {InterfaceIndex}" : $" dev {InterfaceName}";
        }

        return Metric is null ? $"{text} table {Table}" : $"{text} metric {Metric} table {Table}";
    }
}

/// <summary>A policy-routing rule to install (RTM_NEWRULE) or remove (RTM_DELRULE); unset fields match everything.</summary>
public sealed record RuleRequest(AddressFamily Family, RuleAction Action)
{
    /// <summary>FIB_RULE_INVERT (<c>not</c>).</summary>
    public bool Invert { get; init; }

    public IPNetwork? Source { get; init; }

    public IPNetwork? Destination { get; init; }

    /// <summary>FRA_PRIORITY, shown by <c>ip rule</c> as the preference.</summary>
    public uint? Priority { get; init; }

    public byte Tos { get; init; }

    /// <summary>The routing table of <see cref="RuleAction.ToTable"/>; 0 with <see cref="L3mdev"/>.</summary>
    public uint Table { get; init; }

    public uint? GotoTarget { get; init; }

    public bool L3mdev { get; init; }

    public uint? FirewallMark { get; init; }

    public uint? FirewallMask { get; init; }

    public string? InputInterfaceName { get; init; }

    public string? OutputInterfaceName { get; init; }

    /// <summary>FRA_FLOW: realms, source in the high 16 bits.</summary>
    public uint? Flow { get; init; }

    public int? SuppressPrefixLength { get; init; }

    public uint? SuppressInterfaceGroup { get; init; }

    public ulong? TunnelId { get; init; }

    public (uint Start, uint End)? UidRange { get; init; }

    public byte? IpProtocol { get; init; }

    public (ushort Start, ushort End)? SourcePorts { get; init; }

    public (ushort Start, ushort End)? DestinationPorts { get; init; }

    /// <summary>FRA_PROTOCOL: who installed the rule (Linux 4.17+); null sends none, as keepalived does for no_track rules.</summary>
    public byte? Protocol { get; init; } = RouteProtocol.Keepalived;

    public override string ToString()
    {
        var text = (Invert ? "not " : string.Empty) + "from " + (Source?.ToString() ?? "all");
        if (Destination is { } destination)
        {
            text += $" to {destination}";
        }
        if (Priority is { } priority)
        {
            text += $" pref {priority}";
        }
        if (InputInterfaceName is not null)
        {
            text += $" iif {InputInterfaceName}";
        }
        if (OutputInterfaceName is not null)
        {
            text += $" oif {OutputInterfaceName}";
        }
        return text + Action switch
        {
            RuleAction.ToTable when L3mdev => " lookup [l3mdev-table]",
            RuleAction.ToTable => $" lookup {Table}",
            RuleAction.Goto => $" goto {GotoTarget}",
            _ => " " + Action.ToString().ToLowerInvariant(),
        };
    }
}
