using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Runtime;

/// <summary>How a dropped advert is described in the log, in keepalived's words where it has some.</summary>
internal static class RejectionText
{
    public static string Describe(AdvertisementRejectReason reason) => reason switch
    {
        AdvertisementRejectReason.MalformedIPHeader => "malformed IP header",
        AdvertisementRejectReason.WrongProtocol => "not a VRRP packet",
        AdvertisementRejectReason.TooShort => "ip/vrrp header too short",
        AdvertisementRejectReason.BadVersion => "wrong version",
        AdvertisementRejectReason.BadType => "Invalid packet type",
        AdvertisementRejectReason.AddressCountTooLarge => "ip payload too short for the address count",
        AdvertisementRejectReason.BadChecksum => "Invalid VRRP checksum",
        AdvertisementRejectReason.TtlNot255 => "invalid TTL/HL. expect 255",
        AdvertisementRejectReason.TtlOutsidePeerRange => "TTL/HL not in range [min_ttl, max_ttl]",
        AdvertisementRejectReason.UnicastSourceNotPeer => "unicast source address not a unicast peer",
        AdvertisementRejectReason.AddressFamilyMismatch => "address family mismatch",
        AdvertisementRejectReason.VirtualRouterIdNotOurs => "VRID not configured here",
        AdvertisementRejectReason.AuthTypeUnsupported => "AH authentication is not supported",
        AdvertisementRejectReason.AuthTypeUnknown => "Invalid auth type",
        AdvertisementRejectReason.AuthTypeMismatch => "auth type mismatch",
        AdvertisementRejectReason.AuthPasswordMismatch => "received an invalid passwd!",
        AdvertisementRejectReason.AdvertIntervalMismatch => "advertisement interval mismatch",
        _ => reason.ToString(),
    };

    /// <summary>As <see cref="Describe(AdvertisementRejectReason)"/>, with the TTL and range where a peer's range refused it.</summary>
    public static string Describe(AdvertisementRejectReason reason, in AdvertisementPacket received, AdvertisementProfile profile) =>
        reason == AdvertisementRejectReason.TtlOutsidePeerRange && profile.TimeToLiveRangeOf(received.Source) is { } range
            ? $"TTL/HL {received.TimeToLive} not in range [{range.Minimum}, {range.Maximum}]"
            : Describe(reason);

    /// <summary>The non-zero counts, for the status snapshot.</summary>
    public static Configuration.ValueList<RejectionCount> Counts(AdvertisementCounters counters) =>
        new(Enum.GetValues<AdvertisementRejectReason>()
            .Where(reason => reason != AdvertisementRejectReason.None && counters.Rejected(reason) > 0)
            .Select(reason => new RejectionCount(reason, counters.Rejected(reason))));
}
