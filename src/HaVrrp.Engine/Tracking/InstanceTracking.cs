namespace HaVrrp.Engine.Tracking;

/// <summary>
/// All tracked objects of one instance, combined. Pure bookkeeping: the trackers it reads are
/// updated by the event loop, and this only adds up their effects when asked.
/// </summary>
public sealed class InstanceTracking
{
    private readonly TrackedBinding[] _bindings;

    internal InstanceTracking(string instanceName, int basePriority, IEnumerable<TrackedBinding> bindings)
    {
        InstanceName = instanceName;
        BasePriority = basePriority;
        _bindings = bindings.ToArray();
    }

    public string InstanceName { get; }

    public int BasePriority { get; }

    public int Count => _bindings.Length;

    /// <summary>The sums the state machine needs; allocates nothing, so it can run on every tracker event.</summary>
    public TrackingTotals Totals()
    {
        var weightSum = 0;
        var anyFault = false;
        var anyPending = false;
        foreach (var binding in _bindings)
        {
            var effect = binding.CurrentEffect();
            weightSum += effect.PriorityDelta;
            anyFault |= effect.Faults;
            anyPending |= effect.Pending;
        }
        return new TrackingTotals(weightSum, anyFault, anyPending);
    }

    /// <summary>The totals with every object's status, for <c>Get-VrrpInstance</c> and the log.</summary>
    public TrackingState Describe() => new(Totals(), _bindings.Select(b => b.Describe()).ToArray());

    /// <summary>The weights this instance applies, for <see cref="PriorityArithmetic"/>.</summary>
    public IReadOnlyList<WeightedObject> Weights() =>
        _bindings.Select(b => b.Describe()).Select(s => new WeightedObject(s.Kind, s.Name, s.Weight)).ToArray();
}
