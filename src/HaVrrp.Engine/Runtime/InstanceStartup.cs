using System.Net.Sockets;
using HaVrrp.Engine.Configuration.Syntax;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// What the host must settle before an instance joins: what a crashed run left behind (VIPs, virtual rules) goes, and
/// the address its adverts leave from is found.
/// </summary>
internal sealed class InstanceStartup(IAddressManager addresses, ILogger logger)
{
    /// <summary>Removes the VIPs and virtual rules a crashed run of <paramref name="config"/> left behind.</summary>
    public void RemoveLeftovers(VrrpInstanceConfig config)
    {
        RemoveLeftoverVirtualAddresses(config);
        RemoveLeftoverVirtualRules(config);
    }

    /// <summary>
    /// A crashed run leaves its VIPs on the interfaces until their lifetime runs out; a backup starting now must
    /// not answer for them, so they go before the instance joins.
    /// </summary>
    private void RemoveLeftoverVirtualAddresses(VrrpInstanceConfig config)
    {
        try
        {
            foreach (var leftover in VirtualAddressCleanup.FindPresent(config, addresses))
            {
                EngineLog.RemovingStaleVip(
                    logger, config.Name, leftover.Address.Address.ToString(), leftover.Address.EffectivePrefixLength, leftover.InterfaceName);
                addresses.Remove(leftover.InterfaceName, leftover.Address);
            }
        }
#pragma warning disable CA1031 // A host that cannot list its addresses still runs VRRP; the failure is logged.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            EngineLog.PortFailed(logger, config.Name, "looking for stale VIPs", exception.Message);
        }
    }

    /// <summary>
    /// A crashed master's virtual rules stay until someone deletes them (rules have no lifetime); as keepalived does
    /// at start, each is deleted before the instance joins, so a node that comes back as backup routes as one.
    /// </summary>
    private void RemoveLeftoverVirtualRules(VrrpInstanceConfig config)
    {
        foreach (var rule in config.VirtualRules)
        {
            try
            {
                if (addresses.RemoveRule(rule))
                {
                    EngineLog.RemovingStaleRule(logger, config.Name, KeepalivedSyntax.Rule(rule));
                }
            }
#pragma warning disable CA1031 // A rule the kernel will not delete must not keep the instance from running VRRP; it is logged.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                EngineLog.PortFailed(logger, config.Name, "removing a stale rule", exception.Message);
            }
        }
    }

    /// <summary>
    /// unicast_src_ip, else mcast_src_ip, else the interface's first address of the family that is not one of our
    /// VIPs (IPv6: its link-local address, which RFC 5798 requires as the source).
    /// </summary>
    public VrrpAddress? ResolveSourceAddress(VrrpInstanceConfig config, TransportKey key)
    {
        if ((config.UnicastSourceIp ?? config.MulticastSourceIp) is { } configured)
        {
            return VrrpAddress.FromIPAddress(configured);
        }
        // With use_vmac the adverts may leave the macvlan, but the address is the instance's interface's, as keepalived sends them.
        var interfaceName = config.Interface ?? key.InterfaceName;
        if (interfaceName.Length == 0)
        {
            return null;
        }
        IReadOnlyList<InterfaceAddress> present;
        try
        {
            present = addresses.ListAddresses(interfaceName);
        }
#pragma warning disable CA1031 // Reported as "no address" and FAULT by the instance.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            EngineLog.PortFailed(logger, config.Name, "listing addresses of " + interfaceName, exception.Message);
            return null;
        }
        var virtualAddresses = config.VirtualIpAddresses.Concat(config.ExcludedVirtualIpAddresses)
            .Select(address => address.Address).ToHashSet();
        var candidates = present
            .Select(entry => entry.Address)
            .Where(address => address.AddressFamily == key.Family && !virtualAddresses.Contains(address));
        var chosen = key.Family == AddressFamily.InterNetworkV6
            ? candidates.FirstOrDefault(address => address.IsIPv6LinkLocal)
            : candidates.FirstOrDefault();
        if (config.Priority == Priority.AddressOwner && chosen is null)
        {
            // An owner's VIP is its own address, so it may be the only one there is.
            chosen = present.Select(entry => entry.Address).FirstOrDefault(address => address.AddressFamily == key.Family);
        }
        return chosen is null ? null : VrrpAddress.FromIPAddress(chosen);
    }
}
