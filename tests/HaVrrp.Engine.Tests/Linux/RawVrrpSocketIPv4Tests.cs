using System.Net.Sockets;
using System.Net;
using HaVrrp.Engine.Platform.Linux.Announcements;
using HaVrrp.Engine.Platform.Linux.Native;
using HaVrrp.Engine.Platform.Linux.VrrpSocket;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport;

namespace HaVrrp.Engine.Tests.Linux;

/// <summary>IPv4 VRRP sockets between two namespaces of a throwaway lab (needs root).</summary>
public sealed class RawVrrpSocketIPv4Tests : IDisposable
{
    private static readonly IPAddress VirtualAddress = IPAddress.Parse("192.0.2.100");
    private readonly NetworkLab _lab = NetworkLab.Create(nodeCount: 2);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));

    private LabNode Node1 => _lab.Nodes[0];

    private LabNode Node2 => _lab.Nodes[1];

    private static RawVrrpSocket OpenOn(LabNode node, Func<RawVrrpSocketOptions, RawVrrpSocketOptions>? adjust = null) =>
        node.OpenVrrpSocket(AddressFamily.InterNetwork, adjust);

    [RootFact]
    public void MulticastAdvert_SentFromNode1_ArrivesAtNode2WithTtl255AndNode1AsSource()
    {
        using var sender = OpenOn(Node1);
        using var receiver = OpenOn(Node2);
        var advert = VrrpTestPacket.Version2(virtualRouterId: 51, priority: 150, advertisementIntervalSeconds: 1, VirtualAddress);

        sender.SendToGroup(advert);
        var packet = receiver.ReceiveWithin();

        Assert.Equal(255, packet.TimeToLive);
        Assert.Equal(VrrpAddress.FromIPAddress(Node1.IPv4Address), packet.Source);
        Assert.Equal(VrrpAddress.Parse("224.0.0.18"), packet.Destination);
        Assert.Equal(Node2.InterfaceIndex, packet.InterfaceIndex);
        Assert.Equal(51, packet.VirtualRouterId);
        Assert.Equal(advert, packet.Message.ToArray());
    }

    [RootFact]
    public async Task MulticastAdvert_OnTheWire_HasTos0xC0Protocol112AndTheGroupMac()
    {
        using var capture = LabCapture.Open(Node2, PacketSocket.EthertypeIPv4);
        using var sender = OpenOn(Node1);
        var advert = VrrpTestPacket.Version2(56, 100, 1, VirtualAddress);

        sender.SendToGroup(advert);
        var frame = await capture.NextFrameAsync(candidate => candidate.Length > 34 && candidate[23] == 112, _timeout.Token);

        Assert.Equal(new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0x12 }, frame[..6]);
        Assert.Equal(Node1.MacAddress.GetAddressBytes(), frame[6..12]);
        Assert.Equal(0x45, frame[14]);
        Assert.Equal(0xC0, frame[15]);
        Assert.Equal(20 + advert.Length, (frame[16] << 8) | frame[17]);
        Assert.Equal(255, frame[22]);
        Assert.Equal(0, VrrpTestPacket.InternetChecksum(frame.AsSpan(14, 20)));
        Assert.Equal(advert, frame[34..(34 + advert.Length)]);
    }

    [RootFact]
    public void UnicastAdvert_SentToPeer_ArrivesWithPeerAddressAsDestinationAndTtl255()
    {
        using var sender = OpenOn(Node1, options => options with { MulticastGroup = null });
        using var receiver = OpenOn(Node2, options => options with { MulticastGroup = null });
        var advert = VrrpTestPacket.Version2(52, 100, 1, VirtualAddress);

        sender.SendTo(advert, VrrpAddress.FromIPAddress(Node2.IPv4Address));
        var packet = receiver.ReceiveWithin();

        Assert.Equal(255, packet.TimeToLive);
        Assert.Equal(VrrpAddress.FromIPAddress(Node1.IPv4Address), packet.Source);
        Assert.Equal(VrrpAddress.FromIPAddress(Node2.IPv4Address), packet.Destination);
        Assert.Equal(advert, packet.Message.ToArray());
    }

    [RootFact]
    public void UnicastAdvert_SentWithAUnicastTtl_ArrivesWithThatTtl()
    {
        using var sender = OpenOn(Node1, options => options with { MulticastGroup = null });
        using var receiver = OpenOn(Node2, options => options with { MulticastGroup = null });
        var advert = VrrpTestPacket.Version2(52, 100, 1, VirtualAddress);

        sender.SendTo(advert, VrrpAddress.FromIPAddress(Node1.IPv4Address), VrrpAddress.FromIPAddress(Node2.IPv4Address), timeToLive: 64);

        Assert.Equal(64, receiver.ReceiveWithin().TimeToLive);
    }

    [RootFact]
    public void ConfiguredSourceAddress_LikeMcastSrcIp_IsTheSourceOnTheWire()
    {
        var configuredSource = IPAddress.Parse("198.51.100.7");
        using var sender = OpenOn(Node1, options => options with { SourceAddress = configuredSource });
        using var receiver = OpenOn(Node2);

        sender.SendToGroup(VrrpTestPacket.Version2(53, 100, 1, VirtualAddress));
        var packet = receiver.ReceiveWithin();

        Assert.Equal(VrrpAddress.FromIPAddress(configuredSource), packet.Source);
    }

    [RootFact]
    public void PacketSentWithTtl64_IsReceivedWithItsRealTtl_SoTheCallerCanRejectIt()
    {
        // A plain raw socket without IP_HDRINCL: the kernel writes the header with the TTL we set.
        using var careless = Node1.InNamespace(() =>
        {
            var socket = SocketOptionsNative.OpenSocket(SocketOptionsLinux.NativeFamilyIPv4, SocketType.Raw, 112);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 64);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, Node1.IPv4Address.GetAddressBytes());
            return socket;
        });
        using var receiver = OpenOn(Node2);

        careless.SendTo(VrrpTestPacket.Version2(54, 100, 1, VirtualAddress), new IPEndPoint(IPAddress.Parse("224.0.0.18"), 0));
        var packet = receiver.ReceiveWithin();

        Assert.Equal(64, packet.TimeToLive);
        Assert.Equal(54, packet.VirtualRouterId);
    }

    [RootFact]
    public void OwnMulticastAdvert_IsNotLoopedBack_SoTheFirstPacketHeardIsThePeers()
    {
        using var node1 = OpenOn(Node1);
        using var node2 = OpenOn(Node2);

        node1.SendToGroup(VrrpTestPacket.Version2(55, 200, 1, VirtualAddress));
        node2.SendToGroup(VrrpTestPacket.Version2(55, 100, 1, VirtualAddress));
        var first = node1.ReceiveWithin();

        Assert.Equal(VrrpAddress.FromIPAddress(Node2.IPv4Address), first.Source);
        Assert.Equal(100, first.Message[2]);
    }

    [RootFact]
    public void TryReceive_WhenNothingArrives_GivesUpAfterTheWait()
    {
        using var receiver = OpenOn(Node2);

        Assert.False(receiver.TryReceive(TimeSpan.FromMilliseconds(100), out _));
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _lab.Dispose();
    }
}
