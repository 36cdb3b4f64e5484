namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>
/// Rules about <c>use_vmac_addr</c> and an address's <c>use_vmac</c>: the macvlans that VIPs off the instance's own
/// macvlan get (docs/configuration.md "use_vmac").
/// </summary>
public sealed partial class ConfigValidator
{
    /// <summary>keepalived's two warnings where an address's use_vmac changes nothing.</summary>
    private void CheckAddressVirtualMacs(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        var owner = $"vrrp_instance {instance.Name}";
        foreach (var address in instance.VirtualIpAddresses.Concat(instance.ExcludedVirtualIpAddresses).Where(address => address.UseVirtualMac))
        {
            var device = address.Device ?? instance.Interface;
            var at = address.Source.Of("use_vmac");
            if (instance.VirtualMacInterface is { } vmac && device == instance.Interface && address.IsIPv6 == instance.IsIPv6)
            {
                diagnostics.Warning(DiagnosticCodes.AddressVirtualMacRedundant, at,
                    $"{owner}: use_vmac on {address.Address} and on the instance; the address goes on the instance's macvlan {vmac}");
            }
            else if (instance.UseVirtualMacForAddresses && (device != instance.Interface || address.IsIPv6 != instance.IsIPv6))
            {
                diagnostics.Warning(DiagnosticCodes.AddressVirtualMacRedundant, at,
                    $"{owner}: use_vmac on {address.Address} repeats use_vmac_addr, which gives it a macvlan already");
            }
        }
        if (_environment.LinkKindOf is not { } kindOf)
        {
            return;
        }
        foreach (var entry in instance.AddressVirtualMacs)
        {
            if (kindOf(entry.Name) is { } kind && kind != VirtualMacConfig.LinkKind)
            {
                diagnostics.Error(DiagnosticCodes.AddressVirtualMacLinkConflict, AddressSourceFor(instance, entry),
                    $"{owner}: the macvlan for its addresses on {entry.Parent} is named {entry.Name}, but that interface exists and is not a macvlan ({(kind.Length == 0 ? "a device" : kind)}); havrrpd will not take it over. Rename or remove that interface");
            }
        }
    }

    /// <summary>
    /// No two macvlans may share a name, and no two may carry one MAC on one link (the kernel refuses the second);
    /// keepalived would find other names or share the link, havrrpd says so before it runs.
    /// </summary>
    private static void CheckAddressVirtualMacsUnique(HaVrrpConfiguration config, DiagnosticBag diagnostics)
    {
        var names = new Dictionary<string, VrrpInstanceConfig>(StringComparer.Ordinal);
        var links = new Dictionary<(string Parent, string Mac), (VrrpInstanceConfig Instance, string Name)>();
        foreach (var instance in config.Instances)
        {
            if (instance.VirtualMacInterface is { } own)
            {
                names.TryAdd(own, instance);
                links.TryAdd((instance.Interface!, instance.VirtualMacAddress(config.Global)!.ToString()), (instance, own));
            }
        }
        foreach (var instance in config.Instances)
        {
            foreach (var entry in instance.AddressVirtualMacs)
            {
                var at = AddressSourceFor(instance, entry);
                if (names.TryGetValue(entry.Name, out var first) && first != instance)
                {
                    diagnostics.Error(DiagnosticCodes.AddressVirtualMacClash, at,
                        $"vrrp_instance {instance.Name} needs macvlan {entry.Name} for its addresses on {entry.Parent}, which vrrp_instance {first.Name} already uses; give that instance's use_vmac another NAME, or the instances different VRIDs");
                    continue;
                }
                names.TryAdd(entry.Name, instance);
                var mac = instance.AddressVirtualMacAddress(entry, config.Global);
                if (!links.TryAdd((entry.Parent, mac.ToString()), (instance, entry.Name)))
                {
                    var other = links[(entry.Parent, mac.ToString())];
                    diagnostics.Error(DiagnosticCodes.AddressVirtualMacClash, at,
                        $"vrrp_instance {instance.Name} needs a macvlan on {entry.Parent} with MAC {VirtualMacAddress.Format(mac.GetAddressBytes())}, which {other.Name} of vrrp_instance {other.Instance.Name} carries already; Linux allows one link per MAC there");
                }
            }
        }
    }

    /// <summary>Where to point for an address macvlan: the first address that needs it.</summary>
    private static SourceLocation AddressSourceFor(VrrpInstanceConfig instance, AddressVirtualMac entry)
    {
        var address = instance.VirtualIpAddresses.Concat(instance.ExcludedVirtualIpAddresses).First(address =>
            instance.NeedsAddressVirtualMac(address) && (address.Device ?? instance.Interface) == entry.Parent && address.IsIPv6 == entry.IsIPv6);
        return address.UseVirtualMac ? address.Source.Of("use_vmac")
            : instance.UseVirtualMacForAddresses ? instance.Source.Of("use_vmac_addr")
            : address.Source.Of("address");
    }
}
