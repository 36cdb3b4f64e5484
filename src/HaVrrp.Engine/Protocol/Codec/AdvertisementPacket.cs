namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>
/// An advertisement packet decoded: the VRRP view plus what the IP layer said about it (source, destination,
/// TTL / hop limit) and which checksum variant matched, so the daemon can record it per peer. Decoding checks
/// the packet's own consistency (IP header, VRRP structure, checksum); the local instance's expectations are
/// <see cref="AdvertisementValidator"/>'s job. Nothing here allocates.
/// </summary>
public readonly ref struct AdvertisementPacket
{
    private AdvertisementPacket(
        Advertisement advertisement, VrrpAddress source, VrrpAddress destination, int timeToLive, ChecksumVariant checksum)
    {
        Advertisement = advertisement;
        Source = source;
        Destination = destination;
        TimeToLive = timeToLive;
        ChecksumVariant = checksum;
    }

    public Advertisement Advertisement { get; }

    /// <summary>The sender's primary address: the one RFC 5798 §6.4.3 compares when priorities tie.</summary>
    public VrrpAddress Source { get; }

    /// <summary>The multicast group, or our own address for unicast.</summary>
    public VrrpAddress Destination { get; }

    /// <summary>IPv4 TTL or IPv6 hop limit.</summary>
    public int TimeToLive { get; }

    public ChecksumVariant ChecksumVariant { get; }

    /// <summary>
    /// Decodes an IPv4 packet as a raw socket delivers it: the IPv4 header (<see cref="IPv4Header"/>) followed by
    /// the VRRP message. The Linux transport reads the header itself and hands the engine the payload
    /// (<see cref="TryReadPayload"/>); this is for captures and benchmarks that start from the whole packet.
    /// </summary>
    public static bool TryReadIPv4(
        ReadOnlySpan<byte> packet, out AdvertisementPacket received, out AdvertisementRejectReason reason)
    {
        if (!IPv4Header.TryRead(packet, out var source, out var destination, out var timeToLive, out var payload, out reason))
        {
            received = default;
            return false;
        }
        return TryRead(packet[payload], source, destination, timeToLive, out received, out reason);
    }

    /// <summary>
    /// Decodes a VRRP message whose IP header a socket has already read (either family): the caller passes the
    /// source, destination and TTL / hop limit it reported. An IPv6 raw socket hands over only the payload, with
    /// the destination and hop limit in <c>recvmsg</c>'s control messages (IPV6_PKTINFO, IPV6_HOPLIMIT).
    /// </summary>
    public static bool TryReadPayload(
        ReadOnlySpan<byte> payload,
        VrrpAddress source,
        VrrpAddress destination,
        int timeToLive,
        out AdvertisementPacket received,
        out AdvertisementRejectReason reason)
    {
        if (source.IsIPv6 != destination.IsIPv6)
        {
            throw new ArgumentException("Source and destination must be of one address family.");
        }
        return TryRead(payload, source, destination, timeToLive, out received, out reason);
    }

    private static bool TryRead(
        ReadOnlySpan<byte> payload,
        VrrpAddress source,
        VrrpAddress destination,
        int timeToLive,
        out AdvertisementPacket received,
        out AdvertisementRejectReason reason)
    {
        received = default;
        if (!Advertisement.TryParse(payload, source.IsIPv6, out var advertisement, out reason))
        {
            return false;
        }
        if (!TryMatchChecksum(advertisement, payload, source, destination, out var variant))
        {
            reason = AdvertisementRejectReason.BadChecksum;
            return false;
        }
        received = new AdvertisementPacket(advertisement, source, destination, timeToLive, variant);
        return true;
    }

    /// <summary>
    /// Tries the variants this version and family allow: v2 the message only; v3 over IPv6 the pseudo-header;
    /// v3 over IPv4 the pseudo-header (keepalived's default) and then the message only (RFC 9568, Cisco).
    /// The checksum normally covers just the message; a sender that appends a trailer after summing the whole
    /// payload (the kernel does that for IPv6 with IPV6_CHECKSUM) is accepted too.
    /// </summary>
    private static bool TryMatchChecksum(
        Advertisement advertisement,
        ReadOnlySpan<byte> payload,
        VrrpAddress source,
        VrrpAddress destination,
        out ChecksumVariant variant)
    {
        variant = advertisement.Version == 2 ? ChecksumVariant.MessageOnly : ChecksumVariant.PseudoHeader;
        if (Matches(advertisement, payload, variant, source, destination))
        {
            return true;
        }
        if (advertisement.Version == 3 && !advertisement.IsIPv6)
        {
            variant = ChecksumVariant.MessageOnly;
            return Matches(advertisement, payload, variant, source, destination);
        }
        return false;
    }

    private static bool Matches(
        Advertisement advertisement,
        ReadOnlySpan<byte> payload,
        ChecksumVariant variant,
        VrrpAddress source,
        VrrpAddress destination) =>
        AdvertisementChecksum.IsValid(advertisement.Message, variant, source, destination) ||
        (!advertisement.Trailer.IsEmpty && AdvertisementChecksum.IsValid(payload, variant, source, destination));
}
