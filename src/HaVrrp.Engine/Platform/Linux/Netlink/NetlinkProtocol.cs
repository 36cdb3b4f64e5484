using System.Diagnostics.CodeAnalysis;

namespace HaVrrp.Engine.Platform.Linux.Netlink;

// Numbers from the Linux UAPI headers (linux/netlink.h, linux/rtnetlink.h, linux/if_addr.h,
// linux/if_link.h, linux/if.h). They are ABI: the kernel never renumbers them.

/// <summary>nlmsg_type values: the netlink control messages and the rtnetlink requests HaVrrp sends.</summary>
internal enum NetlinkMessageType : ushort
{
    Noop = 1,
    Error = 2,
    Done = 3,
    Overrun = 4,
    NewLink = 16,
    DeleteLink = 17,
    GetLink = 18,
    NewAddress = 20,
    DeleteAddress = 21,
    GetAddress = 22,
    NewRoute = 24,
    DeleteRoute = 25,
    GetRoute = 26,
    NewRule = 32,
    DeleteRule = 33,
    GetRule = 34,
}

/// <summary>
/// nlmsg_flags. Constants rather than an enum because the kernel reuses the same bits with
/// different meanings for GET requests, NEW requests and error replies.
/// </summary>
internal static class NetlinkMessageFlags
{
    public const ushort Request = 0x1;
    public const ushort Multipart = 0x2;
    public const ushort Acknowledge = 0x4;
    public const ushort DumpInterrupted = 0x10;

    // GET requests.
    public const ushort Dump = 0x300;

    // NEW requests.
    public const ushort Replace = 0x100;
    public const ushort Exclusive = 0x200;
    public const ushort Create = 0x400;

    // NLMSG_ERROR replies.
    public const ushort Capped = 0x100;
    public const ushort AcknowledgeHasTlvs = 0x200;
}

internal static class NetlinkSocketOption
{
    /// <summary>Acks carry only the request's header, not its whole payload.</summary>
    public const int CapAcknowledge = 10;

    /// <summary>Errors carry the kernel's explanation (NLMSGERR_ATTR_MSG).</summary>
    public const int ExtendedAcknowledge = 11;
}

/// <summary>Attributes after the original header in an NLMSG_ERROR with NLM_F_ACK_TLVS.</summary>
internal static class NetlinkErrorAttribute
{
    public const ushort Message = 1;
}

/// <summary>RTMGRP_* bit masks for <c>sockaddr_nl.nl_groups</c>.</summary>
[Flags]
public enum RtnetlinkGroups : uint
{
    None = 0,
    Link = 0x1,
    IPv4Address = 0x10,
    IPv4Route = 0x40,
    IPv6Address = 0x100,
    IPv6Route = 0x400,
}

/// <summary>IFA_* attributes of RTM_NEWADDR/DELADDR/GETADDR.</summary>
internal static class AddressAttribute
{
    public const ushort Address = 1;
    public const ushort Local = 2;
    public const ushort Label = 3;
    public const ushort Broadcast = 4;
    public const ushort CacheInfo = 6;
    public const ushort Flags = 8;
    public const ushort Protocol = 11;
}

/// <summary>IFA_F_* address flags (the low 8 bits also fit in ifaddrmsg.ifa_flags).</summary>
[Flags]
[SuppressMessage("Naming", "CA1711", Justification = "Named after the kernel's IFA_F_* address flags.")]
public enum InterfaceAddressFlags : uint
{
    None = 0,
    Secondary = 0x01,
    NoDuplicateAddressDetection = 0x02,
    Optimistic = 0x04,
    DuplicateAddressDetectionFailed = 0x08,
    HomeAddress = 0x10,
    Deprecated = 0x20,
    Tentative = 0x40,
    Permanent = 0x80,
    ManagedTemporaryAddress = 0x100,
    NoPrefixRoute = 0x200,
    MulticastAutoJoin = 0x400,
    StablePrivacy = 0x800,
}

/// <summary>RTA_* attributes of RTM_NEWROUTE/DELROUTE.</summary>
internal static class RouteAttribute
{
    public const ushort Destination = 1;
    public const ushort OutputInterface = 4;
    public const ushort Gateway = 5;
    public const ushort Priority = 6;
    public const ushort PreferredSource = 7;
    public const ushort Table = 15;
}

/// <summary>FRA_* attributes of RTM_NEWRULE/DELRULE (linux/fib_rules.h).</summary>
internal static class RuleAttribute
{
    public const ushort Destination = 1;
    public const ushort Source = 2;
    public const ushort InputInterfaceName = 3;
    public const ushort Goto = 4;
    public const ushort Priority = 6;
    public const ushort FirewallMark = 10;
    public const ushort Flow = 11;
    public const ushort TunnelId = 12;
    public const ushort SuppressInterfaceGroup = 13;
    public const ushort SuppressPrefixLength = 14;
    public const ushort Table = 15;
    public const ushort FirewallMask = 16;
    public const ushort OutputInterfaceName = 17;
    public const ushort L3mdev = 19;
    public const ushort UidRange = 20;
    public const ushort Protocol = 21;
    public const ushort IpProtocol = 22;
    public const ushort SourcePortRange = 23;
    public const ushort DestinationPortRange = 24;
}

/// <summary>fib_rule_hdr.action: what a matching rule does (FR_ACT_*).</summary>
public enum RuleAction : byte
{
    ToTable = 1,
    Goto = 2,
    Nop = 3,
    Blackhole = 6,
    Unreachable = 7,
    Prohibit = 8,
}

/// <summary>IFLA_* attributes of RTM_NEWLINK/GETLINK.</summary>
internal static class LinkAttribute
{
    public const ushort Address = 1;
    public const ushort InterfaceName = 3;
    public const ushort Mtu = 4;

    /// <summary>IFLA_LINK: the index of the link a macvlan or VLAN sits on.</summary>
    public const ushort Link = 5;
    public const ushort OperationalState = 16;

    /// <summary>IFLA_LINKINFO: nested <see cref="LinkInfoAttribute"/>s.</summary>
    public const ushort LinkInfo = 18;

    /// <summary>IFLA_AF_SPEC: nested per-family settings (AF_INET6 carries <see cref="Inet6LinkAttribute"/>s).</summary>
    public const ushort AddressFamilySpecific = 26;
}

/// <summary>IFLA_INFO_* attributes nested in IFLA_LINKINFO.</summary>
internal static class LinkInfoAttribute
{
    public const ushort Kind = 1;
    public const ushort Data = 2;
}

/// <summary>IFLA_MACVLAN_* attributes nested in IFLA_INFO_DATA of a macvlan.</summary>
internal static class MacvlanAttribute
{
    public const ushort Mode = 1;
}

/// <summary>MACVLAN_MODE_*: private keeps the macvlan from talking to the other macvlans of its lower link.</summary>
public enum MacvlanMode : uint
{
    Private = 1,
    Vepa = 2,
    Bridge = 4,
    Passthrough = 8,
    Source = 16,
}

/// <summary>IFLA_INET6_* attributes nested in IFLA_AF_SPEC / AF_INET6.</summary>
internal static class Inet6LinkAttribute
{
    public const ushort AddressGenerationMode = 8;

    /// <summary>IN6_ADDR_GEN_MODE_NONE: the kernel adds no link-local address when the link comes up.</summary>
    public const byte AddressGenerationModeNone = 1;
}

/// <summary>IFF_* interface flags in ifinfomsg.ifi_flags.</summary>
[Flags]
[SuppressMessage("Naming", "CA1711", Justification = "Named after the kernel's IFF_* interface flags.")]
public enum InterfaceFlags : uint
{
    None = 0,
    Up = 0x1,
    Broadcast = 0x2,
    Loopback = 0x8,
    PointToPoint = 0x10,
    Running = 0x40,
    NoArp = 0x80,
    Promiscuous = 0x100,
    Multicast = 0x1000,
    LowerUp = 0x10000,
    Dormant = 0x20000,
}

/// <summary>RFC 2863 operational state as the kernel reports it in IFLA_OPERSTATE.</summary>
public enum LinkOperationalState : byte
{
    Unknown = 0,
    NotPresent = 1,
    Down = 2,
    LowerLayerDown = 3,
    Testing = 4,
    Dormant = 5,
    Up = 6,
}

/// <summary>
/// rtm_protocol / IFA_PROTO: who installed a route or address. keepalived uses 18 ("keepalived" in
/// /etc/iproute2/rt_protos); HaVrrp uses the same number so existing tooling recognises its entries.
/// </summary>
public static class RouteProtocol
{
    public const byte Unspecified = 0;
    public const byte Kernel = 2;
    public const byte Boot = 3;
    public const byte Static = 4;
    public const byte Keepalived = 18;
}

/// <summary>rtm_type.</summary>
public enum RouteType : byte
{
    Unicast = 1,
    Local = 2,
    Blackhole = 6,
    Unreachable = 7,
    Prohibit = 8,
}

/// <summary>Well-known routing tables (rtm_table / RTA_TABLE).</summary>
public static class RouteTable
{
    public const uint Default = 253;
    public const uint Main = 254;
    public const uint Local = 255;
}
