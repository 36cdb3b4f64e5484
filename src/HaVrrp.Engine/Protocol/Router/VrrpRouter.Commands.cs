using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Protocol.Router;

/// <summary>The operator's commands to a <see cref="VrrpRouter"/>: a priority override and a take-over.</summary>
public sealed partial class VrrpRouter
{
    /// <summary>
    /// Uses <paramref name="priority"/> in place of the base priority (weights still apply, as with
    /// keepalived's writable SNMP base priority) until cleared or, if given, until <paramref name="expiry"/> has passed.
    /// </summary>
    public void OverridePriority(TimeSpan now, int priority, TimeSpan? expiry, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentOutOfRangeException.ThrowIfLessThan(priority, Priority.MinimumBackup);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority, Priority.AddressOwner);
        _priorityOverride = priority;
        _priorityOverrideExpiresAt = expiry is { } duration ? now + duration : null;
        actions.Log(new VrrpLogEvent(VrrpLogEventKind.PriorityOverrideSet, Value: priority));
        RecomputeEffectivePriority(actions);
    }

    public void ClearPriorityOverride(TimeSpan now, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (_priorityOverride is null)
        {
            return;
        }
        _priorityOverride = null;
        _priorityOverrideExpiresAt = null;
        actions.Log(new VrrpLogEvent(VrrpLogEventKind.PriorityOverrideCleared));
        RecomputeEffectivePriority(actions);
    }

    /// <summary>
    /// Becomes master now, even with nopreempt, and keeps advertising above the master we last heard
    /// (at most 254 unless we own the addresses) until <see cref="ReleaseTakeOver"/>, so the old master
    /// yields instead of preempting back. Against an address owner (255) the owner wins again at once.
    /// Returns false in FAULT or before start, where taking over is impossible.
    /// </summary>
    public bool TakeOver(TimeSpan now, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (State is VrrpState.Initialize or VrrpState.Fault)
        {
            return false;
        }
        IsSteppedDown = false;
        if (EffectivePriority != Priority.AddressOwner)
        {
            var heardMaster = State == VrrpState.Backup && MasterAddress is not null ? MasterPriority : 0;
            _takeOverPriority = Math.Clamp(Math.Max(EffectivePriority, heardMaster + 1), Priority.MinimumBackup, Priority.MaximumBackup);
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.TakingOver, Value: _takeOverPriority.Value));
            RecomputeEffectivePriority(actions);
        }
        ResumeIfSteppingDown(now, actions);
        if (State == VrrpState.Backup)
        {
            EnterMaster(now, VrrpTransitionReason.TakeOver, actions);
        }
        return true;
    }

    /// <summary>Ends a <see cref="TakeOver"/>: the configured priority applies again (and may hand mastership back).</summary>
    public void ReleaseTakeOver(VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (_takeOverPriority is null)
        {
            return;
        }
        _takeOverPriority = null;
        actions.Log(new VrrpLogEvent(VrrpLogEventKind.TakeOverReleased));
        RecomputeEffectivePriority(actions);
    }
}
