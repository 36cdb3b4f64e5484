using System.Net;

namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>The rule that two instances must not answer for the same virtual router.</summary>
public sealed partial class ConfigValidator
{
    /// <summary>
    /// A VRID names one virtual router per interface and address family. keepalived allows a repeat when
    /// the adverts cannot meet: unicast to peer sets that do not overlap, a different mcast_dst_ip, or one
    /// instance unicast and the other multicast. The error lands on the second instance and names the first.
    /// </summary>
    private static void CheckVirtualRouterIdsUnique(HaVrrpConfiguration config, DiagnosticBag diagnostics)
    {
        var valid = config.Instances.Where(instance => instance.VirtualRouterId is >= 1 and <= 255).ToList();
        for (var later = 1; later < valid.Count; later++)
        {
            var second = valid[later];
            var first = valid.Take(later).FirstOrDefault(earlier => AdvertsMeet(earlier, second, config.Global));
            if (first is null)
            {
                continue;
            }

            var interfaceText = string.IsNullOrEmpty(second.Interface) ? string.Empty : $" on {second.Interface}";
            diagnostics.Error(DiagnosticCodes.DuplicateVirtualRouterId, second.Source.ValueOf("virtual_router_id"),
                $"virtual_router_id {second.VirtualRouterId} is already used{interfaceText} for {FamilyName(second.IsIPv6)} by vrrp_instance {first.Name}{WhereWritten(first.Source.ValueOf("virtual_router_id"))}; give each instance its own virtual_router_id");
        }
    }

    private static bool AdvertsMeet(VrrpInstanceConfig first, VrrpInstanceConfig second, GlobalSettings global)
    {
        if (first.VirtualRouterId != second.VirtualRouterId ||
            first.IsIPv6 != second.IsIPv6 ||
            !string.Equals(first.Interface ?? string.Empty, second.Interface ?? string.Empty, StringComparison.Ordinal))
        {
            return false;
        }

        var firstIsUnicast = first.UnicastPeers.Count > 0;
        var secondIsUnicast = second.UnicastPeers.Count > 0;
        if (firstIsUnicast != secondIsUnicast)
        {
            return false;
        }
        if (firstIsUnicast)
        {
            return first.UnicastPeers.Any(peer => second.UnicastPeers.Any(other => other.Address.Equals(peer.Address)));
        }
        return MulticastGroup(first, global).Equals(MulticastGroup(second, global));
    }

    private static IPAddress MulticastGroup(VrrpInstanceConfig instance, GlobalSettings global) =>
        instance.MulticastDestinationIp ?? (instance.IsIPv6 ? global.MulticastGroup6 : global.MulticastGroup4);
}
