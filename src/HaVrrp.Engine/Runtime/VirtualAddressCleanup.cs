using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Runtime;

/// <summary>A configured virtual address found on an interface, where no running instance put it.</summary>
public sealed record LeftoverVirtualAddress(string InstanceName, string InterfaceName, VirtualAddress Address);

/// <summary>
/// Finds and removes VIPs a previous run left behind: at instance start (a crashed daemon's VIPs whose lifetime
/// has not run out yet) and in <c>havrrpd --cleanup</c>, which systemd runs after an abnormal exit.
/// </summary>
public static class VirtualAddressCleanup
{
    /// <summary>
    /// The instance's VIPs (and excluded VIPs) present on their interfaces now. An address owner (priority 255)
    /// owns its VIPs as real interface addresses, so nothing of it is ever a leftover.
    /// </summary>
    public static IReadOnlyList<LeftoverVirtualAddress> FindPresent(VrrpInstanceConfig instance, IAddressManager addresses)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(addresses);
        if (instance.Priority == Priority.AddressOwner)
        {
            return [];
        }
        var found = new List<LeftoverVirtualAddress>();
        var listed = new Dictionary<string, IReadOnlyList<InterfaceAddress>>(StringComparer.Ordinal);
        foreach (var address in instance.VirtualIpAddresses.Concat(instance.ExcludedVirtualIpAddresses))
        {
            var interfaceName = instance.InterfaceFor(address);
            if (string.IsNullOrEmpty(interfaceName))
            {
                continue;
            }
            if (!listed.TryGetValue(interfaceName, out var present))
            {
                present = listed[interfaceName] = addresses.ListAddresses(interfaceName);
            }
            if (present.Any(entry => entry.Address.Equals(address.Address)))
            {
                found.Add(new LeftoverVirtualAddress(instance.Name, interfaceName, address));
            }
        }
        return found;
    }

    /// <summary>
    /// <c>havrrpd --cleanup</c>: removes every configured VIP that is present. Run only when no daemon is running
    /// (systemd's ExecStopPost), since it cannot tell a live master's VIPs from leftovers. Returns how many went.
    /// </summary>
    public static int RemoveConfigured(HaVrrpConfiguration configuration, IAddressManager addresses, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(logger);
        var removed = 0;
        foreach (var instance in configuration.Instances)
        {
            foreach (var leftover in FindPresent(instance, addresses))
            {
                EngineLog.CleanupRemoving(
                    logger, leftover.InstanceName, leftover.Address.Address.ToString(), leftover.Address.EffectivePrefixLength, leftover.InterfaceName);
                addresses.Remove(leftover.InterfaceName, leftover.Address);
                removed++;
            }
            foreach (var rule in instance.VirtualRules)
            {
                addresses.RemoveRule(rule);
            }
            foreach (var route in instance.VirtualRoutes)
            {
                addresses.RemoveRoute(route);
            }
        }
        return removed;
    }

    /// <summary>
    /// <c>havrrpd --cleanup</c>: removes the <c>use_vmac</c> (and <c>use_vmac_addr</c>) macvlans a crashed run left (never a link of that name that
    /// is not a macvlan). The lower links' arp_ignore and arp_filter stay as that run set them: their old values died
    /// with it. Returns how many went.
    /// </summary>
    public static int RemoveVirtualMacs(HaVrrpConfiguration configuration, IVirtualMacLinks links, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(logger);
        var removed = 0;
        var names = configuration.Instances.SelectMany(instance => instance.AllVirtualMacInterfaces).Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (links.Remove(name))
            {
                EngineLog.CleanupRemovingVirtualMac(logger, name);
                removed++;
            }
        }
        return removed;
    }
}
