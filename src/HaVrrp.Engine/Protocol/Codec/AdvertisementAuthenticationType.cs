namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>
/// The VRRPv2 Auth Type octet. RFC 3768 reserves 1 and 2; keepalived still sends 1 (its <c>auth_type PASS</c>),
/// so HaVrrp speaks it for interoperability. VRRPv3 has no authentication.
/// </summary>
public enum AdvertisementAuthenticationType : byte
{
    None = 0,

    /// <summary>RFC 2338 simple text password: 8 octets after the addresses, zero padded.</summary>
    SimpleText = 1,

    /// <summary>RFC 2338 IPsec AH. Recognised so it can be refused by name; RFC 3768 removed it.</summary>
    IPAuthenticationHeader = 2,
}
