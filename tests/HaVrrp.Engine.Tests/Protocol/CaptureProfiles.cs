using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Tests.Protocol;

/// <summary>The local instance expectations of the keepalived nodes that produced each capture (see the *.conf files).</summary>
internal static class CaptureProfiles
{
    public static readonly VrrpAddress VirtualAddress = VrrpAddress.Parse("10.99.0.100");

    public static AdvertisementProfile For(string capture) => capture switch
    {
        "vrrp2-mcast-pass" or "vrrp2-unicast-pass" => Version2Pass(),
        "vrrp3-mcast" or "vrrp3-unicast" => new AdvertisementProfile(
            version: 3, virtualRouterId: 51, TimeSpan.FromSeconds(1), isIPv6: false, [VirtualAddress]),
        "vrrp3-ipv6" => new AdvertisementProfile(
            version: 3,
            virtualRouterId: 61,
            TimeSpan.FromMilliseconds(500),
            isIPv6: true,
            [VrrpAddress.Parse("fe80::61"), VrrpAddress.Parse("fd99::100")]),
        _ => throw new ArgumentOutOfRangeException(nameof(capture), capture, "No such capture."),
    };

    public static AdvertisementProfile Version2Pass(string password = "labpass1") => new(
        version: 2,
        virtualRouterId: 51,
        TimeSpan.FromSeconds(1),
        isIPv6: false,
        [VirtualAddress],
        AdvertisementAuthenticationType.SimpleText,
        password);
}
