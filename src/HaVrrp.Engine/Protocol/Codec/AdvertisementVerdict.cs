namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>Findings that do not drop an advertisement but that an operator should see counted.</summary>
public enum AdvertisementWarning : byte
{
    None = 0,

    /// <summary>
    /// The addresses differ from the local virtual addresses. RFC 5798 §7.1 says MAY check, SHOULD log; like
    /// keepalived 2.3.3 HaVrrp logs and still processes, which also surfaces two clusters sharing a VRID.
    /// </summary>
    AddressListMismatch,
}

/// <summary>The outcome of checking one advertisement: accepted, accepted with a warning, or rejected with a reason.</summary>
public readonly record struct AdvertisementVerdict(AdvertisementRejectReason RejectReason, AdvertisementWarning Warning)
{
    public static AdvertisementVerdict Accepted => default;

    public bool IsAccepted => RejectReason == AdvertisementRejectReason.None;

    public static AdvertisementVerdict Rejected(AdvertisementRejectReason reason) => new(reason, AdvertisementWarning.None);

    public static AdvertisementVerdict AcceptedWith(AdvertisementWarning warning) =>
        new(AdvertisementRejectReason.None, warning);
}
