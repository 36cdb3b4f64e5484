using System.Net.Sockets;
using System.Net;
using HaVrrp.Engine.Platform.Linux.Announcements;
using HaVrrp.Engine.Platform.Linux.VrrpSocket;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport;

namespace HaVrrp.Engine.Tests.Linux;

/// <summary>IPv6 (VRRPv3) sockets between two namespaces of a throwaway lab (needs root).</summary>
public sealed class RawVrrpSocketIPv6Tests : IDisposable
{
    private static readonly IPAddress Group = IPAddress.Parse("ff02::12");
    private readonly NetworkLab _lab = NetworkLab.Create(nodeCount: 2);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));

    private LabNode Node1 => _lab.Nodes[0];

    private LabNode Node2 => _lab.Nodes[1];

    private IPAddress VirtualAddress => IPAddress.Parse($"{_lab.IPv6Prefix}::200");

    private static RawVrrpSocket OpenOn(LabNode node, Func<RawVrrpSocketOptions, RawVrrpSocketOptions>? adjust = null) =>
        node.OpenVrrpSocket(AddressFamily.InterNetworkV6, adjust);

    [RootFact]
    public void ForInterface_PicksTheLinkLocalAddressAndTheDefaultGroup()
    {
        using var socket = OpenOn(Node1);

        Assert.Equal(Node1.LinkLocalAddress, socket.Options.SourceAddress);
        Assert.Equal(Group, socket.Options.MulticastGroup);
        Assert.Equal(Node1.InterfaceIndex, socket.Options.InterfaceIndex);
    }

    [RootFact]
    public void MulticastAdvert_ArrivesFromTheLinkLocalSourceWithHopLimit255AndAKernelChecksumThatVerifies()
    {
        using var sender = OpenOn(Node1);
        using var receiver = OpenOn(Node2);
        var advert = VrrpTestPacket.Version3(virtualRouterId: 61, priority: 150, maximumAdvertisementIntervalCentiseconds: 100, VirtualAddress);

        sender.SendToGroup(advert);
        var packet = receiver.ReceiveWithin();

        Assert.Equal(255, packet.TimeToLive);
        Assert.Equal(VrrpAddress.FromIPAddress(Node1.LinkLocalAddress), packet.Source);
        Assert.Equal(VrrpAddress.FromIPAddress(Group), packet.Destination);
        Assert.Equal(Node2.InterfaceIndex, packet.InterfaceIndex);
        Assert.Equal(61, packet.VirtualRouterId);
        Assert.NotEqual(0, packet.Message[6] | packet.Message[7]);
        Assert.Equal(0, VrrpTestPacket.IPv6Checksum(Node1.LinkLocalAddress, Group, 112, packet.Message));
        Assert.Equal(advert.AsSpan(8).ToArray(), packet.Message[8..].ToArray());
    }

    [RootFact]
    public async Task MulticastAdvert_OnTheWire_HasTrafficClass0xC0AndTheGroupMac()
    {
        using var capture = LabCapture.Open(Node2, PacketSocket.EthertypeIPv6);
        using var sender = OpenOn(Node1);

        sender.SendToGroup(VrrpTestPacket.Version3(62, 100, 100, VirtualAddress));
        var frame = await capture.NextFrameAsync(candidate => candidate.Length > 54 && candidate[20] == 112, _timeout.Token);

        Assert.Equal(new byte[] { 0x33, 0x33, 0, 0, 0, 0x12 }, frame[..6]);
        Assert.Equal(0xC0, ((frame[14] & 0x0F) << 4) | (frame[15] >> 4));
        Assert.Equal(255, frame[21]);
    }

    [RootFact]
    public void UnicastAdvert_FromAConfiguredGlobalSource_ArrivesAtThePeerWithHopLimit255()
    {
        using var sender = OpenOn(Node1, options => options with { SourceAddress = Node1.IPv6Address, MulticastGroup = null });
        using var receiver = OpenOn(Node2, options => options with { MulticastGroup = null });
        var advert = VrrpTestPacket.Version3(63, 100, 100, VirtualAddress);

        sender.SendTo(advert, VrrpAddress.FromIPAddress(Node2.IPv6Address));
        var packet = receiver.ReceiveWithin();

        Assert.Equal(255, packet.TimeToLive);
        Assert.Equal(VrrpAddress.FromIPAddress(Node1.IPv6Address), packet.Source);
        Assert.Equal(VrrpAddress.FromIPAddress(Node2.IPv6Address), packet.Destination);
        Assert.Equal(0, VrrpTestPacket.IPv6Checksum(Node1.IPv6Address, Node2.IPv6Address, 112, packet.Message));
    }

    [RootFact]
    public void UnicastAdvert_SentWithAUnicastTtl_ArrivesWithThatHopLimit()
    {
        using var sender = OpenOn(Node1, options => options with { SourceAddress = Node1.IPv6Address, MulticastGroup = null });
        using var receiver = OpenOn(Node2, options => options with { MulticastGroup = null });
        var advert = VrrpTestPacket.Version3(63, 100, 100, VirtualAddress);

        sender.SendTo(advert, VrrpAddress.FromIPAddress(Node1.IPv6Address), VrrpAddress.FromIPAddress(Node2.IPv6Address), timeToLive: 64);
        var packet = receiver.ReceiveWithin();

        Assert.Equal(64, packet.TimeToLive);
        Assert.Equal(VrrpAddress.FromIPAddress(Node1.IPv6Address), packet.Source);
    }

    [RootFact]
    public void ManyAdverts_AreEachReceivedOnce_InOrder()
    {
        using var sender = OpenOn(Node1);
        using var receiver = OpenOn(Node2);

        for (byte priority = 1; priority <= 20; priority++)
        {
            sender.SendToGroup(VrrpTestPacket.Version3(64, priority, 100, VirtualAddress));
        }
        var priorities = new List<byte>();
        for (var received = 0; received < 20; received++)
        {
            priorities.Add((receiver.ReceiveWithin()).Message[2]);
        }

        Assert.Equal(Enumerable.Range(1, 20).Select(priority => (byte)priority), priorities);
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _lab.Dispose();
    }
}
