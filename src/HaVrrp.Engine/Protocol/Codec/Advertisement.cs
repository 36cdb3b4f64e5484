using System.Buffers.Binary;
using System.Net;

namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>
/// A view over one VRRP advertisement (RFC 3768 §5.1, RFC 5798 §5.1) as it lies in a receive buffer: the header
/// fields are read on demand, nothing is copied. A <c>ref struct</c> so it cannot outlive the buffer it points at.
/// <code>
/// v2:  0 Version|Type  1 VRID  2 Priority  3 Count   4 Auth Type  5 Adver Int (s)      6-7 Checksum
///      8.. IPv4 addresses, then 8 octets of Authentication Data
/// v3:  0 Version|Type  1 VRID  2 Priority  3 Count   4-5 Reserved(4 bits)|Max Adver Int (12 bits, cs)  6-7 Checksum
///      8.. IPv4 or IPv6 addresses
/// </code>
/// </summary>
public readonly ref struct Advertisement
{
    public const byte IPProtocolNumber = 112;
    public const int HeaderLength = 8;
    public const int AuthenticationDataLength = 8;
    public const byte AdvertisementType = 1;

    /// <summary>The largest VRRPv3 Max Adver Int: 12 bits of centiseconds, 40.95 s.</summary>
    public const int MaximumV3AdvertIntervalCentiseconds = 0x0FFF;

    private readonly ReadOnlySpan<byte> _message;

    private Advertisement(ReadOnlySpan<byte> message, ReadOnlySpan<byte> trailer, bool isIPv6)
    {
        _message = message;
        Trailer = trailer;
        IsIPv6 = isIPv6;
    }

    /// <summary>The message itself: header, addresses and (v2) authentication data; what the checksum covers.</summary>
    public ReadOnlySpan<byte> Message => _message;

    /// <summary>
    /// Bytes after the message inside the IP payload (keepalived's HMAC trailer, padding). Ignored, but kept
    /// visible so a caller can log or check it.
    /// </summary>
    public ReadOnlySpan<byte> Trailer { get; }

    /// <summary>True when the advertisement came over IPv6, so its addresses are 16 octets.</summary>
    public bool IsIPv6 { get; }

    public int Version => _message[0] >> 4;

    public int Type => _message[0] & 0x0F;

    public byte VirtualRouterId => _message[1];

    public byte Priority => _message[2];

    public int AddressCount => _message[3];

    public int AddressLength => IsIPv6 ? 16 : 4;

    /// <summary>VRRPv2 Auth Type; VRRPv3 has none.</summary>
    public AdvertisementAuthenticationType AuthenticationType =>
        Version == 2 ? (AdvertisementAuthenticationType)_message[4] : AdvertisementAuthenticationType.None;

    /// <summary>
    /// The advertisement interval: VRRPv2's whole seconds or VRRPv3's centiseconds, read once into the one unit every
    /// layer above uses.
    /// </summary>
    public TimeSpan AdvertInterval => Version == 2
        ? TimeSpan.FromSeconds(_message[5])
        : TimeSpan.FromMilliseconds((BinaryPrimitives.ReadUInt16BigEndian(_message[4..]) & MaximumV3AdvertIntervalCentiseconds) * 10L);

    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_message[AdvertisementChecksum.FieldOffset..]);

    /// <summary>The address list as it is on the wire, <see cref="AddressCount"/> × <see cref="AddressLength"/> octets.</summary>
    public ReadOnlySpan<byte> AddressBytes => _message.Slice(HeaderLength, AddressCount * AddressLength);

    /// <summary>VRRPv2's 8 octets after the addresses (the PASS password, zero padded); empty for VRRPv3.</summary>
    public ReadOnlySpan<byte> AuthenticationData =>
        Version == 2 ? _message[^AuthenticationDataLength..] : ReadOnlySpan<byte>.Empty;

    public VrrpAddress GetAddress(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, AddressCount);
        return VrrpAddress.FromBytes(AddressBytes.Slice(index * AddressLength, AddressLength));
    }

    /// <summary>The addresses as <see cref="IPAddress"/> objects, for logs and the control plane (allocates).</summary>
    public IPAddress[] GetIPAddresses()
    {
        var addresses = new IPAddress[AddressCount];
        for (var index = 0; index < addresses.Length; index++)
        {
            addresses[index] = GetAddress(index).ToIPAddress();
        }
        return addresses;
    }

    /// <summary>
    /// Reads the VRRP message at the start of <paramref name="payload"/> (the IP payload). Checks only what the
    /// message's own structure demands; the checksum needs the IP addresses and is checked by
    /// <see cref="AdvertisementPacket"/>, the local instance's expectations by <see cref="AdvertisementValidator"/>.
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<byte> payload,
        bool isIPv6,
        out Advertisement advertisement,
        out AdvertisementRejectReason reason)
    {
        advertisement = default;
        if (payload.Length < HeaderLength)
        {
            reason = AdvertisementRejectReason.TooShort;
            return false;
        }

        var version = payload[0] >> 4;
        if (version != 3 && (version != 2 || isIPv6))
        {
            reason = AdvertisementRejectReason.BadVersion;
            return false;
        }
        if ((payload[0] & 0x0F) != AdvertisementType)
        {
            reason = AdvertisementRejectReason.BadType;
            return false;
        }

        var messageLength = MessageLength(version, payload[3], isIPv6);
        if (payload.Length < messageLength)
        {
            reason = AdvertisementRejectReason.AddressCountTooLarge;
            return false;
        }

        advertisement = new Advertisement(payload[..messageLength], payload[messageLength..], isIPv6);
        reason = AdvertisementRejectReason.None;
        return true;
    }

    /// <summary>Header, addresses, and for VRRPv2 the authentication data.</summary>
    public static int MessageLength(int version, int addressCount, bool isIPv6) =>
        HeaderLength + (addressCount * (isIPv6 ? 16 : 4)) + (version == 2 ? AuthenticationDataLength : 0);
}
