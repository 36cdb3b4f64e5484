using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Tests.Protocol;

/// <summary>Bytes after the address list: Ethernet padding and keepalived's HMAC trailer must not cost an advert.</summary>
public sealed class AdvertisementTrailerTests
{
    [Fact]
    public void EthernetPaddingAfterTheIPTotalLength_IsIgnored()
    {
        var profile = CaptureProfiles.For("vrrp3-mcast");
        var packet = TestPackets.IPv4(TestPackets.Message(profile));
        var padded = packet.Concat(new byte[46 - packet.Length]).ToArray();

        Assert.True(AdvertisementPacket.TryReadIPv4(padded, out var received, out _));
        Assert.True(received.Advertisement.Trailer.IsEmpty);
        Assert.Equal(AdvertisementVerdict.Accepted, AdvertisementValidator.Validate(received, profile));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void TrailerInsideTheIPPayload_IsExposedButNotChecked(int version)
    {
        var profile = version == 2 ? CaptureProfiles.Version2Pass() : CaptureProfiles.For("vrrp3-mcast");
        byte[] trailer = [0x01, 0x00, 0x24, 0x00, 0xAA, 0xBB, 0xCC, 0xDD];
        var payload = TestPackets.Message(profile).Concat(trailer).ToArray();

        Assert.True(AdvertisementPacket.TryReadIPv4(TestPackets.IPv4(payload), out var received, out var reason), reason.ToString());
        Assert.Equal(trailer, received.Advertisement.Trailer.ToArray());
        Assert.Equal(AdvertisementVerdict.Accepted, AdvertisementValidator.Validate(received, profile));
        if (version == 2)
        {
            Assert.Equal("labpass1"u8.ToArray(), received.Advertisement.AuthenticationData.ToArray());
        }
    }

    [Fact]
    public void Ipv6ChecksumComputedOverTheWholePayload_IncludingATrailer_IsAccepted()
    {
        // The kernel's IPV6_CHECKSUM sums the whole payload, trailer included.
        var profile = CaptureProfiles.For("vrrp3-ipv6");
        var payload = TestPackets.Message(profile).Concat(new byte[] { 9, 9, 9, 9 }).ToArray();
        TestPackets.WithChecksum(payload, ChecksumVariant.PseudoHeader, TestPackets.PeerIPv6, TestPackets.MulticastGroupIPv6);

        Assert.True(AdvertisementPacket.TryReadPayload(
            payload, TestPackets.PeerIPv6, TestPackets.MulticastGroupIPv6, 255, out var received, out var reason), reason.ToString());
        Assert.Equal(4, received.Advertisement.Trailer.Length);
    }
}
