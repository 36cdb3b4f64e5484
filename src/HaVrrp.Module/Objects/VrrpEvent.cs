using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Tracking;

namespace HaVrrp;

/// <summary>One thing that happened in the daemon (Watch-VrrpInstance); the members that apply to its kind are set.</summary>
public sealed class VrrpEvent
{
    public required DateTimeOffset Time { get; init; }

    public required EngineEventKind Kind { get; init; }

    /// <summary>Empty for reloads.</summary>
    public required string Instance { get; init; }

    public VrrpState? From { get; init; }

    public VrrpState? To { get; init; }

    public VrrpTransitionReason? Reason { get; init; }

    public int? BasePriority { get; init; }

    public int? Priority { get; init; }

    public int? PriorityOverride { get; init; }

    public InstanceHold? Hold { get; init; }

    public string? TrackedObject { get; init; }

    public TrackedObjectKind? TrackedObjectKind { get; init; }

    public string? TrackedObjectState { get; init; }

    /// <summary>The warning raised or cleared (WarningRaised/Cleared, SplitBrainRaised/Cleared).</summary>
    public VrrpWarning? Warning { get; init; }

    public string[] Unchanged { get; init; } = [];

    public string[] Changed { get; init; } = [];

    public string[] Added { get; init; } = [];

    public string[] Removed { get; init; } = [];

    public required string ComputerName { get; init; }

    internal static VrrpEvent Create(EngineEventInfo info, string computerName) => new()
    {
        Time = info.Time,
        Kind = info.Kind,
        Instance = info.Instance ?? string.Empty,
        From = info.From,
        To = info.To,
        Reason = info.Reason,
        BasePriority = info.BasePriority,
        Priority = info.EffectivePriority,
        PriorityOverride = info.PriorityOverride,
        Hold = info.Hold,
        TrackedObject = info.TrackedObject,
        TrackedObjectKind = info.TrackedObjectKind,
        TrackedObjectState = info.TrackedObjectState,
        Warning = info.Warning is { } warning ? VrrpWarning.From(warning) : null,
        Unchanged = [.. info.Plan?.Unchanged ?? []],
        Changed = [.. info.Plan?.Changed ?? []],
        Added = [.. info.Plan?.Added ?? []],
        Removed = [.. info.Plan?.Removed ?? []],
        ComputerName = computerName,
    };
}
