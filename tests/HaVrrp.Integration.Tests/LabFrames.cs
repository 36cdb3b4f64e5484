using System.Net;
using System.Net.Sockets;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>Recognises the frames the lab tests capture (<see cref="LabCapture"/>): Ethernet, no VLAN tag, no extension headers.</summary>
internal static class LabFrames
{
    public const ushort IPv6Ethertype = 0x86DD;

    private const int IPHeader = 14;
    private const int IPv6Header = IPHeader;
    private const int Icmpv6Message = IPv6Header + 40;
    private const byte VrrpProtocol = 112;

    /// <summary>A VRRP advert (IP protocol 112) from <paramref name="source"/>, over IPv4 or IPv6 by the source's family.</summary>
    public static bool IsVrrpFrom(byte[] frame, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(source);
        return source.AddressFamily == AddressFamily.InterNetworkV6
            ? frame.Length >= IPHeader + 40 && frame[12] == 0x86 && frame[13] == 0xDD && frame[IPHeader + 6] == VrrpProtocol
                && frame.AsSpan(IPHeader + 8, 16).SequenceEqual(source.GetAddressBytes())
            : frame.Length >= IPHeader + 20 && frame[12] == 0x08 && frame[13] == 0x00 && frame[IPHeader + 9] == VrrpProtocol
                && frame.AsSpan(IPHeader + 12, 4).SequenceEqual(source.GetAddressBytes());
    }

    /// <summary>An ARP packet (request or reply, gratuitous ones among them) whose sender is <paramref name="address"/>.</summary>
    public static bool IsArpFor(byte[] frame, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(address);
        return frame.Length >= 42 && frame[12] == 0x08 && frame[13] == 0x06 && frame.AsSpan(28, 4).SequenceEqual(address.GetAddressBytes());
    }

    /// <summary>An ICMPv6 Neighbor Advertisement (type 136) whose target is <paramref name="target"/>.</summary>
    public static bool IsNeighborAdvertFor(byte[] frame, IPAddress target)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(target);
        return frame.Length >= Icmpv6Message + 24
            && frame[12] == 0x86 && frame[13] == 0xDD
            && frame[IPv6Header + 6] == 58
            && frame[Icmpv6Message] == 136
            && frame.AsSpan(Icmpv6Message + 8, 16).SequenceEqual(target.GetAddressBytes());
    }

    /// <summary>As <see cref="IsNeighborAdvertFor"/>, sent from <paramref name="sender"/>'s own MAC address.</summary>
    public static bool IsNeighborAdvertFrom(byte[] frame, LabNode sender, IPAddress target)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return IsNeighborAdvertFor(frame, target) && frame.AsSpan(6, 6).SequenceEqual(sender.MacAddress.GetAddressBytes());
    }
}
