using System.Net;
using System.Net.Sockets;

namespace HaVrrp.Engine.Configuration;

/// <summary>What a policy-routing rule does with a packet it matches (iproute2's rule types).</summary>
public enum RoutingRuleAction
{
    /// <summary><c>table N</c> / <c>lookup N</c>: look the packet up in that routing table.</summary>
    Table,

    /// <summary><c>goto N</c>: carry on at the rule with preference N.</summary>
    Goto,

    /// <summary><c>nop</c>: match and do nothing.</summary>
    Nop,

    Blackhole,
    Unreachable,
    Prohibit,

    /// <summary><c>l3mdev</c>: look up the table of the VRF device the packet came in or goes out on.</summary>
    L3mdev,
}

/// <summary>An inclusive range of numbers, as in <c>uidrange 1000-1999</c> or <c>dport 80-90</c>.</summary>
public readonly record struct NumberRange(uint Start, uint End);

/// <summary>
/// A policy-routing rule, as in keepalived's <c>virtual_rules</c> and <c>static_rules</c> and iproute2's
/// <c>ip rule add from 192.168.2.0/24 table 100 preference 100</c>. Unset options match everything.
/// </summary>
public sealed record RoutingRule
{
    /// <summary>protocol 18 (<c>proto keepalived</c>), the number keepalived gives the rules it tracks.</summary>
    public const byte KeepalivedProtocol = 18;

    public AddressFamily Family { get; init; } = AddressFamily.InterNetwork;

    /// <summary><c>not</c>: the rule applies to packets that do not match.</summary>
    public bool Not { get; init; }

    /// <summary><c>from</c>; null is <c>from all</c>.</summary>
    public IPNetwork? From { get; init; }

    /// <summary><c>to</c>; null is every destination.</summary>
    public IPNetwork? To { get; init; }

    /// <summary><c>preference</c> (<c>priority</c>, <c>order</c>): where the rule sits in the list.</summary>
    public uint? Preference { get; init; }

    /// <summary><c>tos</c> / <c>dsfield</c>.</summary>
    public byte Tos { get; init; }

    public uint? FirewallMark { get; init; }

    /// <summary>The mask after <c>fwmark N/MASK</c>.</summary>
    public uint? FirewallMask { get; init; }

    /// <summary><c>iif</c> / <c>dev</c>.</summary>
    public string? InputInterface { get; init; }

    /// <summary><c>oif</c>.</summary>
    public string? OutputInterface { get; init; }

    /// <summary><c>realms [FROM/]TO</c>, as the kernel packs it: source realm in the high 16 bits.</summary>
    public uint? Realms { get; init; }

    /// <summary><c>suppress_prefixlength N</c>: ignore a table's answer whose prefix is N or shorter.</summary>
    public int? SuppressPrefixLength { get; init; }

    /// <summary><c>suppress_ifgroup N</c>: ignore a table's answer through an interface of group N.</summary>
    public uint? SuppressInterfaceGroup { get; init; }

    /// <summary><c>tunnel-id N</c>.</summary>
    public ulong? TunnelId { get; init; }

    public NumberRange? UidRange { get; init; }

    /// <summary><c>ipproto</c>: the IP protocol number (6 is tcp).</summary>
    public byte? IpProtocol { get; init; }

    /// <summary><c>sport</c>.</summary>
    public NumberRange? SourcePorts { get; init; }

    /// <summary><c>dport</c>.</summary>
    public NumberRange? DestinationPorts { get; init; }

    /// <summary>
    /// <c>protocol N</c> as written, kept only for a <c>no_track</c> rule: keepalived marks every tracked rule
    /// with protocol 18 whatever was written (see <see cref="EffectiveProtocol"/>).
    /// </summary>
    public byte? Protocol { get; init; }

    public RoutingRuleAction Action { get; init; } = RoutingRuleAction.Table;

    /// <summary>The table of <see cref="RoutingRuleAction.Table"/>: a number or a name from rt_tables.</summary>
    public string? Table { get; init; }

    /// <summary>The preference <see cref="RoutingRuleAction.Goto"/> jumps to.</summary>
    public uint? GotoTarget { get; init; }

    /// <summary>keepalived's <c>no_track</c>: deleting the rule by hand changes nothing, and it has no protocol 18.</summary>
    public bool NoTrack { get; init; }

    public SourceMap Source { get; init; } = SourceMap.None;

    public bool IsIPv6 => Family == AddressFamily.InterNetworkV6;

    /// <summary>The rule's protocol on the host, as keepalived sets it: 18 unless <c>no_track</c>.</summary>
    public byte? EffectiveProtocol => NoTrack ? Protocol : KeepalivedProtocol;
}
