namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>
/// Why a received advertisement was dropped, in the order RFC 5798 §7.1 checks. Each value is a counter in
/// <see cref="AdvertisementCounters"/> and is explained for operators in docs/protocol.md.
/// </summary>
public enum AdvertisementRejectReason : byte
{
    None = 0,

    /// <summary>The IPv4 header is not one (version, header length or total length make no sense).</summary>
    MalformedIPHeader,

    /// <summary>The IP protocol / next header is not 112.</summary>
    WrongProtocol,

    /// <summary>Fewer than the 8 octets of a VRRP header (or an IP packet cut short).</summary>
    TooShort,

    /// <summary>Neither VRRPv2 over IPv4 nor VRRPv3; or a version other than the local instance's.</summary>
    BadVersion,

    /// <summary>A type other than 1 (ADVERTISEMENT).</summary>
    BadType,

    /// <summary>The packet is shorter than its Count IP Addrs field (and v2 authentication data) require.</summary>
    AddressCountTooLarge,

    /// <summary>The checksum matches none of the variants allowed for this version and address family.</summary>
    BadChecksum,

    /// <summary>The IP TTL / hop limit is not 255, so the sender is not on this link (RFC 5798 §7.1).</summary>
    TtlNot255,

    /// <summary>From a unicast peer with <c>min_ttl</c>/<c>max_ttl</c>, with a TTL / hop limit outside that range.</summary>
    TtlOutsidePeerRange,

    /// <summary>Not from a listed unicast peer, on an instance whose peers have a TTL range (keepalived's check_unicast_src).</summary>
    UnicastSourceNotPeer,

    /// <summary>An IPv4 advertisement for an IPv6 instance or the reverse.</summary>
    AddressFamilyMismatch,

    /// <summary>The advertisement is for a VRID no instance on this transport runs (the engine's demultiplexing).</summary>
    VirtualRouterIdNotOurs,

    /// <summary>VRRPv2 Auth Type 2 (IPsec AH), removed by RFC 3768 and not implemented.</summary>
    AuthTypeUnsupported,

    /// <summary>VRRPv2 Auth Type above 2: no such type was ever defined.</summary>
    AuthTypeUnknown,

    /// <summary>VRRPv2 Auth Type differs from the local one (e.g. PASS here, none there).</summary>
    AuthTypeMismatch,

    /// <summary>VRRPv2 PASS authentication with a different password.</summary>
    AuthPasswordMismatch,

    /// <summary>VRRPv2 Adver Int differs from the local one (v3 learns the master's interval instead).</summary>
    AdvertIntervalMismatch,
}
