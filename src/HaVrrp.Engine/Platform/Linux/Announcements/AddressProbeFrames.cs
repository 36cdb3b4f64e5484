using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace HaVrrp.Engine.Platform.Linux.Announcements;

/// <summary>
/// The frames of RFC 5227-style address probes and the claims they draw out, for split-brain evidence:
/// an ARP probe (RFC 5227 §2.1.1: a broadcast request with sender IP 0.0.0.0, so no neighbour cache learns from it),
/// a neighbour solicitation from the unspecified address to the target's solicited-node group (RFC 4861 §7.2.2,
/// as duplicate address detection sends it), and the ARP replies, gratuitous ARPs and neighbour advertisements that
/// say "this address is at this MAC". Pure byte work; the sockets are <see cref="Adapters.LinuxAddressProbe"/>'s.
/// </summary>
public static class AddressProbeFrames
{
    public const int ArpFrameLength = 42;
    public const int NeighborSolicitationFrameLength = EthernetLength + IPv6HeaderLength + SolicitationLength; // 78

    private const int EthernetLength = 14;
    private const int IPv6HeaderLength = 40;
    private const int SolicitationLength = 24;
    private const byte NextHeaderIcmpv6 = 58;
    private const byte TypeNeighborSolicitation = 135;
    private const byte TypeNeighborAdvertisement = 136;
    private const byte OptionTargetLinkLayerAddress = 2;

    /// <summary>An ARP request for <paramref name="target"/> from sender IP 0.0.0.0, broadcast.</summary>
    public static void WriteArpProbe(Span<byte> frame, ReadOnlySpan<byte> hardwareAddress, IPAddress target)
    {
        ArgumentNullException.ThrowIfNull(target);
        frame[..ArpFrameLength].Clear();
        frame[..6].Fill(0xFF);
        hardwareAddress.CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], PacketSocket.EthertypeArp);
        var arp = frame[EthernetLength..ArpFrameLength];
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);                  // hardware type: Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], PacketSocket.EthertypeIPv4);
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], 1);             // request
        hardwareAddress.CopyTo(arp[8..]);                               // sender hardware address
                                                                        // sender protocol address 0.0.0.0 (cleared)
                                                                        // target hardware address unknown (cleared)
        target.TryWriteBytes(arp[24..28], out _);
    }

    /// <summary>The Ethernet group of the solicited-node address of <paramref name="target"/> (33:33:ff + its last 24 bits).</summary>
    public static byte[] SolicitedNodeHardwareAddress(IPAddress target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var bytes = target.GetAddressBytes();
        return [0x33, 0x33, 0xFF, bytes[13], bytes[14], bytes[15]];
    }

    /// <summary>A neighbour solicitation for <paramref name="target"/> from :: to ff02::1:ffXX:XXXX, without options.</summary>
    public static void WriteNeighborSolicitation(Span<byte> frame, ReadOnlySpan<byte> hardwareAddress, IPAddress target)
    {
        ArgumentNullException.ThrowIfNull(target);
        frame[..NeighborSolicitationFrameLength].Clear();
        var targetBytes = target.GetAddressBytes();
        SolicitedNodeHardwareAddress(target).CopyTo(frame);
        hardwareAddress.CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], PacketSocket.EthertypeIPv6);

        var ip = frame[EthernetLength..];
        ip[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], SolicitationLength);
        ip[6] = NextHeaderIcmpv6;
        ip[7] = 255;                                                    // RFC 4861 §7.1.1: receivers drop anything else
                                                                        // source :: (cleared)
        var group = ip[24..40];                                         // ff02::1:ffXX:XXXX
        group[0] = 0xFF;
        group[1] = 0x02;
        group[11] = 0x01;
        group[12] = 0xFF;
        targetBytes.AsSpan(13, 3).CopyTo(group[13..]);

        var solicitation = ip[IPv6HeaderLength..(IPv6HeaderLength + SolicitationLength)];
        solicitation[0] = TypeNeighborSolicitation;
        targetBytes.CopyTo(solicitation[8..]);
        BinaryPrimitives.WriteUInt16BigEndian(solicitation[2..],
            NeighborAdvertisement.Icmpv6Checksum(ip[8..24], ip[24..40], solicitation));
    }

    /// <summary>
    /// Reads an ARP frame (Ethernet header first) that says where an IPv4 address is: a reply, or a request from a
    /// sender with an address (gratuitous ARP, or any ARP from that node). Probes (sender 0.0.0.0) claim nothing.
    /// </summary>
    public static bool TryReadArpClaim(ReadOnlySpan<byte> frame, out IPAddress address, out string hardwareAddress)
    {
        address = IPAddress.None;
        hardwareAddress = string.Empty;
        if (frame.Length < ArpFrameLength || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != PacketSocket.EthertypeArp)
        {
            return false;
        }
        var arp = frame[EthernetLength..];
        var operation = BinaryPrimitives.ReadUInt16BigEndian(arp[6..]);
        if (BinaryPrimitives.ReadUInt16BigEndian(arp) != 1 || BinaryPrimitives.ReadUInt16BigEndian(arp[2..]) != PacketSocket.EthertypeIPv4
            || arp[4] != 6 || arp[5] != 4 || operation is not (1 or 2))
        {
            return false;
        }
        var sender = arp.Slice(14, 4);
        if (BinaryPrimitives.ReadUInt32BigEndian(sender) == 0)
        {
            return false;
        }
        address = new IPAddress(sender);
        hardwareAddress = Format(arp.Slice(8, 6));
        return true;
    }

    /// <summary>
    /// Reads a neighbour advertisement (Ethernet header first): the target address it claims, at the MAC of its
    /// Target Link-Layer Address option, or the frame's source MAC without one.
    /// </summary>
    public static bool TryReadNeighborAdvertisementClaim(ReadOnlySpan<byte> frame, out IPAddress address, out string hardwareAddress)
    {
        address = IPAddress.IPv6None;
        hardwareAddress = string.Empty;
        if (frame.Length < EthernetLength + IPv6HeaderLength + 24
            || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != PacketSocket.EthertypeIPv6)
        {
            return false;
        }
        var ip = frame[EthernetLength..];
        if (ip[6] != NextHeaderIcmpv6 || ip[7] != 255)
        {
            return false;
        }
        var payloadLength = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(ip[4..]), ip.Length - IPv6HeaderLength);
        var message = ip.Slice(IPv6HeaderLength, payloadLength);
        if (message.Length < 24 || message[0] != TypeNeighborAdvertisement || message[1] != 0)
        {
            return false;
        }
        address = new IPAddress(message.Slice(8, 16));
        hardwareAddress = Format(frame.Slice(6, 6));
        var options = message[24..];
        while (options.Length >= 8 && options[1] > 0 && options[1] * 8 <= options.Length)
        {
            if (options[0] == OptionTargetLinkLayerAddress)
            {
                hardwareAddress = Format(options.Slice(2, 6));
                break;
            }
            options = options[(options[1] * 8)..];
        }
        return address.AddressFamily == AddressFamily.InterNetworkV6;
    }

    /// <summary>aa:bb:cc:dd:ee:ff, as ip(8) prints it.</summary>
    public static string Format(ReadOnlySpan<byte> hardwareAddress) =>
        string.Join(':', hardwareAddress.ToArray().Select(part => part.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
