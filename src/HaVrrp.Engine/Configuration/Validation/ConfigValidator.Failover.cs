using System.Globalization;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>Tracked failures whose weight is too small to ever move the VIP (HV0301; docs/architecture.md, "Lessons from the field" 3).</summary>
public sealed partial class ConfigValidator
{
    /// <summary>
    /// keepalived.conf never says the peer's priority, so the check assumes a backup at keepalived's default, 100,
    /// and looks only at instances meant to be master (healthy priority above 100). The daemon checks again with
    /// the priorities it sees in adverts (see docs/tracking.md).
    /// </summary>
    public const int AssumedBackupPriority = VrrpInstanceConfig.DefaultPriority;

    private static void CheckFailoverArithmetic(HaVrrpConfiguration config, DiagnosticBag diagnostics)
    {
        var trackers = new TrackerSet(config, DateTimeOffset.UnixEpoch, _ => true);
        PeerPriority[] assumed = [new("the assumed backup", AssumedBackupPriority)];
        foreach (var instance in config.Instances)
        {
            if (trackers.FindInstance(instance.Name) is not { Count: > 0 } tracking)
            {
                continue;
            }
            foreach (var impact in PriorityArithmetic.Analyse(instance.Name, instance.Priority, tracking.Weights(), assumed))
            {
                if (impact.CanMoveVip)
                {
                    continue;
                }
                var advice = string.Create(CultureInfo.InvariantCulture,
                    $" (the peer's priority is not in this file; HaVrrp assumes keepalived's default, {AssumedBackupPriority}: only a peer at {impact.FailedPriority} or more would take over)");
                diagnostics.Warning(DiagnosticCodes.TrackedFailureNeverFailsOver, LocationOf(instance, impact.TrackedObject), impact.Explanation + advice);
            }
        }
    }

    /// <summary>
    /// The same check against the priorities a running daemon heard from its peers in their adverts (instance name
    /// to peers), instead of the assumed 100: Test-VrrpConfiguration -SocketPath. Instances without a peer heard
    /// are left out; a backup is silent, so a peer's priority is known only once it has been master.
    /// </summary>
    public static IReadOnlyList<Diagnostic> CheckFailoverAgainstPeers(
        HaVrrpConfiguration config, IReadOnlyDictionary<string, IReadOnlyList<PeerPriority>> peersByInstance)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(peersByInstance);
        var trackers = new TrackerSet(config, DateTimeOffset.UnixEpoch, _ => true);
        var diagnostics = new List<Diagnostic>();
        foreach (var instance in config.Instances)
        {
            if (trackers.FindInstance(instance.Name) is not { Count: > 0 } tracking
                || !peersByInstance.TryGetValue(instance.Name, out var peers) || peers.Count == 0)
            {
                continue;
            }
            foreach (var impact in PriorityArithmetic.Analyse(instance.Name, instance.Priority, tracking.Weights(), peers).Where(i => !i.CanMoveVip))
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.TrackedFailureNeverFailsOver, LocationOf(instance, impact.TrackedObject),
                    impact.Explanation + " (priorities heard from the peers by the running daemon)"));
            }
        }
        return diagnostics;
    }

    private static SourceLocation LocationOf(VrrpInstanceConfig instance, WeightedObject tracked)
    {
        var references = tracked.Kind switch
        {
            TrackedObjectKind.Script => instance.TrackScripts,
            TrackedObjectKind.File => instance.TrackFiles,
            TrackedObjectKind.Process => instance.TrackProcesses,
            _ => instance.TrackInterfaces,
        };
        return references.FirstOrDefault(reference => reference.Name == tracked.Name)?.Source.Location ?? instance.Source.Location;
    }
}
