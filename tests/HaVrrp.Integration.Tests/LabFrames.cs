using System.Net;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>Recognises the frames the lab tests capture (<see cref="LabCapture"/>): Ethernet, no VLAN tag, no extension headers.</summary>
internal static class LabFrames
{
    public const ushort IPv6Ethertype = 0x86DD;

    private const int IPv6Header = 14;
    private const int Icmpv6Message = IPv6Header + 40;

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
