using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace HaVrrp.Engine.Platform.Linux.Announcements;

/// <summary>
/// An AF_PACKET address (struct sockaddr_ll, packet(7)): which interface, which ethertype, and for
/// received frames the link-layer source and packet type. .NET supports AF_PACKET sockets but has
/// no endpoint type for them.
/// </summary>
public sealed class PacketSocketEndPoint : EndPoint
{
    /// <summary>sizeof(struct sockaddr_ll).</summary>
    public const int SocketAddressLength = 20;

    /// <summary>sll_pkttype of a frame this host sent (PACKET_OUTGOING); captures usually skip them.</summary>
    public const byte OutgoingPacketType = 4;

    private const ushort EthernetHardwareType = 1; // ARPHRD_ETHER

    public PacketSocketEndPoint(int interfaceIndex, ushort protocol, PhysicalAddress? hardwareAddress = null, byte packetType = 0)
    {
        InterfaceIndex = interfaceIndex;
        Protocol = protocol;
        HardwareAddress = hardwareAddress;
        PacketType = packetType;
    }

    public int InterfaceIndex { get; }

    /// <summary>The ethertype in host order (0x0806 ARP, 0x86DD IPv6, 0x0003 all).</summary>
    public ushort Protocol { get; }

    /// <summary>Destination (on send) or source (on receive) link-layer address; null for none.</summary>
    public PhysicalAddress? HardwareAddress { get; }

    public byte PacketType { get; }

    public override AddressFamily AddressFamily => AddressFamily.Packet;

    public override SocketAddress Serialize()
    {
        var address = new SocketAddress(AddressFamily.Packet, SocketAddressLength);
        var bytes = address.Buffer.Span;
        // Bytes 0-1 hold the family, written by SocketAddress in native form.
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], Protocol);
        BitConverter.TryWriteBytes(bytes[4..], InterfaceIndex);
        BitConverter.TryWriteBytes(bytes[8..], EthernetHardwareType);
        bytes[10] = PacketType;
        if (HardwareAddress is { } hardware)
        {
            var hardwareBytes = hardware.GetAddressBytes();
            bytes[11] = (byte)hardwareBytes.Length;
            hardwareBytes.CopyTo(bytes[12..]);
        }
        return address;
    }

    public override EndPoint Create(SocketAddress socketAddress)
    {
        ArgumentNullException.ThrowIfNull(socketAddress);
        var bytes = socketAddress.Buffer.Span;
        var hardwareLength = Math.Min((int)bytes[11], 8);
        return new PacketSocketEndPoint(
            interfaceIndex: BitConverter.ToInt32(bytes[4..]),
            protocol: BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]),
            hardwareAddress: hardwareLength == 0 ? null : new PhysicalAddress(bytes.Slice(12, hardwareLength).ToArray()),
            packetType: bytes[10]);
    }

    public override string ToString() => $"packet:{InterfaceIndex}/0x{Protocol:x4}";
}
