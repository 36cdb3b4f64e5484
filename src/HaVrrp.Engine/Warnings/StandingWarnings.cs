using System.Globalization;
using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Warnings;

/// <summary>The warnings that follow from configuration and tracking rather than from the wire.</summary>
public static class StandingWarnings
{
    /// <summary>
    /// HV0301 from what a peer advertised (or, with no <paramref name="peer"/>, against the backup at keepalived's
    /// default priority that the configuration check assumes until a peer's priority is heard): one warning for each
    /// tracked object whose failure alone leaves this instance above <paramref name="peerPriority"/>, with the
    /// priorities the arithmetic used.
    /// </summary>
    public static IReadOnlyList<InstanceWarning> CannotFailOver(
        TimeSpan now, string instanceName, int basePriority, IReadOnlyList<WeightedObject> tracked, IPAddress? peer, int peerPriority)
    {
        var peers = new[] { new PeerPriority(peer is null ? "the assumed backup" : "peer " + peer, peerPriority) };
        var assumption = peer is null
            ? string.Create(CultureInfo.InvariantCulture, $"; no peer's priority heard yet, so a backup at keepalived's default {peerPriority} is assumed")
            : string.Empty;
        return
        [
            .. PriorityArithmetic.Analyse(instanceName, basePriority, tracked, peers)
                .Where(impact => !impact.CanMoveVip)
                .Select(impact => new InstanceWarning(
                    InstanceWarningCode.CannotFailOver,
                    impact.Explanation,
                    string.Create(CultureInfo.InvariantCulture,
                        $"give {impact.TrackedObject.Name} a weight that takes {instanceName} from {impact.HealthyPriority} to {peerPriority} or below ")
                    + string.Create(CultureInfo.InvariantCulture,
                        $"(at least {impact.FailedPriority - peerPriority} lower than it does now), or lower {instanceName}'s priority, or raise the peer's")
                    + assumption,
                    now)
                {
                    DiagnosticCode = DiagnosticCodes.TrackedFailureNeverFailsOver,
                    TrackedObject = impact.TrackedObject.Name,
                    Priority = impact.HealthyPriority,
                    FailedPriority = impact.FailedPriority,
                    PeerAddress = peer,
                    PeerPriority = peerPriority,
                }),
        ];
    }

    /// <summary>keepalived keeps an instance in INIT until each weight-0 script has reported once.</summary>
    public static InstanceWarning WaitingForTracking(TimeSpan since, IEnumerable<string> pending) =>
        new(
            InstanceWarningCode.WaitingForTracking,
            $"waiting for the first result of {string.Join(", ", pending)} before starting; the instance stays in INIT",
            "the instance starts when these scripts have run once; see script.list for their last runs and timeouts",
            since);
}
