using System.Net;
using HaVrrp.Engine.Platform.Linux.Announcements;

namespace HaVrrp.Engine.Tests.Platform;

public sealed class AddressProbeFramesTests
{
    private static readonly byte[] OurMac = [0x02, 0x00, 0x0a, 0x00, 0x00, 0x01];

    [Fact]
    public void ArpProbe_IsABroadcastRequestFromZeroForTheTarget()
    {
        var frame = new byte[AddressProbeFrames.ArpFrameLength];

        AddressProbeFrames.WriteArpProbe(frame, OurMac, IPAddress.Parse("10.0.0.100"));

        Assert.Equal(Convert.FromHexString(
            "ffffffffffff" + "02000a000001" + "0806" +
            "0001" + "0800" + "06" + "04" + "0001" + "02000a000001" + "00000000" + "000000000000" + "0a000064"), frame);
        // A probe claims nothing: its sender address is 0.0.0.0.
        Assert.False(AddressProbeFrames.TryReadArpClaim(frame, out _, out _));
    }

    [Fact]
    public void ArpReply_AndGratuitousArp_ClaimTheSenderAddressAtTheSenderMac()
    {
        var reply = Convert.FromHexString(
            "02000a000001" + "02000a000002" + "0806" +
            "0001" + "0800" + "06" + "04" + "0002" + "02000a000002" + "0a000064" + "02000a000001" + "00000000");
        var gratuitous = Convert.FromHexString(
            "ffffffffffff" + "02000a000002" + "0806" +
            "0001" + "0800" + "06" + "04" + "0001" + "02000a000002" + "0a000064" + "000000000000" + "0a000064");

        Assert.True(AddressProbeFrames.TryReadArpClaim(reply, out var address, out var mac));
        Assert.Equal("10.0.0.100", address.ToString());
        Assert.Equal("02:00:0a:00:00:02", mac);
        Assert.True(AddressProbeFrames.TryReadArpClaim(gratuitous, out address, out mac));
        Assert.Equal("10.0.0.100", address.ToString());
        Assert.Equal("02:00:0a:00:00:02", mac);
        Assert.False(AddressProbeFrames.TryReadArpClaim(reply.AsSpan(0, 30), out _, out _));
    }

    [Fact]
    public void NeighborSolicitation_IsFromTheUnspecifiedAddressToTheSolicitedNodeGroup_WithAValidChecksum()
    {
        var frame = new byte[AddressProbeFrames.NeighborSolicitationFrameLength];
        var target = IPAddress.Parse("fd00::1:2:3:4");

        AddressProbeFrames.WriteNeighborSolicitation(frame, OurMac, target);

        Assert.Equal(new byte[] { 0x33, 0x33, 0xff, 0x03, 0x00, 0x04 }, frame[..6]);
        Assert.Equal(IPAddress.IPv6Any, new IPAddress(frame.AsSpan(14 + 8, 16)));
        Assert.Equal(IPAddress.Parse("ff02::1:ff03:4"), new IPAddress(frame.AsSpan(14 + 24, 16)));
        Assert.Equal(255, frame[14 + 7]);
        Assert.Equal(135, frame[54]);
        Assert.Equal(target, new IPAddress(frame.AsSpan(54 + 8, 16)));
        Assert.Equal(0, OnesComplementSum(frame.AsSpan(14 + 8, 32), frame.AsSpan(54, 24)));
    }

    [Fact]
    public void NeighborAdvertisement_ClaimsItsTargetAtTheMacOfItsOption()
    {
        var frame = new byte[NeighborAdvertisement.FrameLength];
        NeighborAdvertisement.WriteFrame(frame, [0x02, 0, 0, 0, 0, 0x02], HaVrrp.Engine.Protocol.Codec.VrrpAddress.Parse("fd00::100"), isRouter: false);

        Assert.True(AddressProbeFrames.TryReadNeighborAdvertisementClaim(frame, out var address, out var mac));
        Assert.Equal("fd00::100", address.ToString());
        Assert.Equal("02:00:00:00:00:02", mac);
    }

    // The ICMPv6 checksum verifies when the sum over pseudo-header and message folds to 0xffff.
    private static int OnesComplementSum(ReadOnlySpan<byte> addresses, ReadOnlySpan<byte> message)
    {
        uint sum = (uint)message.Length + 58;
        for (var index = 0; index < addresses.Length; index += 2)
        {
            sum += (uint)(addresses[index] << 8 | addresses[index + 1]);
        }
        for (var index = 0; index < message.Length; index += 2)
        {
            sum += (uint)(message[index] << 8 | message[index + 1]);
        }
        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int)(0xffff - sum);
    }
}
