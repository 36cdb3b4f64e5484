using System.Net;
using System.Net.Sockets;
using HaVrrp.Engine.Platform.Linux.Native;

namespace HaVrrp.Engine.Platform.Linux.Announcements;

/// <summary>Opens AF_PACKET sockets (whole Ethernet frames, packet(7)). Needs CAP_NET_RAW.</summary>
public static class PacketSocket
{
    public const ushort EthertypeAll = 0x0003;
    public const ushort EthertypeIPv4 = 0x0800;
    public const ushort EthertypeArp = 0x0806;
    public const ushort EthertypeIPv6 = 0x86DD;

    /// <summary>
    /// A socket that only sends frames out of one interface. Protocol 0 means the kernel queues no
    /// received frames on it, so a sender never accumulates traffic nobody reads.
    /// </summary>
    public static Socket OpenForSending(int interfaceIndex)
    {
        var socket = SocketOptionsNative.OpenSocket(SocketOptionsLinux.NativeFamilyPacket, SocketType.Raw, protocol: 0);
        try
        {
            socket.Bind(new PacketSocketEndPoint(interfaceIndex, protocol: 0));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A socket that receives the frames of one ethertype (or all) seen on one interface.</summary>
    public static Socket OpenForReceiving(int interfaceIndex, ushort ethertype)
    {
        // The protocol argument of socket(2) is the ethertype in network byte order.
        var socket = SocketOptionsNative.OpenSocket(SocketOptionsLinux.NativeFamilyPacket, SocketType.Raw,
            (ushort)IPAddress.HostToNetworkOrder((short)ethertype));
        try
        {
            socket.Bind(new PacketSocketEndPoint(interfaceIndex, ethertype));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
