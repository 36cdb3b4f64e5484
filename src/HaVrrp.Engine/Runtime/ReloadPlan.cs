using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// What a reload does to each instance, decided by content alone: an instance whose configuration (and the
/// global settings that shape it) compares equal keeps running untouched, so its VIPs never flap.
/// </summary>
public sealed record ReloadPlan(
    ValueList<string> Unchanged,
    ValueList<string> Changed,
    ValueList<string> Removed,
    ValueList<string> Added)
{
    public static ReloadPlan Compute(HaVrrpConfiguration running, HaVrrpConfiguration next)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        var globalsChanged = InstanceGlobals.Of(running.Global) != InstanceGlobals.Of(next.Global);
        var before = running.Instances.ToDictionary(instance => instance.Name, StringComparer.Ordinal);
        var after = next.Instances.ToDictionary(instance => instance.Name, StringComparer.Ordinal);

        List<string> unchanged = [], changed = [], added = [];
        foreach (var instance in next.Instances)
        {
            if (!before.TryGetValue(instance.Name, out var old))
            {
                added.Add(instance.Name);
            }
            else if (globalsChanged || old != instance || TrackingInputs.Of(running, old) != TrackingInputs.Of(next, instance))
            {
                changed.Add(instance.Name);
            }
            else
            {
                unchanged.Add(instance.Name);
            }
        }
        var removed = running.Instances.Select(instance => instance.Name).Where(name => !after.ContainsKey(name));
        return new ReloadPlan(new(unchanged), new(changed), new([.. removed]), new(added));
    }

    public override string ToString() =>
        $"unchanged {Unchanged.Count}, changed {Changed.Count}, removed {Removed.Count}, added {Added.Count}";

    /// <summary>
    /// What an instance's tracking depends on beyond its own block: the vrrp_script, vrrp_track_file and vrrp_track_process blocks it
    /// (or its group) references, and its vrrp_sync_group. Editing any of them restarts the instance, as a
    /// changed instance block does; editing a script nobody tracks restarts nothing.
    /// </summary>
    private sealed record TrackingInputs(
        ValueList<VrrpScriptConfig> Scripts, ValueList<TrackFileConfig> Files, ValueList<TrackProcessConfig> Processes, SyncGroupConfig? Group)
    {
        public static TrackingInputs Of(HaVrrpConfiguration configuration, VrrpInstanceConfig instance)
        {
            var group = configuration.SyncGroups.FirstOrDefault(candidate => candidate.Members.Contains(instance.Name));
            var scriptNames = instance.TrackScripts.Concat(group?.TrackScripts ?? []).Select(reference => reference.Name).ToHashSet(StringComparer.Ordinal);
            var fileNames = instance.TrackFiles.Concat(group?.TrackFiles ?? []).Select(reference => reference.Name).ToHashSet(StringComparer.Ordinal);
            var processNames = instance.TrackProcesses.Concat(group?.TrackProcesses ?? []).Select(reference => reference.Name).ToHashSet(StringComparer.Ordinal);
            return new TrackingInputs(
                new([.. configuration.Scripts.Where(script => scriptNames.Contains(script.Name))]),
                new([.. configuration.TrackFiles.Where(file => fileNames.Contains(file.Name))]),
                new([.. configuration.TrackProcesses.Where(process => processNames.Contains(process.Name))]),
                group);
        }
    }

    /// <summary>
    /// The global settings an instance's behaviour depends on. Others (router_id, e-mail, script user) change
    /// nothing on the wire, so editing them must not restart instances.
    /// </summary>
    private sealed record InstanceGlobals(
        System.Net.IPAddress MulticastGroup4,
        System.Net.IPAddress MulticastGroup6,
        int VrrpVersion,
        bool VrrpStrict,
        bool V3ChecksumAsV2,
        GarpSettings Garp)
    {
        public static InstanceGlobals Of(GlobalSettings global) =>
            new(global.MulticastGroup4, global.MulticastGroup6, global.VrrpVersion, global.VrrpStrict, global.V3ChecksumAsV2, global.Garp);
    }
}
