using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Syntax;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// keepalived's <c>static_ipaddress</c>, <c>static_routes</c> and <c>static_rules</c>: present on every node whatever its VRRP state.
/// As keepalived does, they are added at start, brought in line on each reload (entries no longer configured
/// are removed, every configured one is added again, so a hand-deleted one comes back), and removed at a
/// graceful stop; a killed daemon leaves them. Routes, and rules without <c>no_track</c>, carry protocol 18
/// (<c>proto keepalived</c>). A failure
/// is logged with the entry as written and never stops the daemon. Called from the engine loop only.
/// </summary>
public sealed partial class StaticNetworkEntries(IAddressManager addresses, ILogger logger)
{
    private IReadOnlyList<VirtualAddress> _addresses = [];
    private IReadOnlyList<VirtualRoute> _routes = [];
    private IReadOnlyList<RoutingRule> _rules = [];

    /// <summary>Makes the host carry exactly the static entries of <paramref name="configuration"/>.</summary>
    public void Apply(HaVrrpConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Routes go before addresses and come after them: a route may use a static address as its source.
        // Rules go first and come last: a rule may send traffic to a table the static routes fill.
        foreach (var rule in _rules.Where(rule => !configuration.StaticRules.Contains(rule)))
        {
            RemoveRule(rule);
        }
        foreach (var route in _routes.Where(route => !configuration.StaticRoutes.Contains(route)))
        {
            RemoveRoute(route);
        }
        foreach (var address in _addresses.Where(address => !configuration.StaticAddresses.Contains(address)))
        {
            RemoveAddress(address);
        }
        foreach (var address in configuration.StaticAddresses)
        {
            var isNew = !_addresses.Contains(address);
            Try("static_ipaddress", KeepalivedSyntax.Address(address), "adding", isNew,
                () => addresses.AddPermanent(address.Device ?? string.Empty, address));
        }
        foreach (var route in configuration.StaticRoutes)
        {
            var isNew = !_routes.Contains(route);
            Try("static_routes", KeepalivedSyntax.Route(route), "adding", isNew, () => addresses.AddRoute(route));
        }
        foreach (var rule in configuration.StaticRules)
        {
            var isNew = !_rules.Contains(rule);
            Try("static_rules", KeepalivedSyntax.Rule(rule), "adding", isNew, () => addresses.AddRule(rule));
        }
        _addresses = configuration.StaticAddresses;
        _routes = configuration.StaticRoutes;
        _rules = configuration.StaticRules;
    }

    /// <summary>
    /// The kernel reported <paramref name="address"/> gone from <paramref name="interfaceName"/>: a static address
    /// (not <c>no_track</c>) deleted by hand is added again at once, as keepalived reinstates it.
    /// </summary>
    public void Reinstate(string interfaceName, System.Net.IPAddress address)
    {
        var deleted = _addresses.FirstOrDefault(entry =>
            !entry.NoTrack && entry.Device == interfaceName && entry.Address.Equals(address));
        if (deleted is not null)
        {
            ReinstateIfMissing(interfaceName, [deleted]);
        }
    }

    /// <summary>Re-adds every tracked static address that is missing (deletions the address monitor did not see).</summary>
    public void ReinstateMissing()
    {
        foreach (var onDevice in _addresses.Where(entry => !entry.NoTrack).GroupBy(entry => entry.Device ?? string.Empty))
        {
            ReinstateIfMissing(onDevice.Key, onDevice);
        }
    }

    private void ReinstateIfMissing(string interfaceName, IEnumerable<VirtualAddress> wanted)
    {
        IReadOnlyList<InterfaceAddress> present;
        try
        {
            present = addresses.ListAddresses(interfaceName);
        }
#pragma warning disable CA1031 // An interface that is gone cannot be listed; its addresses come back with it at the next reload.
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }
        foreach (var address in wanted.Where(entry => !present.Any(found => found.Address.Equals(entry.Address))))
        {
            Try("static_ipaddress", KeepalivedSyntax.Address(address), "reinstating", logSuccess: true,
                () => addresses.AddPermanent(interfaceName, address));
        }
    }

    /// <summary>Removes every static entry this engine added (a graceful stop).</summary>
    public void Remove()
    {
        foreach (var rule in _rules)
        {
            RemoveRule(rule);
        }
        foreach (var route in _routes)
        {
            RemoveRoute(route);
        }
        foreach (var address in _addresses)
        {
            RemoveAddress(address);
        }
        _addresses = [];
        _routes = [];
        _rules = [];
    }

    private void RemoveRule(RoutingRule rule) =>
        Try("static_rules", KeepalivedSyntax.Rule(rule), "removing", logSuccess: true, () => addresses.RemoveRule(rule));

    private void RemoveRoute(VirtualRoute route) =>
        Try("static_routes", KeepalivedSyntax.Route(route), "removing", logSuccess: true, () => addresses.RemoveRoute(route));

    private void RemoveAddress(VirtualAddress address) =>
        Try("static_ipaddress", KeepalivedSyntax.Address(address), "removing", logSuccess: true,
            () => addresses.Remove(address.Device ?? string.Empty, address));

    private void Try(string block, string entry, string operation, bool logSuccess, Action change)
    {
        try
        {
            change();
            if (logSuccess)
            {
                LogChanged(logger, block, operation, entry);
            }
        }
#pragma warning disable CA1031 // One entry the kernel refuses must not stop the others, nor VRRP; it is logged.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFailed(logger, block, operation, entry, exception.Message);
        }
    }

    [LoggerMessage(EventId = 27, Level = LogLevel.Information, Message = "{Block}: {Operation} {Entry}")]
    private static partial void LogChanged(ILogger logger, string block, string operation, string entry);

    [LoggerMessage(EventId = 28, Level = LogLevel.Error, Message = "{Block}: {Operation} {Entry} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string block, string operation, string entry, string error);
}
