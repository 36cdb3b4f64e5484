using System.Buffers.Binary;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Net;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Platform.Linux.Announcements;

/// <summary>
/// Announces IPv6 virtual addresses with unsolicited Neighbor Advertisements (RFC 4861 §7.2.6,
/// RFC 5798 §6.4.1), built whole and sent through AF_PACKET as keepalived does (vrrp_ndisc.c):
/// to the all-nodes group ff02::1 (33:33:00:00:00:01), from the VIP itself, Hop Limit 255,
/// Override set, Solicited clear, Router set only when the interface forwards IPv6 (keepalived
/// reads the interface's forwarding sysctl), and the interface MAC in the Target Link-Layer
/// Address option. The frame buffer is reused, so sending allocates nothing.
/// </summary>
public sealed class NeighborAdvertisement : IDisposable
{
    public const int FrameLength = EthernetLength + IPv6HeaderLength + AdvertisementLength; // 86

    private const int EthernetLength = 14;
    private const int IPv6HeaderLength = 40;
    private const int AdvertisementLength = 24 + 8; // ICMPv6 NA with the target, then the TLLA option
    private const byte NextHeaderIcmpv6 = 58;
    private const byte TypeNeighborAdvertisement = 136;
    private const byte RouterFlag = 0x80;
    private const byte OverrideFlag = 0x20;
    private const byte OptionTargetLinkLayerAddress = 2;

    private static readonly byte[] AllNodesAddress = IPAddress.Parse("ff02::1").GetAddressBytes();

    private readonly Socket _socket;
    private readonly SocketAddress _allNodes;
    private readonly byte[] _hardwareAddress;
    private readonly byte[] _frame = new byte[FrameLength];

    private NeighborAdvertisement(Socket socket, int interfaceIndex, byte[] hardwareAddress, bool isRouter)
    {
        _socket = socket;
        _hardwareAddress = hardwareAddress;
        _allNodes = new PacketSocketEndPoint(interfaceIndex, PacketSocket.EthertypeIPv6,
            new PhysicalAddress([0x33, 0x33, 0x00, 0x00, 0x00, 0x01])).Serialize();
        InterfaceIndex = interfaceIndex;
        IsRouter = isRouter;
    }

    public int InterfaceIndex { get; }

    /// <summary>Whether the Router flag is set in the advertisements.</summary>
    public bool IsRouter { get; }

    /// <summary>Opens a send-only AF_PACKET socket on the interface (in the calling thread's namespace).</summary>
    public static NeighborAdvertisement Open(int interfaceIndex, PhysicalAddress senderHardwareAddress, bool isRouter)
    {
        ArgumentNullException.ThrowIfNull(senderHardwareAddress);
        var hardwareAddress = senderHardwareAddress.GetAddressBytes();
        if (hardwareAddress.Length != 6)
        {
            throw new ArgumentException("A Neighbor Advertisement here carries a 6-byte Ethernet address.", nameof(senderHardwareAddress));
        }
        return new NeighborAdvertisement(PacketSocket.OpenForSending(interfaceIndex), interfaceIndex, hardwareAddress, isRouter);
    }

    /// <summary>
    /// Whether the interface forwards IPv6, i.e. acts as a router and should set the R flag
    /// (/proc/sys/net/ipv6/conf/IF/forwarding of the calling thread's namespace).
    /// </summary>
    public static bool IsForwarding(string interfaceName) =>
        File.ReadAllText($"/proc/sys/net/ipv6/conf/{interfaceName}/forwarding").Trim() != "0";

    /// <summary>Sends <paramref name="count"/> advertisements for one IPv6 VIP back to back.</summary>
    public void Send(VrrpAddress virtualAddress, int count = 1)
    {
        if (!virtualAddress.IsIPv6)
        {
            throw new ArgumentException("Neighbor Advertisements are for IPv6 addresses; IPv4 uses GratuitousArp.", nameof(virtualAddress));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteFrame(_frame, _hardwareAddress, virtualAddress, IsRouter);
        for (var sent = 0; sent < count; sent++)
        {
            _socket.SendTo(_frame, SocketFlags.None, _allNodes);
        }
    }

    /// <summary>Writes the 86-byte frame: Ethernet, IPv6 header, ICMPv6 NA with the TLLA option.</summary>
    internal static void WriteFrame(Span<byte> frame, ReadOnlySpan<byte> hardwareAddress, VrrpAddress virtualAddress, bool isRouter)
    {
        frame[..FrameLength].Clear();
        // RFC 2464 §7: IPv6 multicast ff02::1 maps to 33:33 + its last 32 bits.
        ReadOnlySpan<byte> allNodesMac = [0x33, 0x33, 0x00, 0x00, 0x00, 0x01];
        allNodesMac.CopyTo(frame);
        hardwareAddress.CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], PacketSocket.EthertypeIPv6);

        var ip = frame[EthernetLength..];
        ip[0] = 0x60;                                                   // version 6, traffic class and flow label 0
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], AdvertisementLength);
        ip[6] = NextHeaderIcmpv6;
        ip[7] = 255;                                                    // RFC 4861 §7.1.2: receivers drop anything else
        virtualAddress.WriteTo(ip[8..]);                                // source: the VIP, as keepalived sends
        AllNodesAddress.CopyTo(ip[24..]);

        var advertisement = ip[IPv6HeaderLength..(IPv6HeaderLength + AdvertisementLength)];
        advertisement[0] = TypeNeighborAdvertisement;
        advertisement[4] = (byte)(OverrideFlag | (isRouter ? RouterFlag : 0));
        virtualAddress.WriteTo(advertisement[8..]);                     // target address
        advertisement[24] = OptionTargetLinkLayerAddress;
        advertisement[25] = 1;                                          // option length in units of 8 bytes
        hardwareAddress.CopyTo(advertisement[26..]);
        BinaryPrimitives.WriteUInt16BigEndian(advertisement[2..], Icmpv6Checksum(ip[8..24], ip[24..40], advertisement));
    }

    /// <summary>RFC 4443 §2.3: the Internet checksum over the IPv6 pseudo-header and the ICMPv6 message.</summary>
    internal static ushort Icmpv6Checksum(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> message)
    {
        var sum = SumWords(source) + SumWords(destination) + (uint)message.Length + NextHeaderIcmpv6 + SumWords(message);
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }

    // Every span summed here has an even length.
    private static uint SumWords(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var index = 0; index < data.Length; index += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[index..]);
        }
        return sum;
    }

    public void Dispose() => _socket.Dispose();
}
