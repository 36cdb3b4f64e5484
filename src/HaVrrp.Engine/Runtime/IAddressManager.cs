using System.Net;
using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Runtime;

/// <summary>An address as the kernel lists it on an interface.</summary>
public readonly record struct InterfaceAddress(IPAddress Address, int PrefixLength);

/// <summary>
/// Puts virtual addresses, routes and rules on the host (rtnetlink on Linux). Calls come from the engine loop only;
/// a failure throws and the engine logs it and carries on.
/// </summary>
public interface IAddressManager
{
    /// <summary>
    /// Adds the address, or refreshes it if present, with a finite valid (and preferred) lifetime, so the
    /// kernel drops it by itself when nobody refreshes it any more (the daemon was killed).
    /// </summary>
    void AddOrRefresh(string interfaceName, VirtualAddress address, TimeSpan validLifetime);

    /// <summary>Adds the address (or replaces it) with no lifetime, as keepalived adds static_ipaddress entries.</summary>
    void AddPermanent(string interfaceName, VirtualAddress address);

    /// <summary>Removes the address; absent addresses are not an error.</summary>
    void Remove(string interfaceName, VirtualAddress address);

    void AddRoute(VirtualRoute route);

    /// <summary>Removes the route; absent routes are not an error.</summary>
    void RemoveRoute(VirtualRoute route);

    /// <summary>Adds the policy-routing rule; one already present is not an error and is not added twice.</summary>
    void AddRule(RoutingRule rule);

    /// <summary>Removes the rule; returns false when it was not there (not an error).</summary>
    bool RemoveRule(RoutingRule rule);

    /// <summary>The addresses on the interface now: the source of adverts and stale VIPs are found here.</summary>
    IReadOnlyList<InterfaceAddress> ListAddresses(string interfaceName);
}
