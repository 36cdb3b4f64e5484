using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Tests.Protocol;

public sealed class AdvertisementChecksumTests
{
    private static readonly AdvertisementProfile PseudoHeaderProfile = CaptureProfiles.For("vrrp3-mcast");

    private static readonly AdvertisementProfile MessageOnlyProfile =
        new(3, 51, TimeSpan.FromSeconds(1), isIPv6: false, [CaptureProfiles.VirtualAddress])
        {
            IPv4ChecksumVariant = ChecksumVariant.MessageOnly,
        };

    [Theory]
    [InlineData(ChecksumVariant.PseudoHeader)]
    [InlineData(ChecksumVariant.MessageOnly)]
    public void Vrrp3Ipv4_WritesTheConfiguredVariant_AndTheReaderReportsIt(ChecksumVariant variant)
    {
        var profile = variant == ChecksumVariant.PseudoHeader ? PseudoHeaderProfile : MessageOnlyProfile;

        Assert.True(AdvertisementPacket.TryReadIPv4(TestPackets.IPv4(TestPackets.Message(profile)), out var received, out _));

        Assert.Equal(variant, received.ChecksumVariant);
        Assert.Equal(AdvertisementVerdict.Accepted, AdvertisementValidator.Validate(received, PseudoHeaderProfile));
    }

    [Fact]
    public void MessageOnlyChecksum_MatchesAnIndependentRfc1071Computation()
    {
        var message = TestPackets.Message(MessageOnlyProfile);
        var expected = TestPackets.WithChecksum(
            (byte[])message.Clone(), ChecksumVariant.MessageOnly, TestPackets.Peer, TestPackets.MulticastGroup);

        Assert.Equal(expected, message);
    }

    [Fact]
    public void Vrrp3Ipv6_RequiresThePseudoHeader()
    {
        var profile = CaptureProfiles.For("vrrp3-ipv6");
        var messageOnly = TestPackets.WithChecksum(
            TestPackets.Message(profile), ChecksumVariant.MessageOnly, TestPackets.PeerIPv6, TestPackets.MulticastGroupIPv6);

        Assert.False(AdvertisementPacket.TryReadPayload(
            messageOnly, TestPackets.PeerIPv6, TestPackets.MulticastGroupIPv6, 255, out _, out var reason));
        Assert.Equal(AdvertisementRejectReason.BadChecksum, reason);
    }

    [Fact]
    public void Vrrp2_NeverIncludesAPseudoHeader()
    {
        var profile = CaptureProfiles.Version2Pass();
        var withPseudoHeader = TestPackets.WithChecksum(
            TestPackets.Message(profile), ChecksumVariant.PseudoHeader, TestPackets.Peer, TestPackets.MulticastGroup);

        Assert.Equal(AdvertisementRejectReason.BadChecksum, TestPackets.ReadAndValidate(TestPackets.IPv4(withPseudoHeader), profile).RejectReason);
    }

    [Fact]
    public void Vrrp3Ipv4PseudoHeaderChecksum_DependsOnTheSourceAddress()
    {
        var packet = TestPackets.IPv4(TestPackets.Message(PseudoHeaderProfile), source: VrrpAddress.Parse("10.99.0.13"));

        Assert.Equal(AdvertisementRejectReason.BadChecksum, TestPackets.ReadAndValidate(packet, PseudoHeaderProfile).RejectReason);
    }
}
