namespace HaVrrp.Engine.Tracking;

/// <summary>
/// What an instance's tracked objects add up to: the input of the VRRP state machine
/// (<c>SetTrackingState(now, WeightSum, AnyZeroWeightFailed)</c>).
/// </summary>
public readonly record struct TrackingTotals(int WeightSum, bool AnyZeroWeightFailed, bool AnyPending)
{
    /// <summary>The priority the instance advertises: see <see cref="PriorityArithmetic.EffectivePriority"/>.</summary>
    public int EffectivePriority(int basePriority) => PriorityArithmetic.EffectivePriority(basePriority, WeightSum);
}

/// <summary>The totals and, for the control plane, every tracked object's status.</summary>
public sealed record TrackingState(TrackingTotals Totals, IReadOnlyList<TrackedObjectStatus> Objects);
