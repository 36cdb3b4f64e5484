namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>Rules about tracked objects, their weights, and sync groups.</summary>
public sealed partial class ConfigValidator
{
    private const int MaxWeight = 253;
    private const int MaxTrackFileWeight = 254;

    private void CheckTracking(
        ValueList<TrackReference> trackScripts,
        ValueList<TrackReference> trackInterfaces,
        ValueList<TrackReference> trackFiles,
        HaVrrpConfiguration config,
        DiagnosticBag diagnostics)
    {
        foreach (var reference in trackScripts)
        {
            CheckReferenceExists("track_script", "vrrp_script", reference, config.Scripts.Select(s => s.Name),
                DiagnosticCodes.UnknownScript, diagnostics);
            CheckReferenceWeight("track_script", reference, diagnostics);
        }
        foreach (var reference in trackInterfaces)
        {
            CheckTrackedInterfaceExists(reference, diagnostics);
            CheckReferenceWeight("track_interface", reference, diagnostics);
        }
        foreach (var reference in trackFiles)
        {
            CheckReferenceExists("track_file", "vrrp_track_file", reference, config.TrackFiles.Select(f => f.Name),
                DiagnosticCodes.UnknownTrackFile, diagnostics);
            if (reference.Weight is { } weight)
            {
                CheckTrackFileWeight("track_file " + reference.Name, weight, reference.Source.ValueOf("weight"), diagnostics);
            }
        }
    }

    private static void CheckReferenceExists(
        string keyword,
        string blockKeyword,
        TrackReference reference,
        IEnumerable<string> definedNames,
        string code,
        DiagnosticBag diagnostics)
    {
        var names = definedNames.ToList();
        if (names.Contains(reference.Name, StringComparer.Ordinal))
        {
            return;
        }

        var suggestion = NearestName.Find(reference.Name, names);
        var advice = suggestion is null
            ? $"; define {blockKeyword} {reference.Name} or remove the reference"
            : $" (did you mean {suggestion}?)";
        diagnostics.Error(code, reference.Source.Location, $"{keyword} {reference.Name} refers to no {blockKeyword}{advice}");
    }

    private void CheckTrackedInterfaceExists(TrackReference reference, DiagnosticBag diagnostics)
    {
        if (_environment.InterfaceExists is { } exists && !exists(reference.Name))
        {
            diagnostics.Warning(DiagnosticCodes.UnknownInterface, reference.Source.Location,
                $"track_interface {reference.Name} does not exist on this host; check the name with 'ip link'");
        }
    }

    private static void CheckReferenceWeight(string keyword, TrackReference reference, DiagnosticBag diagnostics)
    {
        if (reference.Weight is { } weight)
        {
            CheckWeight($"{keyword} {reference.Name}", weight, reference.Source.ValueOf("weight"), diagnostics);
        }
    }

    /// <summary>vrrp_script, track_script and track_interface weights: ±253 keeps 1 + 253 below the owner's 255.</summary>
    private static void CheckWeight(string owner, int weight, SourceLocation location, DiagnosticBag diagnostics)
    {
        if (weight is < -MaxWeight or > MaxWeight)
        {
            diagnostics.Error(DiagnosticCodes.WeightOutOfRange, location,
                $"{owner} weight {weight} is out of range -253 to 253");
        }
    }

    /// <summary>track_file weights multiply the file's number; keepalived allows ±254 there.</summary>
    private static void CheckTrackFileWeight(string owner, int weight, SourceLocation location, DiagnosticBag diagnostics)
    {
        if (weight is < -MaxTrackFileWeight or > MaxTrackFileWeight)
        {
            diagnostics.Error(DiagnosticCodes.TrackFileWeightOutOfRange, location,
                $"{owner} weight {weight} is out of range -254 to 254");
        }
    }

    private void CheckSyncGroups(HaVrrpConfiguration config, DiagnosticBag diagnostics)
    {
        var instanceNames = config.Instances.Select(i => i.Name).ToList();
        var groupOfInstance = new Dictionary<string, SyncGroupConfig>(StringComparer.Ordinal);
        foreach (var group in config.SyncGroups)
        {
            CheckSyncGroupSize(group, diagnostics);
            foreach (var member in group.Members.Distinct(StringComparer.Ordinal))
            {
                CheckSyncGroupMemberExists(group, member, instanceNames, diagnostics);
                CheckInOneSyncGroupOnly(group, member, groupOfInstance, diagnostics);
            }
            CheckTracking(group.TrackScripts, group.TrackInterfaces, group.TrackFiles, config, diagnostics);
            CheckTrackProcessReferences(group.TrackProcesses, config, diagnostics);
        }
    }

    private static void CheckSyncGroupSize(SyncGroupConfig group, DiagnosticBag diagnostics)
    {
        var count = group.Members.Distinct(StringComparer.Ordinal).Count();
        if (count < 2)
        {
            var members = count == 1 ? "1 member" : "no members";
            diagnostics.Warning(DiagnosticCodes.SyncGroupTooSmall, group.Source.Location,
                $"vrrp_sync_group {group.Name} has {members} and keepalived ignores sync groups with fewer than 2; add members or remove the group");
        }
    }

    private static void CheckSyncGroupMemberExists(
        SyncGroupConfig group, string member, List<string> instanceNames, DiagnosticBag diagnostics)
    {
        if (instanceNames.Contains(member, StringComparer.Ordinal))
        {
            return;
        }

        var suggestion = NearestName.Find(member, instanceNames);
        var advice = suggestion is null ? "; define it or remove it from the group" : $" (did you mean {suggestion}?)";
        diagnostics.Error(DiagnosticCodes.UnknownSyncGroupMember, group.Source.ValueOf("group"),
            $"vrrp_sync_group {group.Name} member {member} refers to no vrrp_instance{advice}");
    }

    private static void CheckInOneSyncGroupOnly(
        SyncGroupConfig group, string member, Dictionary<string, SyncGroupConfig> groupOfInstance, DiagnosticBag diagnostics)
    {
        if (groupOfInstance.TryGetValue(member, out var first))
        {
            diagnostics.Error(DiagnosticCodes.InstanceInTwoSyncGroups, group.Source.ValueOf("group"),
                $"vrrp_instance {member} is already in vrrp_sync_group {first.Name}{WhereWritten(first.Source.Location)}; an instance can belong to one sync group only");
            return;
        }
        groupOfInstance[member] = group;
    }
}
