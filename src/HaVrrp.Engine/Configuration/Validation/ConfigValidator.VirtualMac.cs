namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>Rules about <c>use_vmac</c> and <c>vmac_xmit_base</c> (docs/configuration.md "use_vmac").</summary>
public sealed partial class ConfigValidator
{
    private void CheckVirtualMac(VrrpInstanceConfig instance, GlobalSettings global, DiagnosticBag diagnostics)
    {
        if (instance.VirtualMac is not { } vmac)
        {
            return;
        }
        var owner = $"vrrp_instance {instance.Name}";
        var at = instance.Source.Of("use_vmac");
        if (vmac.InterfaceName is { } name &&
            (!VirtualMacAddress.IsValidInterfaceName(name) || name == instance.Interface))
        {
            diagnostics.Error(DiagnosticCodes.VirtualMacNameInvalid, instance.Source.Of("use_vmac:name"), name == instance.Interface
                ? $"{owner}: use_vmac {name} names the instance's own interface; name a new macvlan, or leave the name out for vrrp.{instance.VirtualRouterId}"
                : $"{owner}: use_vmac name '{name}' is not a Linux interface name (1-{VirtualMacConfig.MaxInterfaceNameLength} bytes, no '/', ':' or spaces)");
        }
        if (vmac.Address is { } text)
        {
            var problem = !VirtualMacAddress.TryParse(text, out var octets) ? "is not a MAC address (five or six hex octets separated by ':')"
                : VirtualMacAddress.IsMulticast(octets) ? "is a multicast address; a link needs a unicast MAC (first octet even)"
                : VirtualMacAddress.IsRfc5798(octets) ? "is an RFC 5798 virtual MAC, which havrrpd derives from the VRID itself; leave it out"
                : null;
            if (problem is not null)
            {
                diagnostics.Error(DiagnosticCodes.VirtualMacAddressInvalid, instance.Source.Of("use_vmac:address"), $"{owner}: use_vmac MAC {text} {problem}");
            }
        }
        if (instance.Interface is null)
        {
            diagnostics.Warning(DiagnosticCodes.VirtualMacOptionReset, at,
                $"{owner}: use_vmac needs the instance's interface to put the macvlan on; ignoring it");
            return;
        }
        if (instance.UnicastPeers.Count > 0 && !vmac.TransmitOnBase)
        {
            diagnostics.Warning(DiagnosticCodes.VirtualMacOptionReset, at,
                $"{owner}: unicast with use_vmac requires vmac_xmit_base; adverts go out of {instance.Interface}, as keepalived sets it");
        }
        if (instance.IsStrict(global) && vmac.Address is not null)
        {
            diagnostics.Warning(DiagnosticCodes.VirtualMacOptionReset, instance.Source.Of("use_vmac:address"),
                $"{owner}: {instance.StrictModeKeyword} does not allow a chosen MAC; the macvlan carries RFC 5798's {VirtualMacAddress.Format(VirtualMacAddress.Rfc5798(instance.VirtualRouterId, instance.IsIPv6).GetAddressBytes())}");
        }
        if (instance.IsStrict(global) && vmac.TransmitOnBase && instance.UnicastPeers.Count == 0)
        {
            diagnostics.Warning(DiagnosticCodes.VirtualMacOptionReset, instance.Source.Of("vmac_xmit_base"),
                $"{owner}: vmac_xmit_base is incompatible with {instance.StrictModeKeyword}; adverts go out of the macvlan");
        }
        if (instance.PromoteSecondaries)
        {
            diagnostics.Warning(DiagnosticCodes.VirtualMacOptionReset, instance.Source.Of("promote_secondaries"),
                $"{owner}: promote_secondaries is set on the macvlan by use_vmac anyway; ignoring it for {instance.Interface}");
        }
        CheckVirtualMacLink(instance, diagnostics);
    }

    /// <summary>
    /// havrrpd creates the macvlan, or takes over one a previous run left; any other link of that name it must not
    /// touch (keepalived ignores the name then and picks its default; havrrpd says so before it runs).
    /// </summary>
    private void CheckVirtualMacLink(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        if (_environment.LinkKindOf is not { } kindOf || instance.VirtualMacInterface is not { } name || kindOf(name) is not { } kind ||
            kind == VirtualMacConfig.LinkKind)
        {
            return;
        }
        diagnostics.Error(DiagnosticCodes.VirtualMacLinkConflict,
            instance.VirtualMac!.InterfaceName is null ? instance.Source.Of("use_vmac") : instance.Source.Of("use_vmac:name"),
            $"vrrp_instance {instance.Name}: interface {name} already exists and is not a macvlan ({(kind.Length == 0 ? "a device" : kind)}); havrrpd will not take it over. Name another one with use_vmac NAME");
    }

    /// <summary>Two instances cannot share one macvlan: each adds and removes it with its own state.</summary>
    private static void CheckVirtualMacNamesUnique(HaVrrpConfiguration config, DiagnosticBag diagnostics)
    {
        var seen = new Dictionary<string, VrrpInstanceConfig>(StringComparer.Ordinal);
        foreach (var instance in config.Instances)
        {
            if (instance.VirtualMacInterface is not { } name)
            {
                continue;
            }
            if (seen.TryGetValue(name, out var first))
            {
                var keepalivedWould = instance.VirtualMac!.InterfaceName is null
                    ? $" (keepalived would pick {(instance.IsIPv6 ? "vrrp6" : "vrrp1")}.{instance.VirtualRouterId} for it)"
                    : string.Empty;
                diagnostics.Error(DiagnosticCodes.VirtualMacNameClash, instance.Source.Of("use_vmac"),
                    $"vrrp_instance {instance.Name} uses macvlan {name}, which vrrp_instance {first.Name} already uses; give one of them its own name with use_vmac NAME{keepalivedWould}");
                continue;
            }
            seen[name] = instance;
        }
    }
}
