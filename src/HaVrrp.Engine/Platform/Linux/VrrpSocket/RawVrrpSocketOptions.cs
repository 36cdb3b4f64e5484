using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

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
    /// from the calling thread's network namespace, and picks the default VRRP group.
    /// </summary>
    public static RawVrrpSocketOptions ForInterface(string interfaceName, AddressFamily family)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        var networkInterface = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == interfaceName)
            ?? throw new ArgumentException($"There is no interface named '{interfaceName}'.", nameof(interfaceName));
        var properties = networkInterface.GetIPProperties();
        var isIPv6 = family == AddressFamily.InterNetworkV6;

        // The kernel lists an interface's primary IPv4 address before its secondaries.
        var source = properties.UnicastAddresses
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => isIPv6 ? address.IsIPv6LinkLocal : address.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new ArgumentException(
                $"Interface '{interfaceName}' has no {(isIPv6 ? "IPv6 link-local" : "IPv4")} address to send VRRP adverts from.",
                nameof(interfaceName));

        return new RawVrrpSocketOptions
        {
            InterfaceName = interfaceName,
            InterfaceIndex = isIPv6 ? properties.GetIPv6Properties().Index : properties.GetIPv4Properties().Index,
            // Without the scope id: the interface is already fixed, and VRRP compares bare addresses.
            SourceAddress = isIPv6 ? new IPAddress(source.GetAddressBytes()) : source,
            MulticastGroup = isIPv6 ? DefaultGroupIPv6 : DefaultGroupIPv4,
        };
    }
}
