using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>
/// Checks a loaded configuration for what the readers cannot see alone: values out of range for the
/// protocol version in force, references between blocks, and facts about this host. Each rule is one
/// named method; each finding is a <see cref="Diagnostic"/> pointing at the value as written.
/// Errors stop a load; warnings do not.
/// </summary>
public sealed partial class ConfigValidator
{
    private readonly ValidationEnvironment _environment;

    public ConfigValidator(ValidationEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
    }

    public void Validate(HaVrrpConfiguration config, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(diagnostics);

        CheckGlobalVersion(config.Global, diagnostics);
        CheckDownTimerAdverts("vrrp_down_timer_adverts", config.Global.DownTimerAdverts, config.Global.Source, diagnostics);
        CheckNftablesTable(config.Global, diagnostics);
        CheckScheduling(config.Global, diagnostics);
        CheckGarp(config.Global.Garp, "vrrp_", config.Global.Source, diagnostics);
        CheckHasInstances(config, diagnostics);

        foreach (var instance in config.Instances)
        {
            CheckInstance(instance, config, diagnostics);
        }
        CheckVirtualRouterIdsUnique(config, diagnostics);
        CheckVirtualMacNamesUnique(config, diagnostics);
        CheckAddressVirtualMacsUnique(config, diagnostics);

        foreach (var script in config.Scripts)
        {
            CheckScriptTiming(script, diagnostics);
            CheckWeight("vrrp_script " + script.Name, script.Weight, script.Source.ValueOf("weight"), diagnostics);
        }
        foreach (var trackFile in config.TrackFiles)
        {
            CheckTrackFileWeight("vrrp_track_file " + trackFile.Name, trackFile.Weight,
                trackFile.Source.ValueOf("weight"), diagnostics);
        }

        foreach (var process in config.TrackProcesses)
        {
            CheckTrackProcess(process, diagnostics);
        }

        CheckStaticAddressesHaveDevice(config, diagnostics);
        CheckRoutingRuleTablesKnown(config, diagnostics);
        CheckSyncGroups(config, diagnostics);
        CheckScriptFiles(config, diagnostics);
        CheckScriptSecurity(config, diagnostics);
        CheckScriptSecurityEnabled(config, diagnostics);
        CheckFailoverArithmetic(config, diagnostics);
    }

    private void CheckInstance(VrrpInstanceConfig instance, HaVrrpConfiguration config, DiagnosticBag diagnostics)
    {
        var version = instance.EffectiveVersion(config.Global);

        CheckVirtualRouterId(instance, diagnostics);
        CheckPriority(instance, diagnostics);
        CheckOwnerPriority(instance, diagnostics);
        CheckVersion(instance, diagnostics);
        CheckAdvertInterval(instance, version, diagnostics);
        CheckIPv6NeedsVersion3(instance, diagnostics);
        CheckAddressFamiliesNotMixed(instance, diagnostics);
        CheckHasVirtualAddresses(instance, diagnostics);
        CheckInterfacePresent(instance, diagnostics);
        CheckInterfacesExist(instance, diagnostics);
        CheckUnicastFamily(instance, diagnostics);
        CheckAuthentication(instance, version, diagnostics);
        CheckPreemptSettings(instance, config.Global, diagnostics);
        CheckAdvertOptions(instance, config.Global, diagnostics);
        CheckStrictMode(instance, config.Global, diagnostics);
        CheckOwnInterfaceTracked(instance, diagnostics);
        CheckPreemptDelay(instance, diagnostics);
        CheckUnicastPeerTtlRanges(instance, diagnostics);
        CheckUnicastFaultNoPeer(instance, diagnostics);
        if (instance.DownTimerAdverts is { } downTimerAdverts)
        {
            CheckDownTimerAdverts("down_timer_adverts", downTimerAdverts, instance.Source, diagnostics);
        }
        CheckNoAcceptEnforced(instance, config.Global, diagnostics);
        CheckVirtualMac(instance, config.Global, diagnostics);
        CheckAddressVirtualMacs(instance, diagnostics);
        CheckGarp(instance.Garp, string.Empty, instance.Source, diagnostics);
        CheckTracking(instance.TrackScripts, instance.TrackInterfaces, instance.TrackFiles, config, diagnostics);
        CheckTrackProcessReferences(instance.TrackProcesses, config, diagnostics);
    }

    /// <summary>
    /// Accept_Mode off (<c>no_accept</c>, or keepalived's default under <c>vrrp_strict</c> for a non-owner): havrrpd, like
    /// keepalived, has nftables drop packets addressed to the VIPs (Runtime/AcceptModeFilter). Without the nft program
    /// it cannot, and the master answers them; said at load rather than left for an operator to discover.
    /// </summary>
    private void CheckNoAcceptEnforced(VrrpInstanceConfig instance, GlobalSettings global, DiagnosticBag diagnostics)
    {
        var owner = instance.Priority == Protocol.Codec.Priority.AddressOwner;
        if (!instance.EffectiveAccept(global) && !owner && _environment.NftablesAvailable is { } available && !available())
        {
            var location = instance.Accept is null ? instance.Source.Location
                : instance.Source.Has("no_accept") ? instance.Source.Of("no_accept") : instance.Source.Of("accept");
            var why = instance.Accept != false ? $"{instance.StrictModeKeyword} implies no_accept" : "no_accept";
            diagnostics.Warning(DiagnosticCodes.NoAcceptNotEnforced, location,
                $"vrrp_instance {instance.Name}: {why}, but nft is not installed, so havrrpd cannot drop packets addressed to the VIPs and the master will answer them; install the nftables package");
        }
    }

    /// <summary>
    /// <c>min_ttl</c>/<c>max_ttl</c> are 0-255; a minimum above the maximum would discard every advert from that
    /// peer (keepalived says so and loads anyway; havrrpd refuses a peer it could never hear).
    /// </summary>
    private static void CheckUnicastPeerTtlRanges(VrrpInstanceConfig instance, DiagnosticBag diagnostics)
    {
        foreach (var peer in instance.UnicastPeers)
        {
            foreach (var (keyword, value) in new[] { ("min_ttl", peer.MinTtl), ("max_ttl", peer.MaxTtl) })
            {
                if (value is < 0 or > 255)
                {
                    diagnostics.Error(DiagnosticCodes.UnicastPeerTtlRange, peer.Source.ValueOf(keyword),
                        $"unicast_peer {peer.Address} {keyword} {value} is out of range 0-255");
                }
            }
            if (peer.MinTtl is { } minimum && peer.MaxTtl is { } maximum && minimum > maximum && maximum >= 0 && minimum <= 255)
            {
                diagnostics.Error(DiagnosticCodes.UnicastPeerTtlRange, peer.Source.ValueOf("min_ttl"),
                    $"unicast_peer {peer.Address} min_ttl {minimum} > max_ttl {maximum} - all packets would be discarded");
            }
        }
    }

    /// <summary>
    /// keepalived puts a static address without <c>dev</c> on its <c>default_interface</c> (eth0 unless set), a
    /// guess havrrpd does not make: such an address belongs to no VRRP instance whose interface could stand in.
    /// </summary>
    private static void CheckStaticAddressesHaveDevice(HaVrrpConfiguration config, DiagnosticBag diagnostics)
    {
        foreach (var address in config.StaticAddresses.Where(address => string.IsNullOrEmpty(address.Device)))
        {
            diagnostics.Error(DiagnosticCodes.StaticAddressWithoutDevice, address.Source.Location,
                $"static_ipaddress {address.Address}/{address.EffectivePrefixLength} has no dev; write the interface it belongs on (dev eth0)");
        }
    }

    /// <summary>Seconds as an operator would write them: <c>1</c>, <c>0.5</c>, <c>0.015</c>.</summary>
    private static string Seconds(TimeSpan value) =>
        value.TotalSeconds.ToString("0.#######", CultureInfo.InvariantCulture);

    private static string FamilyName(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";

    private static string FamilyName(bool isIPv6) => isIPv6 ? "IPv6" : "IPv4";

    /// <summary>" (keepalived.conf:12:5)" when the place is known, nothing otherwise.</summary>
    private static string WhereWritten(SourceLocation location) =>
        location.IsKnown ? $" ({location})" : string.Empty;
}
