using System.Net;

namespace HaVrrp.Engine.Runtime;

/// <summary>Announces addresses to the segment: gratuitous ARP for IPv4, unsolicited neighbour advertisements for IPv6.</summary>
public interface IGratuitousArpSender
{
    /// <summary>
    /// Sends <paramref name="count"/> announcements per address on the interface. Spacing them
    /// (vrrp_garp_interval) is the sender's business; this call must return at once.
    /// </summary>
    void Send(string interfaceName, IReadOnlyList<IPAddress> addresses, int count);
}
