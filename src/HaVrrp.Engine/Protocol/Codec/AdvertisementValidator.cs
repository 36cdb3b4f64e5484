namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>
/// RFC 3768 §7.1 / RFC 5798 §7.1 receive checks against the local instance's expectations, after
/// <see cref="AdvertisementPacket"/> has established that the packet is well formed. Allocation-free.
/// </summary>
public static class AdvertisementValidator
{
    /// <summary>
    /// The verdict on <paramref name="received"/> for the instance <paramref name="expected"/> describes. The VRID is
    /// not checked here: the engine hands each advert to the instance with its VRID, and counts the rest as not ours.
    /// </summary>
    /// <param name="received">An advert that decoded cleanly.</param>
    /// <param name="expected">The instance's own advert profile.</param>
    /// <param name="checkAddresses">false to accept any VIP list (skip_check_adv_addr, for the master a backup follows).</param>
    public static AdvertisementVerdict Validate(in AdvertisementPacket received, AdvertisementProfile expected, bool checkAddresses = true)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var advertisement = received.Advertisement;

        if (expected.RequireTimeToLive255 && received.TimeToLive != 255)
        {
            return AdvertisementVerdict.Rejected(AdvertisementRejectReason.TtlNot255);
        }
        var unicastSource = expected.CheckUnicastSource(received.Source, received.TimeToLive);
        if (unicastSource != AdvertisementRejectReason.None)
        {
            return AdvertisementVerdict.Rejected(unicastSource);
        }
        if (advertisement.Version != expected.Version)
        {
            return AdvertisementVerdict.Rejected(AdvertisementRejectReason.BadVersion);
        }
        if (advertisement.IsIPv6 != expected.IsIPv6)
        {
            return AdvertisementVerdict.Rejected(AdvertisementRejectReason.AddressFamilyMismatch);
        }
        if (advertisement.Version == 2)
        {
            var reason = CheckVersion2(advertisement, expected);
            if (reason != AdvertisementRejectReason.None)
            {
                return AdvertisementVerdict.Rejected(reason);
            }
        }

        return !checkAddresses || HasExpectedAddresses(advertisement, expected)
            ? AdvertisementVerdict.Accepted
            : AdvertisementVerdict.AcceptedWith(AdvertisementWarning.AddressListMismatch);
    }

    /// <summary>What RFC 3768 adds: matching authentication and the same advertisement interval.</summary>
    private static AdvertisementRejectReason CheckVersion2(Advertisement advertisement, AdvertisementProfile expected)
    {
        var authenticationType = advertisement.AuthenticationType;
        if (authenticationType == AdvertisementAuthenticationType.IPAuthenticationHeader)
        {
            return AdvertisementRejectReason.AuthTypeUnsupported;
        }
        if (authenticationType > AdvertisementAuthenticationType.IPAuthenticationHeader)
        {
            return AdvertisementRejectReason.AuthTypeUnknown;
        }
        if (authenticationType != expected.AuthenticationType)
        {
            return AdvertisementRejectReason.AuthTypeMismatch;
        }
        // With Auth Type 0 the data is ignored on receive (RFC 3768 §5.3.6.1 says SHOULD send zero).
        if (authenticationType == AdvertisementAuthenticationType.SimpleText &&
            !advertisement.AuthenticationData.SequenceEqual(expected.AuthenticationData))
        {
            return AdvertisementRejectReason.AuthPasswordMismatch;
        }
        if (advertisement.AdvertInterval != expected.AdvertInterval)
        {
            return AdvertisementRejectReason.AdvertIntervalMismatch;
        }
        return AdvertisementRejectReason.None;
    }

    /// <summary>
    /// Compares the advertised addresses with the local ones as sets: order does not matter, a repeated or
    /// missing address does.
    /// </summary>
    private static bool HasExpectedAddresses(Advertisement advertisement, AdvertisementProfile expected)
    {
        var local = expected.DistinctSortedAddresses;
        if (advertisement.AddressCount != local.Length)
        {
            return false;
        }

        // local.Length <= 255 (the count octet), so this stays small.
        Span<bool> seen = stackalloc bool[local.Length];
        for (var index = 0; index < advertisement.AddressCount; index++)
        {
            var position = local.BinarySearch(advertisement.GetAddress(index));
            if (position < 0 || seen[position])
            {
                return false;
            }
            seen[position] = true;
        }
        return true;
    }
}
