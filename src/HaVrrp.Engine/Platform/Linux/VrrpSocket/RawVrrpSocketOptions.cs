using System.Net;
using System.Net.Sockets;
using HaVrrp.Engine.Platform.Linux.Netlink;

namespace HaVrrp.Engine.Platform.Linux.VrrpSocket;

/// <summary>
/// What one VRRP socket needs to know: the interface it serves, the source address its adverts
/// carry, and the multicast group it joins. All instances of one family on one interface share
/// the socket, so none of this is per instance.
/// </summary>
public sealed record RawVrrpSocketOptions
{
    public static readonly IPAddress DefaultGroupIPv4 = IPAddress.Parse("224.0.0.18");
    public static readonly IPAddress DefaultGroupIPv6 = IPAddress.Parse("ff02::12");

    public required string InterfaceName { get; init; }

    public required int InterfaceIndex { get; init; }

    /// <summary>
    /// The source of sent adverts: the interface's primary IPv4 address (or keepalived's
    /// <c>mcast_src_ip</c> / <c>unicast_src_ip</c>); for IPv6 the interface's link-local address
    /// (RFC 5798 §5.1.2.1), or <c>unicast_src_ip</c> for IPv6 unicast peers.
    /// </summary>
    public required IPAddress SourceAddress { get; init; }

    /// <summary>The group to join and advertise to; null when the instances here use unicast peers only.</summary>
    public IPAddress? MulticastGroup { get; init; }

    public AddressFamily Family => SourceAddress.AddressFamily;

    /// <summary>
    /// Reads the interface's index and default source address (primary IPv4 or IPv6 link-local)
    /// from the calling thread's network namespace, and picks the default VRRP group. Asked of rtnetlink (one link
    /// and one address query): NetworkInterface would also read every interface's routes, DNS servers and sysctls,
    /// which sat on the engine loop before the first advert (docs/performance.md, "Start-up, second pass").
    /// </summary>
    public static RawVrrpSocketOptions ForInterface(string interfaceName, AddressFamily family)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        using var netlink = NetlinkSocket.Open();
        var link = new LinkManager(netlink).Find(interfaceName)
            ?? throw new ArgumentException($"There is no interface named '{interfaceName}'.", nameof(interfaceName));
        var isIPv6 = family == AddressFamily.InterNetworkV6;

        // The kernel lists an interface's primary IPv4 address before its secondaries.
        var source = new AddressManager(netlink).List(family)
            .Where(address => address.InterfaceIndex == link.Index)
            .Select(address => address.Address)
            .FirstOrDefault(address => !isIPv6 || address.IsIPv6LinkLocal)
            ?? throw new ArgumentException(
                $"Interface '{interfaceName}' has no {(isIPv6 ? "IPv6 link-local" : "IPv4")} address to send VRRP adverts from.",
                nameof(interfaceName));

        return new RawVrrpSocketOptions
        {
            InterfaceName = interfaceName,
            InterfaceIndex = link.Index,
            // Without the scope id: the interface is already fixed, and VRRP compares bare addresses.
            SourceAddress = isIPv6 ? new IPAddress(source.GetAddressBytes()) : source,
            MulticastGroup = isIPv6 ? DefaultGroupIPv6 : DefaultGroupIPv4,
        };
    }
}
