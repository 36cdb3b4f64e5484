using System.Text;

namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>
/// What one local instance puts in its advertisements and expects in its peers': version, VRID, interval,
/// authentication, virtual addresses. Prepared once per configuration so that writing and validating a packet
/// only read from it.
/// </summary>
public sealed class AdvertisementProfile
{
    private readonly VrrpAddress[] _virtualAddresses;
    private readonly VrrpAddress[] _distinctSortedAddresses;
    private readonly byte[] _authenticationData = new byte[Advertisement.AuthenticationDataLength];

    /// <param name="version">2 (RFC 3768, IPv4 only) or 3 (RFC 5798).</param>
    /// <param name="virtualRouterId">1–255.</param>
    /// <param name="advertInterval">Whole seconds 1–255 for v2; 10 ms steps up to 40.95 s for v3.</param>
    /// <param name="isIPv6">The address family of the instance (its adverts and its virtual addresses).</param>
    /// <param name="virtualAddresses">The addresses carried in adverts, in the order they are sent.</param>
    /// <param name="authenticationType">v2 only: none or simple text (keepalived's PASS).</param>
    /// <param name="password">The PASS password; only its first 8 octets (UTF-8) count, as in keepalived.</param>
    public AdvertisementProfile(
        int version,
        int virtualRouterId,
        TimeSpan advertInterval,
        bool isIPv6,
        IEnumerable<VrrpAddress> virtualAddresses,
        AdvertisementAuthenticationType authenticationType = AdvertisementAuthenticationType.None,
        string? password = null)
    {
        ArgumentNullException.ThrowIfNull(virtualAddresses);
        if (version is not (2 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "VRRP versions 2 and 3 exist.");
        }
        if (version == 2 && isIPv6)
        {
            throw new ArgumentException("VRRPv2 carries IPv4 only.", nameof(isIPv6));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(virtualRouterId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(virtualRouterId, 255);

        Version = version;
        VirtualRouterId = (byte)virtualRouterId;
        IsIPv6 = isIPv6;
        AdvertIntervalCentiseconds = ToCentiseconds(version, advertInterval);

        _virtualAddresses = [.. virtualAddresses];
        if (_virtualAddresses.Length > byte.MaxValue)
        {
            throw new ArgumentException("An advertisement carries at most 255 addresses.", nameof(virtualAddresses));
        }
        if (Array.Exists(_virtualAddresses, address => address.IsIPv6 != isIPv6))
        {
            throw new ArgumentException("All virtual addresses must be of the instance's family.", nameof(virtualAddresses));
        }
        _distinctSortedAddresses = [.. _virtualAddresses.Distinct().Order()];

        AuthenticationType = version == 2 ? authenticationType : AdvertisementAuthenticationType.None;
        if (AuthenticationType is not (AdvertisementAuthenticationType.None or AdvertisementAuthenticationType.SimpleText))
        {
            throw new ArgumentException("Only no authentication and PASS are supported.", nameof(authenticationType));
        }
        if (AuthenticationType == AdvertisementAuthenticationType.SimpleText)
        {
            var passwordBytes = Encoding.UTF8.GetBytes(password ?? string.Empty);
            passwordBytes.AsSpan(0, Math.Min(passwordBytes.Length, _authenticationData.Length)).CopyTo(_authenticationData);
        }
    }

    public int Version { get; }

    public byte VirtualRouterId { get; }

    public bool IsIPv6 { get; }

    public TimeSpan AdvertInterval => TimeSpan.FromMilliseconds(AdvertIntervalCentiseconds * 10L);

    /// <summary>The interval in centiseconds, for <see cref="AdvertisementWriter"/> alone (v2 writes whole seconds).</summary>
    internal int AdvertIntervalCentiseconds { get; }

    public AdvertisementAuthenticationType AuthenticationType { get; }

    /// <summary>The 8 octets written after the addresses in v2 (the password, zero padded).</summary>
    public ReadOnlySpan<byte> AuthenticationData => _authenticationData;

    /// <summary>The addresses carried in adverts, in the configured order.</summary>
    public ReadOnlySpan<VrrpAddress> VirtualAddresses => _virtualAddresses;

    /// <summary>The same addresses, duplicates removed and sorted, for set comparison.</summary>
    internal ReadOnlySpan<VrrpAddress> DistinctSortedAddresses => _distinctSortedAddresses;

    /// <summary>What a VRRPv3 IPv4 checksum covers when sending; on receive either variant is accepted.</summary>
    public ChecksumVariant IPv4ChecksumVariant { get; init; } = ChecksumVariant.PseudoHeader;

    /// <summary>
    /// RFC 5798 §7.1: drop adverts whose TTL / hop limit is not 255. keepalived skips the check for unicast
    /// peers (they may be routed), which <see cref="Runtime.ProtocolSettings"/> follows.
    /// </summary>
    public bool RequireTimeToLive255 { get; init; } = true;

    /// <summary>
    /// keepalived's unicast source check, which <c>check_unicast_src</c>, the global <c>vrrp_check_unicast_src</c>
    /// or a <c>min_ttl</c> / <c>max_ttl</c> on any peer turns on for a unicast instance: adverts must come from a
    /// listed peer, with a TTL / hop limit in that peer's range (0-255 unless set). Empty when the check is off.
    /// </summary>
    public IReadOnlyList<PeerTimeToLiveRange> PeerTimeToLiveRanges { get; init; } = [];

    /// <summary>The TTL / hop limit adverts leave with: 255, or a unicast instance's <c>unicast_ttl</c>.</summary>
    public byte SendTimeToLive { get; init; } = 255;

    /// <summary>
    /// keepalived's <c>skip_check_adv_addr</c>: a backup does not compare the VIP list of adverts from the master it
    /// already follows (it still does for a new master, and as master).
    /// </summary>
    public bool SkipAddressCheckFromMaster { get; init; }

    /// <summary>The verdict of the unicast source check for an advert from <paramref name="source"/>.</summary>
    internal AdvertisementRejectReason CheckUnicastSource(VrrpAddress source, int timeToLive)
    {
        var ranges = PeerTimeToLiveRanges;
        if (ranges.Count == 0)
        {
            return AdvertisementRejectReason.None;
        }
        for (var index = 0; index < ranges.Count; index++)
        {
            if (ranges[index].Peer == source)
            {
                return ranges[index].Contains(timeToLive) ? AdvertisementRejectReason.None : AdvertisementRejectReason.TtlOutsidePeerRange;
            }
        }
        return AdvertisementRejectReason.UnicastSourceNotPeer;
    }

    /// <summary>The range configured for <paramref name="source"/>, if any (for the log line).</summary>
    public PeerTimeToLiveRange? TimeToLiveRangeOf(VrrpAddress source)
    {
        foreach (var range in PeerTimeToLiveRanges)
        {
            if (range.Peer == source)
            {
                return range;
            }
        }
        return null;
    }

    /// <summary>The length of the advertisements this profile writes.</summary>
    public int MessageLength => Advertisement.MessageLength(Version, _virtualAddresses.Length, IsIPv6);

    /// <summary>The checksum variant this profile sends with.</summary>
    public ChecksumVariant SendChecksumVariant => (Version, IsIPv6) switch
    {
        (2, _) => ChecksumVariant.MessageOnly,
        (_, true) => ChecksumVariant.PseudoHeader,
        _ => IPv4ChecksumVariant,
    };

    private static int ToCentiseconds(int version, TimeSpan interval)
    {
        var centiseconds = interval.Ticks / (TimeSpan.TicksPerMillisecond * 10);
        var exact = centiseconds * TimeSpan.TicksPerMillisecond * 10 == interval.Ticks;
        var valid = version == 2
            ? exact && centiseconds % 100 == 0 && centiseconds is >= 100 and <= 255 * 100
            : exact && centiseconds is >= 1 and <= Advertisement.MaximumV3AdvertIntervalCentiseconds;
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(
                nameof(interval),
                interval,
                version == 2
                    ? "A VRRPv2 interval is whole seconds from 1 to 255."
                    : "A VRRPv3 interval is a multiple of 10 ms from 10 ms to 40.95 s.");
        }
        return (int)centiseconds;
    }
}
