namespace HaVrrp.Engine.Tracking;

/// <summary>What one tracked object does to its instance right now.</summary>
public readonly record struct TrackedEffect
{
    private TrackedEffect(int priorityDelta, bool faults, bool pending)
    {
        PriorityDelta = priorityDelta;
        Faults = faults;
        Pending = pending;
    }

    /// <summary>Added to the instance's base priority (before clamping to 1..254).</summary>
    public int PriorityDelta { get; }

    /// <summary>The instance must be in FAULT while this holds (a weight-0 object that is down).</summary>
    public bool Faults { get; }

    /// <summary>
    /// A weight-0 script that has not reported yet: keepalived keeps the instance in INIT until it does,
    /// because it cannot know whether to start as BACKUP or FAULT.
    /// </summary>
    public bool Pending { get; }

    public static TrackedEffect None { get; } = new(0, faults: false, pending: false);

    public static TrackedEffect Fault { get; } = new(0, faults: true, pending: false);

    public static TrackedEffect Waiting { get; } = new(0, faults: false, pending: true);

    public static TrackedEffect Adjust(int priorityDelta) => new(priorityDelta, faults: false, pending: false);

    public override string ToString() =>
        Faults ? "FAULT" : Pending ? "waiting for first result" : PriorityDelta == 0 ? "none" : $"{PriorityDelta:+0;-0}";
}
