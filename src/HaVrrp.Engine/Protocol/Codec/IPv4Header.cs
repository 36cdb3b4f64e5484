using System.Buffers.Binary;

namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>
/// Reads the IPv4 header in front of a VRRP message, as a raw IPv4 socket delivers it (raw(7)): the one place the
/// source, destination and TTL of an IPv4 advert come from. IPv6 needs no such reader: its raw socket hands over
/// the payload alone, with the addresses and hop limit beside it.
/// </summary>
public static class IPv4Header
{
    public const int MinimumLength = 20;

    /// <summary>
    /// Reads a received datagram: the header (any options included) and where the VRRP payload lies in it. Bytes
    /// beyond the header's total length (link padding) are not part of the payload. False, with the reason, when the
    /// datagram is not a whole IPv4 packet of protocol 112.
    /// </summary>
    public static bool TryRead(
        ReadOnlySpan<byte> datagram,
        out VrrpAddress source,
        out VrrpAddress destination,
        out int timeToLive,
        out Range payload,
        out AdvertisementRejectReason reason)
    {
        source = default;
        destination = default;
        timeToLive = -1;
        payload = default;
        if (datagram.Length < MinimumLength)
        {
            reason = AdvertisementRejectReason.TooShort;
            return false;
        }

        var headerLength = (datagram[0] & 0x0F) * 4;
        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (datagram[0] >> 4 != 4 || headerLength < MinimumLength || totalLength < headerLength)
        {
            reason = AdvertisementRejectReason.MalformedIPHeader;
            return false;
        }
        if (totalLength > datagram.Length)
        {
            reason = AdvertisementRejectReason.TooShort;
            return false;
        }
        if (datagram[9] != Advertisement.IPProtocolNumber)
        {
            reason = AdvertisementRejectReason.WrongProtocol;
            return false;
        }

        timeToLive = datagram[8];
        source = VrrpAddress.FromBytes(datagram.Slice(12, 4));
        destination = VrrpAddress.FromBytes(datagram.Slice(16, 4));
        payload = headerLength..totalLength;
        reason = AdvertisementRejectReason.None;
        return true;
    }
}
