using System.Globalization;

namespace HaVrrp.Engine.Tracking;

/// <summary>A tracked object with the weight one instance applies to it.</summary>
public sealed record WeightedObject(TrackedObjectKind Kind, string Name, TrackedWeight Weight);

/// <summary>A peer's priority, from the configuration of the other node or from its adverts.</summary>
public sealed record PeerPriority(string Description, int Priority);

/// <summary>What one tracked failure does to an instance that is master over its peers.</summary>
public sealed record FailoverImpact(WeightedObject TrackedObject, int HealthyPriority, int FailedPriority, bool Faults, bool CanMoveVip, string Explanation);

/// <summary>
/// The arithmetic of tracked priorities: keepalived's clamp, and whether a tracked failure can ever
/// move the VIP (docs/architecture.md, "Lessons from the field" 3): a master at 160 tracking a script with weight -2 against a backup at
/// 99 never fails over, however dead the service is.
/// </summary>
public static class PriorityArithmetic
{
    public const int OwnerPriority = 255;
    public const int MinimumPriority = 1;
    public const int MaximumTrackedPriority = 254;

    /// <summary>
    /// base + Σweights clamped to 1..254, and an address owner (255) never changes
    /// (keepalived's vrrp_set_effective_priority).
    /// </summary>
    public static int EffectivePriority(int basePriority, int weightSum) =>
        basePriority == OwnerPriority
            ? OwnerPriority
            : Math.Clamp(basePriority + weightSum, MinimumPriority, MaximumTrackedPriority);

    /// <summary>The best a fully healthy node can advertise: every object in its up state.</summary>
    public static int HealthyPriority(int basePriority, IEnumerable<WeightedObject> tracked) =>
        EffectivePriority(basePriority, tracked.Sum(t => t.Weight.EffectWhen(isUp: true).PriorityDelta));

    /// <summary>
    /// For an instance that is master when healthy (its healthy priority above every peer's), what each
    /// tracked object failing alone does, and whether it can hand the VIP to the strongest peer. A failure
    /// that leaves the priority equal to the peer's counts as able to move it: the tie goes to the higher
    /// address. Returns nothing when the instance is not the healthy master (its failures only lower it).
    /// </summary>
    public static IReadOnlyList<FailoverImpact> Analyse(
        string instanceName, int basePriority, IReadOnlyList<WeightedObject> tracked, IReadOnlyList<PeerPriority> peers)
    {
        ArgumentNullException.ThrowIfNull(tracked);
        ArgumentNullException.ThrowIfNull(peers);
        if (peers.Count == 0)
        {
            return [];
        }

        var healthy = HealthyPriority(basePriority, tracked);
        var strongest = peers.MaxBy(p => p.Priority)!;
        if (healthy <= strongest.Priority)
        {
            return [];
        }

        var healthySum = tracked.Sum(t => t.Weight.EffectWhen(isUp: true).PriorityDelta);
        var impacts = new List<FailoverImpact>(tracked.Count);
        foreach (var item in tracked)
        {
            var failed = item.Weight.EffectWhen(isUp: false);
            var upDelta = item.Weight.EffectWhen(isUp: true).PriorityDelta;
            var failedPriority = EffectivePriority(basePriority, healthySum - upDelta + failed.PriorityDelta);
            var canMove = failed.Faults || failedPriority <= strongest.Priority;
            impacts.Add(new FailoverImpact(item, healthy, failedPriority, failed.Faults, canMove,
                Explain(instanceName, item, healthy, failedPriority, failed.Faults, canMove, strongest)));
        }
        return impacts;
    }

    /// <summary>
    /// The warnings worth showing: one per tracked object whose failure can never move the VIP, and one
    /// when even all of them failing together cannot.
    /// </summary>
    public static IReadOnlyList<string> NeverFailsOverWarnings(
        string instanceName, int basePriority, IReadOnlyList<WeightedObject> tracked, IReadOnlyList<PeerPriority> peers)
    {
        var impacts = Analyse(instanceName, basePriority, tracked, peers);
        var warnings = impacts.Where(i => !i.CanMoveVip).Select(i => i.Explanation).ToList();
        if (warnings.Count > 1 && impacts.All(i => !i.CanMoveVip))
        {
            var strongest = peers.MaxBy(p => p.Priority)!;
            var allFailed = EffectivePriority(basePriority, tracked.Sum(t => t.Weight.EffectWhen(isUp: false).PriorityDelta));
            if (allFailed > strongest.Priority)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"even with all {impacts.Count} tracked objects failing, {instanceName} stays at {allFailed}, above {strongest.Description}'s {strongest.Priority}: tracking can never cause a fail-over"));
            }
        }
        return warnings;
    }

    private static string Explain(
        string instanceName, WeightedObject item, int healthy, int failedPriority, bool faults, bool canMove, PeerPriority strongest)
    {
        if (faults)
        {
            return $"{item.Name} failing puts {instanceName} in FAULT: {strongest.Description} takes over";
        }
        if (failedPriority == healthy)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{item.Name} failing leaves {instanceName} at {healthy}, above {strongest.Description}'s {strongest.Priority}: this failure can never cause a fail-over");
        }
        if (canMove && failedPriority == strongest.Priority)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{item.Name} failing lowers {instanceName} from {healthy} to {failedPriority}, equal to {strongest.Description}'s {strongest.Priority}: the node with the higher address wins the tie");
        }
        return canMove
            ? string.Create(CultureInfo.InvariantCulture,
                $"{item.Name} failing lowers {instanceName} from {healthy} to {failedPriority}, below {strongest.Description}'s {strongest.Priority}: {strongest.Description} takes over")
            : string.Create(CultureInfo.InvariantCulture,
                $"{item.Name} failing lowers {instanceName} from {healthy} to {failedPriority}, still above {strongest.Description}'s {strongest.Priority}: this failure can never cause a fail-over");
    }
}
