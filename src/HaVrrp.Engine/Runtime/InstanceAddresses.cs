using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Syntax;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// One instance's VIPs, virtual routes and virtual rules on the host: added, kept fresh (their lifetime,
/// <see cref="VirtualAddressLifetime"/>), removed and announced when the router's actions say so, and probed when the
/// split-brain detector asks.
/// </summary>
internal sealed class InstanceAddresses
{
    private readonly VrrpInstanceConfig _config;
    private readonly EnginePorts _ports;
    private readonly ILogger _logger;
    private readonly VirtualAddressOnInterface[] _virtualAddresses;
    private readonly Dictionary<string, IPAddress[]> _announced;
    private readonly HashSet<IPAddress> _owned;
    private readonly (string Operation, Action Call)[] _refreshes;
    private readonly (string Operation, Action Call)[] _probes;

    public InstanceAddresses(VrrpInstanceConfig config, TimeSpan lifetime, EnginePorts ports, ILogger logger)
    {
        _config = config;
        _ports = ports;
        _logger = logger;
        Lifetime = lifetime;
        _virtualAddresses =
        [
            .. config.VirtualIpAddresses.Concat(config.ExcludedVirtualIpAddresses)
                .Select(address => new VirtualAddressOnInterface(config.InterfaceFor(address) ?? string.Empty, address)),
        ];
        _announced = _virtualAddresses
            .GroupBy(entry => entry.InterfaceName, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(entry => entry.Address.Address).ToArray(), StringComparer.Ordinal);
        _owned = [.. _virtualAddresses.Select(entry => entry.Address.Address)];
        // Made once: a master refreshes every second and probes every few, and making the text and the call anew each
        // time was most of what either allocated (docs/performance.md, "Garbage per advert").
        _refreshes =
        [
            .. _virtualAddresses.Select(entry => (
                "refreshing " + entry,
                (Action)(() => ports.Addresses.AddOrRefresh(entry.InterfaceName, entry.Address, lifetime)))),
        ];
        _probes =
        [
            .. _announced.Select(pair => (
                "probing the VIPs on " + pair.Key,
                (Action)(() => ports.AddressProbe.Probe(pair.Key, pair.Value)))),
        ];
    }

    /// <summary>The lifetime VIPs are added with (refreshed before it runs out).</summary>
    public TimeSpan Lifetime { get; }

    public bool AreHeld { get; private set; }

    /// <summary>When the held VIPs' lifetime must next be refreshed; null while none are held.</summary>
    public TimeSpan? NextRefreshAt { get; private set; }

    /// <summary>One of our VIPs (or excluded VIPs), on the interface it lives on.</summary>
    public bool Contains(string interfaceName, IPAddress address) =>
        _owned.Contains(address) && Has(interfaceName, address, trackedOnly: false);

    /// <summary>One of our VIPs whose deletion by hand the instance reacts to (not <c>no_track</c>).</summary>
    public bool IsTracked(string interfaceName, IPAddress address) => Has(interfaceName, address, trackedOnly: true);

    /// <summary>A loop rather than Any: a lambda capturing its arguments would allocate on every ARP frame and address event.</summary>
    private bool Has(string interfaceName, IPAddress address, bool trackedOnly)
    {
        foreach (var entry in _virtualAddresses)
        {
            if (entry.InterfaceName == interfaceName && entry.Address.Address.Equals(address) && !(trackedOnly && entry.Address.NoTrack))
            {
                return true;
            }
        }
        return false;
    }

    public void Add(TimeSpan now)
    {
        foreach (var entry in _virtualAddresses)
        {
            Try("adding " + entry, () => _ports.Addresses.AddOrRefresh(entry.InterfaceName, entry.Address, Lifetime));
        }
        foreach (var route in _config.VirtualRoutes)
        {
            Try("adding route " + route.Destination, () => _ports.Addresses.AddRoute(route));
        }
        foreach (var rule in _config.VirtualRules)
        {
            Try("adding rule " + KeepalivedSyntax.Rule(rule), () => _ports.Addresses.AddRule(rule));
        }
        AreHeld = true;
        NextRefreshAt = VirtualAddressLifetime.NextRefreshAfter(now);
    }

    public void Refresh(TimeSpan now)
    {
        foreach (var (operation, call) in _refreshes)
        {
            Try(operation, call);
        }
        EngineLog.RefreshedVips(_logger, _config.Name, _virtualAddresses.Length, Lifetime);
        NextRefreshAt = VirtualAddressLifetime.NextRefreshAfter(now);
    }

    public void Remove()
    {
        if (!AreHeld)
        {
            return;
        }
        // Rules go first: one may send traffic to a table that a virtual route fills.
        foreach (var rule in _config.VirtualRules)
        {
            Try("removing rule " + KeepalivedSyntax.Rule(rule), () => _ports.Addresses.RemoveRule(rule));
        }
        foreach (var route in _config.VirtualRoutes)
        {
            Try("removing route " + route.Destination, () => _ports.Addresses.RemoveRoute(route));
        }
        foreach (var entry in _virtualAddresses)
        {
            Try("removing " + entry, () => _ports.Addresses.Remove(entry.InterfaceName, entry.Address));
        }
        AreHeld = false;
        NextRefreshAt = null;
    }

    /// <summary>Gratuitous ARPs (IPv6: unsolicited neighbour adverts) for the held VIPs, <paramref name="count"/> each.</summary>
    public void Announce(int count)
    {
        if (!AreHeld || count <= 0)
        {
            return;
        }
        foreach (var (interfaceName, addresses) in _announced)
        {
            foreach (var address in addresses)
            {
                if (address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    EngineLog.SendingUnsolicitedNeighbourAdvert(_logger, interfaceName, address.ToString());
                }
                else
                {
                    EngineLog.SendingGratuitousArp(_logger, interfaceName, address.ToString());
                }
            }
            Try("sending gratuitous ARP on " + interfaceName, () => _ports.GratuitousArp.Send(interfaceName, addresses, count));
        }
    }

    /// <summary>Asks the segment who answers for our VIPs, on the interfaces they live on.</summary>
    public void Probe()
    {
        foreach (var (operation, call) in _probes)
        {
            Try(operation, call);
        }
    }

    private void Try(string operation, Action action) => PortCall.Try(_logger, _config.Name, operation, action);

    private readonly record struct VirtualAddressOnInterface(string InterfaceName, VirtualAddress Address)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Address.Address}/{Address.EffectivePrefixLength} on {InterfaceName}");
    }
}
