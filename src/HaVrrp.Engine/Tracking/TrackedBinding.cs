namespace HaVrrp.Engine.Tracking;

/// <summary>One instance's link to one tracked object, with the weight that instance uses.</summary>
internal abstract class TrackedBinding(TrackedWeight weight)
{
    public TrackedWeight Weight { get; } = weight;

    public abstract TrackedEffect CurrentEffect();

    public abstract TrackedObjectStatus Describe();
}

internal sealed class ScriptBinding(ScriptTracker tracker, TrackedWeight weight) : TrackedBinding(weight)
{
    public override TrackedEffect CurrentEffect() =>
        tracker.IsUp is { } isUp
            ? Weight.EffectWhen(isUp)
            // Before the first result a weighted script changes nothing; an unweighted one holds the
            // instance back until keepalived knows whether it should start in FAULT.
            : Weight.IsFaultOnly ? TrackedEffect.Waiting : TrackedEffect.None;

    public override TrackedObjectStatus Describe() =>
        new(TrackedObjectKind.Script, tracker.Name, Weight, StatusWord(tracker.Status), CurrentEffect())
        {
            Script = tracker.Describe(),
        };

    /// <summary>keepalived's words for the status, as in its data dump.</summary>
    private static string StatusWord(ScriptStatus status) => status switch
    {
        ScriptStatus.Init => "INIT",
        ScriptStatus.InitFailed => "INIT/FAILED",
        ScriptStatus.Good => "GOOD",
        _ => "BAD",
    };
}

internal sealed class InterfaceBinding(InterfaceTracker tracker, TrackedWeight weight, bool isPrimary) : TrackedBinding(weight)
{
    public override TrackedEffect CurrentEffect() => Weight.EffectWhen(tracker.IsUp);

    public override TrackedObjectStatus Describe() =>
        new(TrackedObjectKind.Interface, tracker.Name, Weight, tracker.IsUp ? "UP" : "DOWN", CurrentEffect())
        {
            IsPrimaryInterface = isPrimary,
        };
}

/// <summary>
/// keepalived's <c>unicast_fault_no_peer</c> on an instance without unicast peers: rather than fall back to
/// multicast, the instance stays in FAULT until a reload gives it peers. Shown with the tracked objects so that
/// the reason for the FAULT is where operators look for one.
/// </summary>
internal sealed class NoUnicastPeerBinding() : TrackedBinding(TrackedWeight.FaultOnFailure)
{
    public override TrackedEffect CurrentEffect() => TrackedEffect.Fault;

    public override TrackedObjectStatus Describe() =>
        new(TrackedObjectKind.Configuration, "unicast_fault_no_peer", Weight, "no unicast peer", CurrentEffect());
}

internal sealed class FileBinding(FileTracker tracker, TrackedWeight weight) : TrackedBinding(weight)
{
    public override TrackedEffect CurrentEffect() => FileTracker.EffectOf(tracker.Value, Weight);

    public override TrackedObjectStatus Describe() =>
        new(TrackedObjectKind.File, tracker.Name, Weight, $"value {tracker.Value}", CurrentEffect())
        {
            FileValue = tracker.Value,
        };
}

internal sealed class ProcessBinding(ProcessTracker tracker, TrackedWeight weight) : TrackedBinding(weight)
{
    public override TrackedEffect CurrentEffect() =>
        tracker.HasQuorum is { } isUp
            ? Weight.EffectWhen(isUp)
            // Until the first /proc scan has counted, an unweighted process holds the instance back as a script does.
            : Weight.IsFaultOnly ? TrackedEffect.Waiting : TrackedEffect.None;

    public override TrackedObjectStatus Describe() =>
        new(TrackedObjectKind.Process, tracker.Name, Weight, StatusWord(tracker.HasQuorum), CurrentEffect())
        {
            Process = tracker.Describe(),
        };

    private static string StatusWord(bool? hasQuorum) => hasQuorum switch
    {
        null => "INIT",
        true => "UP",
        false => "DOWN",
    };
}
