using System.Globalization;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>Field lesson 3: tracked failures whose weight is too small to ever move the VIP.</summary>
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

    private static SourceLocation LocationOf(VrrpInstanceConfig instance, WeightedObject tracked)
    {
        var references = tracked.Kind switch
        {
            TrackedObjectKind.Script => instance.TrackScripts,
            TrackedObjectKind.File => instance.TrackFiles,
            _ => instance.TrackInterfaces,
        };
        return references.FirstOrDefault(reference => reference.Name == tracked.Name)?.Source.Location ?? instance.Source.Location;
    }
}
