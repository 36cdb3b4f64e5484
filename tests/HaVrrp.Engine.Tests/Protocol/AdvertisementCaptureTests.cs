using System.Buffers.Binary;
using System.Text;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Tests.Protocol;

/// <summary>Golden vectors: real keepalived 2.2.7 traffic (TestData/captures, see its README).</summary>
public sealed class AdvertisementCaptureTests
{
    public static TheoryData<string> Captures => [.. CapturedAdvertisement.CaptureNames];

    [Theory]
    [MemberData(nameof(Captures))]
    public void EveryCapturedAdvert_DecodesValidatesAndReencodesToTheSameBytes(string capture)
    {
        var profile = CaptureProfiles.For(capture);
        var packets = CapturedAdvertisement.Read(capture);

        Assert.NotEmpty(packets);
        foreach (var packet in packets)
        {
            Assert.True(packet.TryRead(out var received, out var reason), $"{packet}: {reason}");
            Assert.Equal(AdvertisementVerdict.Accepted, AdvertisementValidator.Validate(received, profile));

            var buffer = new byte[packet.Payload.Length];
            var length = AdvertisementWriter.Write(
                buffer, profile, received.Advertisement.Priority, received.Source, received.Destination);
            Assert.Equal(packet.Payload, buffer[..length]);
        }
    }

    [Theory]
    [InlineData("vrrp2-mcast-pass", 12)]
    [InlineData("vrrp2-unicast-pass", 12)]
    [InlineData("vrrp3-mcast", 12)]
    [InlineData("vrrp3-unicast", 12)]
    [InlineData("vrrp3-ipv6", 16)]
    public void Capture_HoldsTheAdvertsOfBothNodesAndThePriorityZeroAdvert(string capture, int expectedCount)
    {
        var packets = CapturedAdvertisement.Read(capture);

        Assert.Equal(expectedCount, packets.Count);
        var priorities = packets.Select(packet => packet.Payload[2]).ToHashSet();
        Assert.Equal([0, 90, 100], priorities.Order().Select(priority => (int)priority));
    }

    [Fact]
    public void Vrrp2MulticastAdvert_ExposesEveryHeaderField()
    {
        var packet = CapturedAdvertisement.Read("vrrp2-mcast-pass")[0];

        Assert.True(packet.TryRead(out var received, out _));
        var advertisement = received.Advertisement;
        Assert.Equal(2, advertisement.Version);
        Assert.Equal(Advertisement.AdvertisementType, advertisement.Type);
        Assert.Equal(51, advertisement.VirtualRouterId);
        Assert.Equal(100, advertisement.Priority);
        Assert.Equal(1, advertisement.AddressCount);
        Assert.Equal(AdvertisementAuthenticationType.SimpleText, advertisement.AuthenticationType);
        Assert.Equal(TimeSpan.FromSeconds(1), advertisement.AdvertInterval);
        Assert.Equal(0xCB8C, advertisement.Checksum);
        Assert.Equal(CaptureProfiles.VirtualAddress, advertisement.GetAddress(0));
        Assert.Equal("labpass1", Encoding.ASCII.GetString(advertisement.AuthenticationData));
        Assert.True(advertisement.Trailer.IsEmpty);
        Assert.Equal(VrrpAddress.Parse("10.99.0.11"), received.Source);
        Assert.Equal(VrrpAddress.Parse("224.0.0.18"), received.Destination);
        Assert.Equal(255, received.TimeToLive);
        Assert.Equal(ChecksumVariant.MessageOnly, received.ChecksumVariant);
    }

    [Fact]
    public void Vrrp3Ipv6Advert_CarriesBothVirtualAddressesAndAHalfSecondInterval()
    {
        var packet = CapturedAdvertisement.Read("vrrp3-ipv6")[0];

        Assert.True(packet.TryRead(out var received, out _));
        var advertisement = received.Advertisement;
        Assert.Equal(3, advertisement.Version);
        Assert.True(advertisement.IsIPv6);
        Assert.Equal(61, advertisement.VirtualRouterId);
        Assert.Equal(TimeSpan.FromMilliseconds(500), advertisement.AdvertInterval);
        Assert.Equal(AdvertisementAuthenticationType.None, advertisement.AuthenticationType);
        Assert.True(advertisement.AuthenticationData.IsEmpty);
        Assert.Equal(
            [System.Net.IPAddress.Parse("fe80::61"), System.Net.IPAddress.Parse("fd99::100")],
            advertisement.GetIPAddresses());
        Assert.Equal(VrrpAddress.Parse("ff02::12"), received.Destination);
        Assert.Equal(ChecksumVariant.PseudoHeader, received.ChecksumVariant);
    }

    [Theory]
    [InlineData("vrrp3-mcast")]
    [InlineData("vrrp3-unicast")]
    public void KeepalivedVrrp3Ipv4Adverts_MatchThePseudoHeaderChecksum(string capture)
    {
        foreach (var packet in CapturedAdvertisement.Read(capture))
        {
            Assert.True(packet.TryRead(out var received, out _));
            Assert.Equal(ChecksumVariant.PseudoHeader, received.ChecksumVariant);
        }
    }

    [Fact]
    public void Vrrp3UnicastChecksum_CoversTheRealDestinationNotTheMulticastGroup()
    {
        var packet = CapturedAdvertisement.Read("vrrp3-unicast")[0];
        var rewritten = (byte[])packet.IPv4Packet.Clone();
        TestPackets.MulticastGroup.WriteTo(rewritten.AsSpan(16));

        Assert.False(AdvertisementPacket.TryReadIPv4(rewritten, out _, out var reason));
        Assert.Equal(AdvertisementRejectReason.BadChecksum, reason);
    }

    [Fact]
    public void CapturedFrames_AreRawSocketShaped_TotalLengthMatchesTheBuffer()
    {
        // Guards the test data itself: the codec sees exactly what a raw socket would hand it.
        foreach (var packet in CapturedAdvertisement.CaptureNames.SelectMany(CapturedAdvertisement.Read).Where(p => !p.IsIPv6))
        {
            Assert.Equal(packet.IPv4Packet.Length, BinaryPrimitives.ReadUInt16BigEndian(packet.IPv4Packet.AsSpan(2)));
        }
    }
}
