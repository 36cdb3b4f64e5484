using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Tests.Protocol;

/// <summary>One test per rejection reason: each names the rule of RFC 3768/5798 §7.1 it enforces.</summary>
public sealed class AdvertisementRejectionTests
{
    private static readonly AdvertisementProfile Version2 = CaptureProfiles.Version2Pass();
    private static readonly AdvertisementProfile Version3 = CaptureProfiles.For("vrrp3-mcast");

    private static AdvertisementRejectReason Reason(byte[] ipv4Packet, AdvertisementProfile profile) =>
        TestPackets.ReadAndValidate(ipv4Packet, profile).RejectReason;

    private static byte[] Edited(AdvertisementProfile profile, Action<byte[]> edit)
    {
        var message = TestPackets.Message(profile);
        edit(message);
        var variant = profile.Version == 2 ? ChecksumVariant.MessageOnly : ChecksumVariant.PseudoHeader;
        return TestPackets.IPv4(TestPackets.WithChecksum(message, variant, TestPackets.Peer, TestPackets.MulticastGroup));
    }

    [Fact]
    public void WellFormedAdvert_FromAPeerOfTheSameRouter_IsAccepted()
    {
        Assert.Equal(AdvertisementVerdict.Accepted, TestPackets.ReadAndValidate(TestPackets.IPv4(TestPackets.Message(Version2)), Version2));
        Assert.Equal(AdvertisementVerdict.Accepted, TestPackets.ReadAndValidate(TestPackets.IPv4(TestPackets.Message(Version3)), Version3));
    }

    [Fact]
    public void PacketShorterThanAnIPv4Header_IsRejectedAsTooShort() =>
        Assert.Equal(AdvertisementRejectReason.TooShort, Reason(new byte[19], Version2));

    [Fact]
    public void IPv4PacketCutShortOfItsTotalLength_IsRejectedAsTooShort()
    {
        var packet = TestPackets.IPv4(TestPackets.Message(Version2));

        Assert.Equal(AdvertisementRejectReason.TooShort, Reason(packet[..^1], Version2));
    }

    [Fact]
    public void VrrpMessageShorterThanItsEightOctetHeader_IsRejectedAsTooShort() =>
        Assert.Equal(AdvertisementRejectReason.TooShort, Reason(TestPackets.IPv4(TestPackets.Message(Version3)[..7]), Version3));

    [Theory]
    [InlineData(0x65)] // version 6
    [InlineData(0x44)] // header length 16 octets
    public void PacketWithoutAValidIPv4Header_IsRejectedAsMalformed(byte versionAndHeaderLength)
    {
        var packet = TestPackets.IPv4(TestPackets.Message(Version2));
        packet[0] = versionAndHeaderLength;

        Assert.Equal(AdvertisementRejectReason.MalformedIPHeader, Reason(packet, Version2));
    }

    [Fact]
    public void PacketOfAnotherIPProtocol_IsRejectedAsWrongProtocol() =>
        Assert.Equal(
            AdvertisementRejectReason.WrongProtocol,
            Reason(TestPackets.IPv4(TestPackets.Message(Version2), protocol: 17), Version2));

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(15)]
    public void UnknownVersion_IsRejectedAsBadVersion(int version) =>
        Assert.Equal(
            AdvertisementRejectReason.BadVersion,
            Reason(Edited(Version3, message => message[0] = (byte)((version << 4) | 1)), Version3));

    [Fact]
    public void Vrrp3AdvertForAVrrp2Instance_IsRejectedAsBadVersion() =>
        Assert.Equal(AdvertisementRejectReason.BadVersion, Reason(TestPackets.IPv4(TestPackets.Message(Version3)), Version2));

    [Fact]
    public void Vrrp2OverIPv6_IsRejectedAsBadVersion()
    {
        var message = TestPackets.Message(Version2);

        Assert.False(AdvertisementPacket.TryReadPayload(
            message, TestPackets.PeerIPv6, TestPackets.MulticastGroupIPv6, 255, out _, out var reason));
        Assert.Equal(AdvertisementRejectReason.BadVersion, reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(15)]
    public void TypeOtherThanAdvertisement_IsRejectedAsBadType(int type) =>
        Assert.Equal(
            AdvertisementRejectReason.BadType,
            Reason(Edited(Version3, message => message[0] = (byte)(0x30 | type)), Version3));

    [Fact]
    public void AddressCountBeyondThePacket_IsRejectedAsAddressCountTooLarge() =>
        Assert.Equal(
            AdvertisementRejectReason.AddressCountTooLarge,
            Reason(Edited(Version3, message => message[3] = 2), Version3));

    [Fact]
    public void Vrrp2AdvertMissingItsAuthenticationData_IsRejectedAsAddressCountTooLarge() =>
        Assert.Equal(
            AdvertisementRejectReason.AddressCountTooLarge,
            Reason(TestPackets.IPv4(TestPackets.Message(Version2)[..^8]), Version2));

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void CorruptedChecksum_IsRejectedAsBadChecksum(int version)
    {
        var profile = version == 2 ? Version2 : Version3;
        var message = TestPackets.Message(profile);
        message[7] ^= 0x01;

        Assert.Equal(AdvertisementRejectReason.BadChecksum, Reason(TestPackets.IPv4(message), profile));
    }

    [Fact]
    public void AdvertFromARoutedSender_TtlBelow255_IsRejected() =>
        Assert.Equal(
            AdvertisementRejectReason.TtlNot255,
            Reason(TestPackets.IPv4(TestPackets.Message(Version2), timeToLive: 254), Version2));

    [Fact]
    public void UnicastProfile_AcceptsARoutedPeer_AsKeepalivedDoes()
    {
        var unicast = new AdvertisementProfile(
            3, 51, TimeSpan.FromSeconds(1), isIPv6: false, [CaptureProfiles.VirtualAddress]) { RequireTimeToLive255 = false };

        Assert.True(TestPackets.ReadAndValidate(TestPackets.IPv4(TestPackets.Message(unicast), timeToLive: 61), unicast).IsAccepted);
    }

    /// <summary>A unicast instance whose peer 10.99.0.12 has min_ttl 250 max_ttl 254, and whose peer 10.99.0.13 has no range.</summary>
    private static AdvertisementProfile UnicastWithTtlRange() => ProtocolSettings.Profile(
        new HaVrrp.Engine.Configuration.VrrpInstanceConfig
        {
            Name = "VI_1",
            VirtualRouterId = 51,
            Version = 3,
            VirtualIpAddresses = new([new HaVrrp.Engine.Configuration.VirtualAddress(CaptureProfiles.VirtualAddress.ToIPAddress())]),
            UnicastPeers = new(
            [
                new HaVrrp.Engine.Configuration.UnicastPeer(TestPackets.Peer.ToIPAddress()) { MinTtl = 250, MaxTtl = 254 },
                new HaVrrp.Engine.Configuration.UnicastPeer(System.Net.IPAddress.Parse("10.99.0.13")),
            ]),
        },
        new HaVrrp.Engine.Configuration.GlobalSettings());

    [Theory]
    [InlineData(249, AdvertisementRejectReason.TtlOutsidePeerRange)]
    [InlineData(250, AdvertisementRejectReason.None)]
    [InlineData(254, AdvertisementRejectReason.None)]
    [InlineData(255, AdvertisementRejectReason.TtlOutsidePeerRange)]
    public void UnicastPeerWithTtlRange_AdvertOutsideTheRange_IsRejected(byte timeToLive, AdvertisementRejectReason expected)
    {
        var profile = UnicastWithTtlRange();

        Assert.Equal(expected, Reason(TestPackets.IPv4(TestPackets.Message(profile), timeToLive: timeToLive), profile));
    }

    [Fact]
    public void UnicastPeerTtlRange_TurnsOnTheSourceCheck_AsKeepalivedDoes()
    {
        var profile = UnicastWithTtlRange();
        var listedWithoutRange = VrrpAddress.Parse("10.99.0.13");
        var stranger = VrrpAddress.Parse("10.99.0.66");
        byte[] From(VrrpAddress source, byte timeToLive) =>
            TestPackets.IPv4(TestPackets.Message(profile, 90, source, TestPackets.MulticastGroup), source: source, timeToLive: timeToLive);

        Assert.Equal(AdvertisementRejectReason.None, Reason(From(listedWithoutRange, 1), profile));
        Assert.Equal(AdvertisementRejectReason.UnicastSourceNotPeer, Reason(From(stranger, 255), profile));
    }

    [Fact]
    public void UnicastPeersWithoutTtlRanges_AcceptAnySourceAndTtl_AsBefore()
    {
        var profile = ProtocolSettings.Profile(
            new HaVrrp.Engine.Configuration.VrrpInstanceConfig
            {
                Name = "VI_1",
                VirtualRouterId = 51,
                Version = 3,
                VirtualIpAddresses = new([new HaVrrp.Engine.Configuration.VirtualAddress(CaptureProfiles.VirtualAddress.ToIPAddress())]),
                UnicastPeers = new([new HaVrrp.Engine.Configuration.UnicastPeer(System.Net.IPAddress.Parse("10.99.0.13"))]),
            },
            new HaVrrp.Engine.Configuration.GlobalSettings());

        Assert.Empty(profile.PeerTimeToLiveRanges);
        Assert.Equal(AdvertisementRejectReason.None, Reason(TestPackets.IPv4(TestPackets.Message(profile), timeToLive: 7), profile));
    }

    [Fact]
    public void Ipv6AdvertWithHopLimitBelow255_IsRejected()
    {
        var profile = CaptureProfiles.For("vrrp3-ipv6");
        var message = TestPackets.Message(profile);

        Assert.True(AdvertisementPacket.TryReadPayload(
            message, TestPackets.PeerIPv6, TestPackets.MulticastGroupIPv6, timeToLive: 64, out var received, out _));
        Assert.Equal(AdvertisementRejectReason.TtlNot255, AdvertisementValidator.Validate(received, profile).RejectReason);
    }

    [Fact]
    public void Ipv4AdvertForAnIpv6Instance_IsRejectedAsAddressFamilyMismatch() =>
        Assert.Equal(
            AdvertisementRejectReason.AddressFamilyMismatch,
            Reason(TestPackets.IPv4(TestPackets.Message(Version3)), CaptureProfiles.For("vrrp3-ipv6")));

    [Fact]
    [Trait("keepalived", "version")]
    public void Vrrp2AdvertForAVrrp3Instance_IsRejectedAsBadVersion_AsKeepalivedDoes() =>
        Assert.Equal(AdvertisementRejectReason.BadVersion, Reason(TestPackets.IPv4(TestPackets.Message(Version2)), Version3));

    [Fact]
    public void Vrrp2AdvertWithIPsecAuthenticationHeader_IsRejectedAsUnsupported() =>
        Assert.Equal(
            AdvertisementRejectReason.AuthTypeUnsupported,
            Reason(Edited(Version2, message => message[4] = 2), Version2));

    [Fact]
    public void Vrrp2AdvertWithAnUndefinedAuthType_IsRejectedAsUnknown() =>
        Assert.Equal(
            AdvertisementRejectReason.AuthTypeUnknown,
            Reason(Edited(Version2, message => message[4] = 7), Version2));

    [Fact]
    public void Vrrp2AdvertWithoutAuthentication_ToAPassInstance_IsRejectedAsAuthTypeMismatch() =>
        Assert.Equal(
            AdvertisementRejectReason.AuthTypeMismatch,
            Reason(Edited(Version2, message => message[4] = 0), Version2));

    [Fact]
    public void Vrrp2AdvertWithAnotherPassword_IsRejectedAsAuthPasswordMismatch() =>
        Assert.Equal(
            AdvertisementRejectReason.AuthPasswordMismatch,
            Reason(TestPackets.IPv4(TestPackets.Message(CaptureProfiles.Version2Pass("other"))), Version2));

    [Fact]
    public void PasswordsDifferingOnlyAfterTheEighthCharacter_Match_AsKeepalivedTruncates() =>
        Assert.True(TestPackets.ReadAndValidate(
            TestPackets.IPv4(TestPackets.Message(CaptureProfiles.Version2Pass("labpass1-and-more"))), Version2).IsAccepted);

    [Fact]
    public void Vrrp2AdvertWithAnotherInterval_IsRejectedAsAdvertIntervalMismatch() =>
        Assert.Equal(
            AdvertisementRejectReason.AdvertIntervalMismatch,
            Reason(Edited(Version2, message => message[5] = 2), Version2));

    [Fact]
    public void Vrrp3AdvertWithAnotherInterval_IsAccepted_BecauseTheBackupLearnsIt() =>
        Assert.True(TestPackets.ReadAndValidate(
            Edited(Version3, message => message[5] = 200), Version3).IsAccepted);

    [Fact]
    public void AdvertWithOtherVirtualAddresses_IsAcceptedWithAnAddressListWarning()
    {
        var other = new AdvertisementProfile(
            3, 51, TimeSpan.FromSeconds(1), isIPv6: false, [VrrpAddress.Parse("10.99.0.101")]);

        var verdict = TestPackets.ReadAndValidate(TestPackets.IPv4(TestPackets.Message(other)), Version3);

        Assert.True(verdict.IsAccepted);
        Assert.Equal(AdvertisementWarning.AddressListMismatch, verdict.Warning);
    }

    [Fact]
    public void AdvertWithOtherVirtualAddresses_IsAcceptedWithoutWarning_WhenTheAddressCheckIsSkipped()
    {
        var other = new AdvertisementProfile(
            3, 51, TimeSpan.FromSeconds(1), isIPv6: false, [VrrpAddress.Parse("10.99.0.101")]);

        var verdict = TestPackets.ReadAndValidate(TestPackets.IPv4(TestPackets.Message(other)), Version3, checkAddresses: false);

        Assert.Equal(AdvertisementVerdict.Accepted, verdict);
    }

    [Fact]
    public void AdvertWithTheSameAddressesInAnotherOrder_IsAcceptedWithoutWarning()
    {
        VrrpAddress[] addresses = [VrrpAddress.Parse("10.0.0.1"), VrrpAddress.Parse("10.0.0.2")];
        var local = new AdvertisementProfile(3, 51, TimeSpan.FromSeconds(1), false, addresses);
        var peer = new AdvertisementProfile(3, 51, TimeSpan.FromSeconds(1), false, addresses.Reverse());

        Assert.Equal(AdvertisementVerdict.Accepted, TestPackets.ReadAndValidate(TestPackets.IPv4(TestPackets.Message(peer)), local));
    }

    [Fact]
    public void AdvertRepeatingOneAddressInsteadOfTwo_IsAcceptedWithAnAddressListWarning()
    {
        var local = new AdvertisementProfile(
            3, 51, TimeSpan.FromSeconds(1), false, [VrrpAddress.Parse("10.0.0.1"), VrrpAddress.Parse("10.0.0.2")]);
        var peer = new AdvertisementProfile(
            3, 51, TimeSpan.FromSeconds(1), false, [VrrpAddress.Parse("10.0.0.1"), VrrpAddress.Parse("10.0.0.1")]);

        var verdict = TestPackets.ReadAndValidate(TestPackets.IPv4(TestPackets.Message(peer)), local);

        Assert.Equal(AdvertisementWarning.AddressListMismatch, verdict.Warning);
    }
}
