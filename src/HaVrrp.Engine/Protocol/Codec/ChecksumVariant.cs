namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>
/// What an advertisement's checksum covers. VRRPv2 always covers the message only and VRRPv3 over IPv6 always
/// includes the IPv6 pseudo-header; VRRPv3 over IPv4 is found both ways in the field (RFC 5798 §5.2.8 is ambiguous).
/// </summary>
public enum ChecksumVariant : byte
{
    /// <summary>The VRRP message alone: VRRPv2; VRRPv3 IPv4 from Cisco, Juniper, RFC 9568 and keepalived's <c>v3_checksum_as_v2</c>.</summary>
    MessageOnly,

    /// <summary>The message plus the IP pseudo-header (source, destination, length, protocol 112): keepalived's and FRR's default.</summary>
    PseudoHeader,
}
