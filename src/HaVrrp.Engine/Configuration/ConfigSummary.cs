using System.Globalization;

namespace HaVrrp.Engine.Configuration;

/// <summary>
/// One line per instance for <c>havrrpd --check</c>, so an operator sees at a glance what the daemon
/// understood: <c>VI_1: vrid 51 on eth0, v2, priority 100 (MASTER), 2 VIPs, unicast to 10.1.1.17, tracks chk_haproxy(+2)</c>.
/// </summary>
public static class ConfigSummary
{
    public static IEnumerable<string> Describe(HaVrrpConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Instances.Select(instance => Describe(instance, config));
    }

    private static string Describe(VrrpInstanceConfig instance, HaVrrpConfiguration config)
    {
        var parts = new List<string>
        {
            instance.Interface is null
                ? $"vrid {instance.VirtualRouterId}"
                : $"vrid {instance.VirtualRouterId} on {instance.Interface}",
            $"v{instance.EffectiveVersion(config.Global)}",
            $"priority {instance.Priority} ({(instance.InitialState == InitialState.Master ? "MASTER" : "BACKUP")})",
        };
        if (!instance.Preempt)
        {
            parts.Add("nopreempt");
        }
        parts.Add(instance.VirtualIpAddresses.Count == 1 ? "1 VIP" : $"{instance.VirtualIpAddresses.Count} VIPs");
        parts.Add(instance.UnicastPeers.Count > 0
            ? "unicast to " + string.Join(", ", instance.UnicastPeers.Select(peer => peer.Address))
            : $"multicast to {MulticastGroup(instance, config.Global)}");

        var tracked = TrackedObjects(instance, config).ToList();
        if (tracked.Count > 0)
        {
            parts.Add("tracks " + string.Join(", ", tracked));
        }

        var syncGroup = config.SyncGroups.FirstOrDefault(group => group.Members.Contains(instance.Name));
        if (syncGroup is not null)
        {
            parts.Add($"sync group {syncGroup.Name}");
        }

        return $"{instance.Name}: {string.Join(", ", parts)}";
    }

    private static System.Net.IPAddress MulticastGroup(VrrpInstanceConfig instance, GlobalSettings global) =>
        instance.MulticastDestinationIp ?? (instance.IsIPv6 ? global.MulticastGroup6 : global.MulticastGroup4);

    /// <summary>Each tracked object with the weight that applies: the reference's override, else the object's own.</summary>
    private static IEnumerable<string> TrackedObjects(VrrpInstanceConfig instance, HaVrrpConfiguration config)
    {
        foreach (var reference in instance.TrackScripts)
        {
            var script = config.Scripts.FirstOrDefault(s => s.Name == reference.Name);
            yield return Tracked(reference, script?.Weight ?? 0);
        }
        // The instance's own interface is not tracked as an entry (HV0138), so it is not listed as one.
        foreach (var reference in instance.TrackInterfaces.Where(reference => reference.Name != instance.Interface))
        {
            yield return Tracked(reference, 0);
        }
        foreach (var reference in instance.TrackFiles)
        {
            var trackFile = config.TrackFiles.FirstOrDefault(f => f.Name == reference.Name);
            yield return Tracked(reference, trackFile?.Weight ?? 1);
        }
        foreach (var reference in instance.TrackProcesses)
        {
            var process = config.TrackProcesses.FirstOrDefault(p => p.Name == reference.Name);
            yield return Tracked(reference, process?.Weight ?? 0);
        }
    }

    /// <summary>A weight of 0 means "fault when it fails", which reads better spelled out than as "+0".</summary>
    private static string Tracked(TrackReference reference, int ownWeight)
    {
        var weight = reference.Weight ?? ownWeight;
        var text = weight == 0 ? "fault" : weight.ToString("+0;-0", CultureInfo.InvariantCulture);
        return $"{reference.Name}({text})";
    }
}
