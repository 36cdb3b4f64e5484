using System.Net;
using HaVrrp.Engine.Platform.Linux.Announcements;
using HaVrrp.Engine.Platform.Linux.VrrpSocket;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Tests.Linux;

/// <summary>Frame and header layouts that need no root: the bytes alone, checked against the RFCs.</summary>
public sealed class FrameLayoutTests
{
    private static readonly byte[] Mac = [0x02, 0xAA, 0xBB, 0xCC, 0x00, 0x11];

    [Fact]
    public void GratuitousArpFrame_IsRfc826RequestWithSenderAndTargetTheVip()
    {
        var frame = new byte[GratuitousArp.FrameLength];

        GratuitousArp.WriteFrame(frame, Mac, VrrpAddress.Parse("10.1.1.200"));

        Assert.Equal(Convert.FromHexString(
            "FFFFFFFFFFFF" + "02AABBCC0011" + "0806" +
            "0001" + "0800" + "06" + "04" + "0001" +
            "02AABBCC0011" + "0A0101C8" + "000000000000" + "0A0101C8"), frame);
    }

    [Fact]
    public void NeighborAdvertisementFrame_HasAValidIcmpv6Checksum_AndRouterFlagOnlyWhenAsked()
    {
        var virtualAddress = IPAddress.Parse("2001:db8::100");
        var plain = new byte[NeighborAdvertisement.FrameLength];
        var router = new byte[NeighborAdvertisement.FrameLength];

        NeighborAdvertisement.WriteFrame(plain, Mac, VrrpAddress.FromIPAddress(virtualAddress), isRouter: false);
        NeighborAdvertisement.WriteFrame(router, Mac, VrrpAddress.FromIPAddress(virtualAddress), isRouter: true);

        Assert.Equal(0x20, plain[58]);
        Assert.Equal(0xA0, router[58]);
        Assert.Equal(0, VrrpTestPacket.IPv6Checksum(virtualAddress, IPAddress.Parse("ff02::1"), 58, plain.AsSpan(54)));
        Assert.Equal(0, VrrpTestPacket.IPv6Checksum(virtualAddress, IPAddress.Parse("ff02::1"), 58, router.AsSpan(54)));
    }

    [Fact]
    public void IPv4Header_WrittenForSend_IsReadBackWithTheSameFields()
    {
        var packet = new byte[RawVrrpSocketIPv4Header.Length + 20];
        RawVrrpSocketIPv4Header.Write(packet, VrrpAddress.Parse("10.0.0.1"), VrrpAddress.Parse("224.0.0.18"), 20);

        var ok = IPv4Header.TryRead(packet, out var source, out var destination, out var timeToLive, out var message, out _);

        Assert.True(ok);
        Assert.Equal(VrrpAddress.Parse("10.0.0.1"), source);
        Assert.Equal(VrrpAddress.Parse("224.0.0.18"), destination);
        Assert.Equal(255, timeToLive);
        Assert.Equal(0xC0, packet[1]);
        Assert.Equal(20..40, message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("45")]
    [InlineData("60000000001470FF")]                              // IPv6, not IPv4
    [InlineData("4500001400000000FF1100000A0000010A000002")]      // UDP, not VRRP
    [InlineData("4F00001400000000FF7000000A0000010A000002")]      // header longer than the datagram
    public void IPv4Header_ThatIsNotAWholeVrrpPacket_IsRejected(string hex)
    {
        Assert.False(IPv4Header.TryRead(Convert.FromHexString(hex), out _, out _, out _, out _, out _));
    }

    [Fact]
    public void PacketSocketEndPoint_RoundTripsThroughSocketAddress()
    {
        var endPoint = new PacketSocketEndPoint(7, PacketSocket.EthertypeArp,
            new System.Net.NetworkInformation.PhysicalAddress(Mac), PacketSocketEndPoint.OutgoingPacketType);

        var socketAddress = endPoint.Serialize();
        var copy = (PacketSocketEndPoint)endPoint.Create(socketAddress);

        Assert.Equal(PacketSocketEndPoint.SocketAddressLength, socketAddress.Size);
        Assert.Equal(0x08, socketAddress[2]); // the ethertype is big-endian in sockaddr_ll
        Assert.Equal(7, copy.InterfaceIndex);
        Assert.Equal(PacketSocket.EthertypeArp, copy.Protocol);
        Assert.Equal(endPoint.HardwareAddress, copy.HardwareAddress);
        Assert.Equal(PacketSocketEndPoint.OutgoingPacketType, copy.PacketType);
    }
}
