using System.Buffers.Binary;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Net;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Platform.Linux.Announcements;

/// <summary>
/// Announces IPv4 virtual addresses with gratuitous ARP (RFC 5798 §6.4.1 / RFC 5227 §3): a
/// broadcast ARP request whose sender and target protocol address are both the VIP. Like
/// keepalived without use_vmac, the sender hardware address is the interface's own MAC. One
/// instance per interface; the frame buffer is reused, so sending allocates nothing.
/// </summary>
public sealed class GratuitousArp : IDisposable
{
    public const int FrameLength = 42; // Ethernet 14 + ARP 28; the NIC pads to the 60-byte minimum

    private readonly Socket _socket;
    private readonly SocketAddress _broadcast;
    private readonly byte[] _hardwareAddress;
    private readonly byte[] _frame = new byte[FrameLength];

    private GratuitousArp(Socket socket, int interfaceIndex, byte[] hardwareAddress)
    {
        _socket = socket;
        _hardwareAddress = hardwareAddress;
        _broadcast = new PacketSocketEndPoint(interfaceIndex, PacketSocket.EthertypeArp,
            new PhysicalAddress([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])).Serialize();
        InterfaceIndex = interfaceIndex;
    }

    public int InterfaceIndex { get; }

    /// <summary>Opens a send-only AF_PACKET socket on the interface (in the calling thread's namespace).</summary>
    public static GratuitousArp Open(int interfaceIndex, PhysicalAddress senderHardwareAddress)
    {
        ArgumentNullException.ThrowIfNull(senderHardwareAddress);
        var hardwareAddress = senderHardwareAddress.GetAddressBytes();
        if (hardwareAddress.Length != 6)
        {
            throw new ArgumentException("Gratuitous ARP needs a 6-byte Ethernet address.", nameof(senderHardwareAddress));
        }
        return new GratuitousArp(PacketSocket.OpenForSending(interfaceIndex), interfaceIndex, hardwareAddress);
    }

    /// <summary>
    /// Sends <paramref name="count"/> gratuitous ARPs for one IPv4 VIP back to back; spacing the
    /// bursts (garp_master_delay, garp_interval) is the caller's timer's job.
    /// </summary>
    public void Send(VrrpAddress virtualAddress, int count = 1)
    {
        if (virtualAddress.IsIPv6)
        {
            throw new ArgumentException("Gratuitous ARP is for IPv4 addresses; IPv6 uses NeighborAdvertisement.", nameof(virtualAddress));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteFrame(_frame, _hardwareAddress, virtualAddress);
        for (var sent = 0; sent < count; sent++)
        {
            _socket.SendTo(_frame, SocketFlags.None, _broadcast);
        }
    }

    /// <summary>Writes the 42-byte frame: Ethernet broadcast, then an ARP request (RFC 826) for the VIP.</summary>
    internal static void WriteFrame(Span<byte> frame, ReadOnlySpan<byte> hardwareAddress, VrrpAddress virtualAddress)
    {
        frame[..6].Fill(0xFF);                                          // destination: broadcast
        hardwareAddress.CopyTo(frame[6..]);                             // source
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], PacketSocket.EthertypeArp);

        var arp = frame[14..FrameLength];
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);                  // hardware type: Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], PacketSocket.EthertypeIPv4);
        arp[4] = 6;                                                     // hardware address length
        arp[5] = 4;                                                     // protocol address length
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], 1);             // operation: request
        hardwareAddress.CopyTo(arp[8..]);                               // sender hardware address
        virtualAddress.WriteTo(arp[14..]);                              // sender protocol address = VIP
        arp[18..24].Clear();                                            // target hardware address: unknown
        virtualAddress.WriteTo(arp[24..]);                              // target protocol address = VIP
    }

    public void Dispose() => _socket.Dispose();
}
