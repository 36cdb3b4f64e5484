using System.Net;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// Asks the segment who holds an address, the way RFC 5227 conflict detection does: an ARP request from sender
/// 0.0.0.0 for IPv4, a neighbour solicitation from :: to the solicited-node group for IPv6. Neither touches anyone's
/// neighbour cache. Whoever answers — and whoever announces one of the probed addresses — is reported to the engine
/// as an <see cref="AddressClaimHeard"/> event for a while after each probe.
/// </summary>
public interface IAddressProbe
{
    /// <summary>Sends one probe per address out of the interface; must return at once.</summary>
    void Probe(string interfaceName, IReadOnlyList<IPAddress> addresses);
}

/// <summary>For ports without a segment to probe (tests that do not look for conflicts).</summary>
public sealed class NoAddressProbe : IAddressProbe
{
    public static NoAddressProbe Instance { get; } = new();

    public void Probe(string interfaceName, IReadOnlyList<IPAddress> addresses)
    {
    }
}
