using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using HaVrrp.Engine.Platform.Linux.Native;
using HaVrrp.Engine.Platform.Linux.Netlink;

namespace HaVrrp.Engine.Tests.Platform.Linux;

public sealed class NetlinkMessageCodecTests
{
    [Fact]
    public void Writer_StampsLengthTypeAndFlags_AndLeavesSequenceForTheSocket()
    {
        var buffer = new byte[64];
        var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.NewAddress, NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge);
        writer.WriteAddressHeader(AddressFamily.InterNetwork, 24, 0, 0, 7);

        var message = writer.Complete();

        Assert.Equal(16 + 8, message.Length);
        Assert.Equal(24u, MemoryMarshal.Read<uint>(message));
        Assert.Equal((ushort)20, MemoryMarshal.Read<ushort>(message[4..]));
        Assert.Equal((ushort)0x5, MemoryMarshal.Read<ushort>(message[6..]));
        Assert.Equal(0u, MemoryMarshal.Read<uint>(message[8..]));
        Assert.Equal(2, message[16]);
        Assert.Equal(24, message[17]);
        Assert.Equal(7, MemoryMarshal.Read<int>(message[20..]));
    }

    [Fact]
    public void Writer_PadsEachAttributeToFourBytes_ButRecordsItsUnpaddedLength()
    {
        var buffer = new byte[64];
        var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.NewAddress, NetlinkMessageFlags.Request);
        writer.WriteAttribute(AddressAttribute.Label, "eth0:v");
        writer.WriteAttribute(AddressAttribute.Protocol, (byte)18);

        var message = writer.Complete();

        // "eth0:v" + NUL = 7 bytes, attribute length 11, padded to 12; then 4 + 1 padded to 8.
        Assert.Equal(16 + 12 + 8, message.Length);
        Assert.Equal((ushort)11, MemoryMarshal.Read<ushort>(message[16..]));
        Assert.Equal(0, message[16 + 10]);
        Assert.Equal((ushort)5, MemoryMarshal.Read<ushort>(message[28..]));
        Assert.Equal(18, message[32]);
    }

    [Fact]
    public void Writer_ThatRunsOutOfBuffer_ThrowsInsteadOfWritingPastIt()
    {
        var buffer = new byte[20];

        var thrown = Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.NewAddress, NetlinkMessageFlags.Request);
            writer.WriteAttribute(AddressAttribute.Label, "eth0");
        });

        Assert.Contains("20 bytes", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_WalksSeveralMessagesOfOneDatagram_AndStopsAtATruncatedOne()
    {
        var datagram = new byte[100];
        var first = new NetlinkMessageWriter(datagram, NetlinkMessageType.NewLink, NetlinkMessageFlags.Multipart);
        first.WriteLinkHeader(1);
        var firstLength = first.Complete().Length;
        var second = new NetlinkMessageWriter(datagram.AsSpan(firstLength), NetlinkMessageType.Done, NetlinkMessageFlags.Multipart);
        var secondLength = second.Complete().Length;
        MemoryMarshal.Write(datagram.AsSpan(firstLength + secondLength), 500u); // claims more than remains

        var reader = new NetlinkMessageReader(datagram.AsSpan(0, firstLength + secondLength + 16));
        Assert.True(reader.TryRead(out var link));
        Assert.Equal(NetlinkMessageType.NewLink, link.Type);
        Assert.Equal(16, link.Payload.Length);
        Assert.True(reader.TryRead(out var done));
        Assert.Equal(NetlinkMessageType.Done, done.Type);
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public void Decoder_ReadsAnAddressWithLabelBroadcastAndCacheInfo_PreferredLifetimeFirst()
    {
        var buffer = new byte[128];
        var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.NewAddress, 0);
        writer.WriteAddressHeader(AddressFamily.InterNetwork, 24, 0x80, (byte)RouteScope.Link, 3);
        writer.WriteAttribute(AddressAttribute.Address, IPAddress.Parse("10.0.0.1"));
        writer.WriteAttribute(AddressAttribute.Local, IPAddress.Parse("10.0.0.1"));
        writer.WriteAttribute(AddressAttribute.Broadcast, IPAddress.Parse("10.0.0.255"));
        writer.WriteAttribute(AddressAttribute.Label, "eth0:vip");
        var cacheInfo = new byte[16];
        MemoryMarshal.Write(cacheInfo, 30u);
        MemoryMarshal.Write(cacheInfo.AsSpan(4), 60u);
        writer.WriteAttribute(AddressAttribute.CacheInfo, cacheInfo);
        writer.WriteAttribute(AddressAttribute.Protocol, RouteProtocol.Keepalived);

        var address = RtnetlinkDecoder.ReadAddress(writer.Complete()[16..]);

        Assert.NotNull(address);
        Assert.Equal(new LinkAddress(3, IPAddress.Parse("10.0.0.1"), 24)
        {
            Label = "eth0:vip",
            Broadcast = IPAddress.Parse("10.0.0.255"),
            Scope = RouteScope.Link,
            Flags = InterfaceAddressFlags.Permanent,
            PreferredLifetime = TimeSpan.FromSeconds(30),
            ValidLifetime = TimeSpan.FromSeconds(60),
            Protocol = 18,
        }, address);
    }

    [Fact]
    public void MonitorDecode_TurnsNewAndDeleteMessagesIntoTypedEvents_AndIgnoresOthers()
    {
        var datagram = new byte[256];
        var length = 0;
        var up = new NetlinkMessageWriter(datagram, NetlinkMessageType.NewLink, 0);
        up.WriteLinkHeader(4);
        up.WriteAttribute(LinkAttribute.InterfaceName, "eth1");
        up.WriteAttribute(LinkAttribute.OperationalState, (byte)LinkOperationalState.Up);
        var upMessage = up.Complete();
        MemoryMarshal.Write(upMessage[(16 + 8)..], (uint)(InterfaceFlags.Up | InterfaceFlags.Running));
        length += upMessage.Length;
        length += new NetlinkMessageWriter(datagram.AsSpan(length), NetlinkMessageType.NewRoute, 0).Complete().Length;
        var removed = new NetlinkMessageWriter(datagram.AsSpan(length), NetlinkMessageType.DeleteAddress, 0);
        removed.WriteAddressHeader(AddressFamily.InterNetworkV6, 64, 0, 0, 4);
        removed.WriteAttribute(AddressAttribute.Address, IPAddress.Parse("fd00::1"));
        length += removed.Complete().Length;
        var events = new List<LinkMonitorEvent>();

        LinkMonitor.Decode(datagram.AsSpan(0, length), events);

        Assert.Collection(
            events,
            first =>
            {
                var link = Assert.IsType<LinkChanged>(first).Link;
                Assert.Equal((4, "eth1", true, LinkOperationalState.Up), (link.Index, link.Name, link.IsOperational, link.OperationalState));
            },
            second => Assert.Equal(IPAddress.Parse("fd00::1"), Assert.IsType<AddressRemoved>(second).Address.Address));
    }

    [Fact]
    public void NestedAttributes_CarryTheirWholeLength_AndTheDecoderReadsAMacvlansKindParentAndMode()
    {
        var buffer = new byte[256];
        var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.NewLink, NetlinkMessageFlags.Request);
        writer.WriteLinkHeader(9, InterfaceFlags.Up, InterfaceFlags.Up);
        writer.WriteAttribute(LinkAttribute.InterfaceName, "vrrp.51");
        writer.WriteAttribute(LinkAttribute.Link, 3u);
        var info = writer.BeginNested(LinkAttribute.LinkInfo);
        writer.WriteAttribute(LinkInfoAttribute.Kind, "macvlan");
        var data = writer.BeginNested(LinkInfoAttribute.Data);
        writer.WriteAttribute(MacvlanAttribute.Mode, (uint)MacvlanMode.Private);
        writer.EndNested(data);
        writer.EndNested(info);

        var payload = writer.Complete()[NetlinkMessageWriter.HeaderLength..];
        // IFLA_LINKINFO = 4 (its header) + 12 ("macvlan\0" in an attribute) + 4 (IFLA_INFO_DATA's header) + 8 (the mode).
        Assert.Equal(28, MemoryMarshal.Read<ushort>(payload[(16 + 12 + 8)..]));
        var link = RtnetlinkDecoder.ReadLink(payload);

        Assert.NotNull(link);
        Assert.Equal(9, link.Index);
        Assert.True(link.IsUp);
        Assert.Equal("vrrp.51", link.Name);
        Assert.Equal(3, link.ParentIndex);
        Assert.Equal("macvlan", link.Kind);
        Assert.Equal(MacvlanMode.Private, link.MacvlanMode);
    }

    [Fact]
    public void NetlinkException_MessageNamesOperationErrnoAndKernelReason()
    {
        var exception = new NetlinkException("RTM_NEWADDR 10.0.0.1/24 dev eth0", Errno.FileExists, kernelMessage: null);
        var withReason = new NetlinkException("RTM_NEWADDR 10.0.0.1/24 dev eth0", Errno.InvalidArgument, "Invalid prefix length");

        Assert.Equal("RTM_NEWADDR 10.0.0.1/24 dev eth0: File exists (EEXIST)", exception.Message);
        Assert.Equal("RTM_NEWADDR 10.0.0.1/24 dev eth0: Invalid argument (EINVAL): Invalid prefix length", withReason.Message);
    }
}
