using System.Net.Sockets;
using System.Net;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// Well-formed VRRPv3 adverts for the lab's VRID as a router at another address would send them, sent from a lab
/// node's namespace to the lab's own multicast group: the other router a test needs without running one. Send them
/// from another node than the one that should hear them: a host does not hear its own multicast adverts.
/// </summary>
internal static class SpoofedAdverts
{
    /// <summary>An address on the node's segment that no node has (.<paramref name="hostByte"/> of its /24).</summary>
    public static IPAddress NeighbourOf(LabNode node, byte hostByte = 66)
    {
        ArgumentNullException.ThrowIfNull(node);
        var bytes = node.IPv4Address.GetAddressBytes();
        bytes[3] = hostByte;
        return new IPAddress(bytes);
    }

    /// <summary>Sends <paramref name="count"/> adverts of <paramref name="priority"/> from <paramref name="source"/>, back to back.</summary>
    public static void Send(LabNode from, IPAddress source, IPAddress virtualAddress, byte priority, LabProfile profile, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(profile);
        var advertProfile = new AdvertisementProfile(
            version: 3, LabProfile.VirtualRouterId, profile.AdvertInterval, isIPv6: false, [VrrpAddress.FromIPAddress(virtualAddress)]);
        var sender = VrrpAddress.FromIPAddress(source);
        var group = VrrpAddress.Parse("224.0.0.18");
        var message = new byte[advertProfile.MessageLength];
        var length = AdvertisementWriter.Write(message, advertProfile, priority, sender, group);
        using var socket = from.OpenVrrpSocket(AddressFamily.InterNetwork);
        for (var sent = 0; sent < count; sent++)
        {
            socket.SendTo(message.AsSpan(0, length), sender, group);
        }
    }
}
