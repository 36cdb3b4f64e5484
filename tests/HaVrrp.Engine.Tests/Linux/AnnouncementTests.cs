using System.Net;
using HaVrrp.Engine.Platform.Linux.Announcements;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport;

namespace HaVrrp.Engine.Tests.Linux;

/// <summary>Gratuitous ARP and unsolicited NA sent from node1, seen byte for byte on node2 (needs root).</summary>
public sealed class AnnouncementTests : IDisposable
{
    private readonly NetworkLab _lab = NetworkLab.Create(nodeCount: 2);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));

    private LabNode Node1 => _lab.Nodes[0];

    private LabNode Node2 => _lab.Nodes[1];

    [RootFact]
    public async Task GratuitousArp_ForAVip_IsABroadcastRequestFromTheInterfaceMacWithSenderAndTargetTheVip()
    {
        var virtualAddress = IPAddress.Parse($"{_lab.IPv4Prefix}.200");
        using var capture = LabCapture.Open(Node2, PacketSocket.EthertypeArp);
        using var garp = Node1.InNamespace(() => GratuitousArp.Open(Node1.InterfaceIndex, Node1.MacAddress));

        garp.Send(VrrpAddress.FromIPAddress(virtualAddress), count: 3);
        var frames = new List<byte[]>();
        for (var received = 0; received < 3; received++)
        {
            frames.Add(await capture.NextFrameAsync(IsFrom(Node1), _timeout.Token));
        }

        var mac = Node1.MacAddress.GetAddressBytes();
        var vip = virtualAddress.GetAddressBytes();
        byte[] expected =
        [
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, .. mac, 0x08, 0x06,
            0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01,
            .. mac, .. vip,
            0, 0, 0, 0, 0, 0, .. vip,
        ];
        Assert.All(frames, frame => Assert.Equal(expected, frame));
    }

    [RootFact]
    public async Task NeighborAdvertisement_ForAVip_GoesToAllNodesWithOverrideFlagTargetTheVipAndAValidChecksum()
    {
        var virtualAddress = IPAddress.Parse($"{_lab.IPv6Prefix}::200");
        using var capture = LabCapture.Open(Node2, PacketSocket.EthertypeIPv6);
        using var advertisement = Node1.InNamespace(() =>
            NeighborAdvertisement.Open(Node1.InterfaceIndex, Node1.MacAddress, NeighborAdvertisement.IsForwarding(LabNode.InterfaceName)));

        advertisement.Send(VrrpAddress.FromIPAddress(virtualAddress));
        var frame = await capture.NextFrameAsync(candidate => IsFrom(Node1)(candidate) && candidate.Length > 54 && candidate[54] == 136, _timeout.Token);

        var mac = Node1.MacAddress.GetAddressBytes();
        var vip = virtualAddress.GetAddressBytes();
        var allNodes = IPAddress.Parse("ff02::1").GetAddressBytes();
        byte[] icmp =
        [
            136, 0, 0, 0,            // type, code, checksum (filled below)
            0x20, 0, 0, 0,           // Override only: a namespace does not forward IPv6 by default
            .. vip,
            2, 1, .. mac,            // Target Link-Layer Address option
        ];
        var checksum = VrrpTestPacket.IPv6Checksum(virtualAddress, IPAddress.Parse("ff02::1"), 58, icmp);
        icmp[2] = (byte)(checksum >> 8);
        icmp[3] = (byte)checksum;
        byte[] expected =
        [
            0x33, 0x33, 0, 0, 0, 1, .. mac, 0x86, 0xDD,
            0x60, 0, 0, 0, 0, 32, 58, 255, .. vip, .. allNodes,
            .. icmp,
        ];
        Assert.Equal(expected, frame);
        Assert.Equal(0, VrrpTestPacket.IPv6Checksum(virtualAddress, IPAddress.Parse("ff02::1"), 58, frame.AsSpan(54)));
    }

    [RootFact]
    public async Task NeighborAdvertisement_FromAnInterfaceThatForwardsIPv6_SetsTheRouterFlagToo()
    {
        var virtualAddress = IPAddress.Parse($"{_lab.IPv6Prefix}::201");
        using var capture = LabCapture.Open(Node2, PacketSocket.EthertypeIPv6);
        using var advertisement = Node1.InNamespace(() =>
        {
            File.WriteAllText($"/proc/sys/net/ipv6/conf/{LabNode.InterfaceName}/forwarding", "1");
            return NeighborAdvertisement.Open(Node1.InterfaceIndex, Node1.MacAddress, NeighborAdvertisement.IsForwarding(LabNode.InterfaceName));
        });

        advertisement.Send(VrrpAddress.FromIPAddress(virtualAddress));
        var frame = await capture.NextFrameAsync(candidate => IsFrom(Node1)(candidate) && candidate.Length > 54 && candidate[54] == 136, _timeout.Token);

        Assert.True(advertisement.IsRouter);
        Assert.Equal(0xA0, frame[58]); // Router | Override
        Assert.Equal(0, VrrpTestPacket.IPv6Checksum(virtualAddress, IPAddress.Parse("ff02::1"), 58, frame.AsSpan(54)));
    }

    private static Func<byte[], bool> IsFrom(LabNode node)
    {
        var mac = node.MacAddress.GetAddressBytes();
        return frame => frame.Length >= 14 && frame.AsSpan(6, 6).SequenceEqual(mac);
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _lab.Dispose();
    }
}
