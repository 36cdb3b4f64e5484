using System.Net.Sockets;
using System.Text;

namespace HaVrrp.Engine.Platform.Linux.Native;

/// <summary>
/// Linux socket levels and options that <see cref="SocketOptionName"/> does not name. Values are the
/// generic Linux ABI ones (asm-generic/socket.h, linux/in.h, linux/in6.h), the same on x86_64 and arm64.
/// </summary>
internal static class SocketOptionsLinux
{
    public const int NativeFamilyIPv4 = 2;            // AF_INET
    public const int NativeFamilyIPv6 = 10;           // AF_INET6
    public const int NativeFamilyPacket = 17;         // AF_PACKET

    public const int SocketLevel = 1;                 // SOL_SOCKET
    public const int BindToDevice = 25;               // SO_BINDTODEVICE

    public const int IPLevel = 0;                     // IPPROTO_IP
    public const int IPMulticastAll = 49;             // IP_MULTICAST_ALL

    public const int IPv6Level = 41;                  // IPPROTO_IPV6
    public const int IPv6Checksum = 7;                // IPV6_CHECKSUM
    public const int IPv6MulticastAll = 29;           // IPV6_MULTICAST_ALL (Linux 4.20+)
    public const int IPv6ReceivePacketInformation = 49; // IPV6_RECVPKTINFO
    public const int IPv6PacketInformation = 50;      // IPV6_PKTINFO (the control message type)
    public const int IPv6ReceiveHopLimit = 51;        // IPV6_RECVHOPLIMIT
    public const int IPv6HopLimit = 52;               // IPV6_HOPLIMIT (the control message type)
    public const int IPv6TrafficClass = 67;           // IPV6_TCLASS

    /// <summary>IANA protocol number of VRRP (both versions).</summary>
    public const ProtocolType VrrpProtocol = (ProtocolType)112;

    /// <summary>IPTOS_PREC_INTERNETCONTROL: keepalived marks VRRP traffic with it (IPv4 TOS and IPv6 traffic class).</summary>
    public const byte InternetControlPrecedence = 0xC0;

    public static void SetInt32(Socket socket, int level, int option, int value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        BitConverter.TryWriteBytes(bytes, value);
        socket.SetRawSocketOption(level, option, bytes);
    }

    /// <summary>
    /// SO_BINDTODEVICE: send through, and receive only from, one interface. .NET has no named
    /// option for it (dotnet/runtime#83525); the kernel wants the NUL-terminated interface name.
    /// </summary>
    public static void SetBindToDevice(Socket socket, string interfaceName)
    {
        var bytes = new byte[Encoding.ASCII.GetByteCount(interfaceName) + 1];
        Encoding.ASCII.GetBytes(interfaceName, bytes);
        socket.SetRawSocketOption(SocketLevel, BindToDevice, bytes);
    }
}
