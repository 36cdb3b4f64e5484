using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Tests.Protocol;

public sealed class AdvertisementProfileTests
{
    private static VrrpInstanceConfig CapturedNode(int? version = null) => new()
    {
        Name = "VI_1",
        VirtualRouterId = 51,
        Version = version,
        Authentication = version == 3 ? null : new AuthenticationConfig(AuthenticationType.Pass, "labpass1"),
        VirtualIpAddresses = new ValueList<VirtualAddress>([new VirtualAddress(IPAddress.Parse("10.99.0.100"))]),
    };

    [Theory]
    [InlineData("vrrp2-mcast-pass", null)]
    [InlineData("vrrp3-mcast", 3)]
    public void ProfileFromTheCapturedNodesConfiguration_AcceptsTheirAdverts(string capture, int? version)
    {
        var profile = ProtocolSettings.Profile(CapturedNode(version), new GlobalSettings());

        foreach (var packet in CapturedAdvertisement.Read(capture))
        {
            Assert.True(packet.TryRead(out var received, out _));
            Assert.Equal(AdvertisementVerdict.Accepted, AdvertisementValidator.Validate(received, profile));
        }
    }

    [Fact]
    public void UnicastInstance_SkipsTheTtlCheck_AndV3ChecksumAsV2_SendsMessageOnly()
    {
        var instance = CapturedNode(3) with
        {
            UnicastPeers = new ValueList<UnicastPeer>([new UnicastPeer(IPAddress.Parse("10.99.0.12"))]),
            V3ChecksumAsV2 = true,
        };

        var profile = ProtocolSettings.Profile(instance, new GlobalSettings());

        Assert.False(profile.RequireTimeToLive255);
        Assert.Equal(ChecksumVariant.MessageOnly, profile.SendChecksumVariant);
    }

    [Theory]
    // unicast peers, instance check_unicast_src, global vrrp_check_unicast_src -> the source is checked
    [InlineData(true, false, false, false)]
    [InlineData(true, true, false, true)]
    [InlineData(true, false, true, true)]
    [InlineData(false, true, true, false)]
    public void CheckUnicastSrc_ChecksTheSourceOfAUnicastInstance(bool unicast, bool instanceCheck, bool globalCheck, bool checks)
    {
        var instance = CapturedNode(3) with
        {
            UnicastPeers = unicast ? new ValueList<UnicastPeer>([new UnicastPeer(IPAddress.Parse("10.99.0.12"))]) : ValueList<UnicastPeer>.Empty,
            CheckUnicastSource = instanceCheck,
        };

        var profile = ProtocolSettings.Profile(instance, new GlobalSettings { CheckUnicastSource = globalCheck });

        var stranger = profile.CheckUnicastSource(VrrpAddress.Parse("10.99.0.66"), timeToLive: 255);
        Assert.Equal(checks ? AdvertisementRejectReason.UnicastSourceNotPeer : AdvertisementRejectReason.None, stranger);
        Assert.Equal(AdvertisementRejectReason.None, profile.CheckUnicastSource(VrrpAddress.Parse("10.99.0.12"), timeToLive: 64));
    }

    [Fact]
    public void VrrpStrict_SendsVrrp2WithoutAuthentication()
    {
        var profile = ProtocolSettings.Profile(CapturedNode(), new GlobalSettings { VrrpStrict = true });

        Assert.Equal(AdvertisementAuthenticationType.None, profile.AuthenticationType);
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    public void SkipCheckAdvAddr_IsTheInstanceOrTheGlobalSwitch(bool instanceSkip, bool globalSkip, bool skips)
    {
        var profile = ProtocolSettings.Profile(
            CapturedNode(3) with { SkipCheckAdvertAddresses = instanceSkip }, new GlobalSettings { SkipCheckAdvertAddresses = globalSkip });

        Assert.Equal(skips, profile.SkipAddressCheckFromMaster);
    }

    [Fact]
    public void Vrrp2IntervalThatIsNotWholeSeconds_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new AdvertisementProfile(2, 51, TimeSpan.FromMilliseconds(500), false, []));

    [Fact]
    public void Vrrp3IntervalBeyond4095Centiseconds_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new AdvertisementProfile(3, 51, TimeSpan.FromSeconds(41), false, []));

    [Fact]
    public void Vrrp2OverIPv6_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new AdvertisementProfile(2, 51, TimeSpan.FromSeconds(1), true, []));

    [Fact]
    public void IPsecAuthenticationHeader_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new AdvertisementProfile(
            2, 51, TimeSpan.FromSeconds(1), false, [], AdvertisementAuthenticationType.IPAuthenticationHeader));

    [Fact]
    public void Vrrp3Profile_DropsAuthentication_AsVrrp3HasNone()
    {
        var profile = new AdvertisementProfile(
            3, 51, TimeSpan.FromSeconds(1), false, [], AdvertisementAuthenticationType.SimpleText, "secret");

        Assert.Equal(AdvertisementAuthenticationType.None, profile.AuthenticationType);
        Assert.Equal(8, profile.MessageLength);
    }
}
