using System.Globalization;
using System.Text.Json;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Runtime;
using HaVrrp.Engine.Tracking;
using HaVrrp.Engine.Warnings;

namespace HaVrrp.Engine.Control;

/// <summary>
/// Turns the engine's snapshots (times on the engine's monotonic timeline) into the control protocol's views
/// (wall-clock times, strings for addresses). One place, so every method shows an instance the same way.
/// </summary>
public static class ControlViews
{
    public static InstanceInfo Instance(InstanceStatus status, DateTimeOffset engineStartedAt)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new InstanceInfo
        {
            Name = status.Name,
            Interface = status.InterfaceName,
            VirtualRouterId = status.VirtualRouterId,
            Version = status.Version,
            State = status.State,
            BasePriority = status.BasePriority,
            EffectivePriority = status.EffectivePriority,
            PriorityOverride = status.PriorityOverride,
            PriorityOverrideExpiresAt = status.PriorityOverrideExpiresAt is { } expiry ? engineStartedAt + expiry : null,
            Hold = status.HasTakenOver ? InstanceHold.TakenOver : status.IsSteppedDown ? InstanceHold.SteppedDown : InstanceHold.None,
            AdvertInterval = status.AdvertInterval,
            MasterAdvertInterval = status.MasterAdvertInterval,
            VirtualAddresses = [.. status.VirtualAddresses.Select(Address)],
            ExcludedVirtualAddresses = [.. status.ExcludedVirtualAddresses.Select(Address)],
            MasterAddress = status.MasterAddress,
            MasterPriority = status.MasterPriority,
            IsAddressOwner = status.BasePriority == Protocol.Codec.Priority.AddressOwner,
            Preempt = status.Preempt,
            PreemptDelay = status.PreemptDelay,
            SyncGroup = status.SyncGroup,
            SyncGroupState = status.SyncGroupState,
            LastTransitionAt = engineStartedAt + status.LastTransitionAt,
            LastTransitionReason = status.LastTransitionReason,
            TransitionCount = status.TransitionCount,
            HoldsVirtualAddresses = status.HoldsVirtualAddresses,
            IsHandingOver = status.IsHandingOver,
            IsWaitingForTracking = status.IsWaitingForTracking,
            SplitBrainSuspected = status.SplitBrainSuspected,
            Warnings = [.. status.Warnings.Select(warning => Warning(warning, engineStartedAt))],
            TrackedObjects = [.. status.TrackedObjects.Select(TrackedObject)],
            Peers = [.. status.Peers.Select(peer => new PeerInfo
            {
                Address = peer.Address,
                LastPriority = peer.LastPriority,
                LastHeardAt = engineStartedAt + peer.LastHeardAt,
                Checksum = peer.Checksum,
                Adverts = peer.Adverts,
            })],
            Statistics = new InstanceStatistics
            {
                AdvertsSent = status.Counters.AdvertsSent,
                AdvertsReceived = status.Counters.AdvertsReceived,
                BecameMaster = status.Counters.BecameMaster,
                ReleasedMaster = status.Counters.ReleasedMaster,
                PriorityZeroSent = status.Counters.PriorityZeroSent,
                PriorityZeroReceived = status.Counters.PriorityZeroReceived,
                PriorityZeroIgnored = status.Counters.PriorityZeroIgnored,
                AddressListMismatches = status.AddressListMismatches,
                Rejected = status.Rejections.ToDictionary(
                    rejection => JsonNamingPolicy.CamelCase.ConvertName(rejection.Reason.ToString()),
                    rejection => rejection.Count,
                    StringComparer.Ordinal),
            },
        };
    }

    /// <summary>A warning with its time on the wall clock.</summary>
    public static WarningInfo Warning(InstanceWarning warning, DateTimeOffset engineStartedAt)
    {
        ArgumentNullException.ThrowIfNull(warning);
        return new WarningInfo
        {
            Code = warning.Code,
            SplitBrain = warning.IsSplitBrain,
            Message = warning.Message,
            Hint = warning.Hint,
            Since = engineStartedAt + warning.Since,
            HardwareAddress = warning.HardwareAddress,
            PeerAddress = warning.PeerAddress,
            Addresses = warning.Addresses.Count == 0 ? null : [.. warning.Addresses.Select(address => address.ToString())],
            DiagnosticCode = warning.DiagnosticCode,
            TrackedObject = warning.TrackedObject,
            Priority = warning.Priority,
            FailedPriority = warning.FailedPriority,
            PeerPriority = warning.PeerPriority,
        };
    }

    /// <summary>A running script from its tracker; times of scripts are already wall-clock.</summary>
    public static ScriptInfo Script(ScriptStatusEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var run = entry.Run;
        return new ScriptInfo
        {
            Name = entry.Config.Name,
            Command = entry.Config.Script,
            Status = run.Status switch
            {
                ScriptStatus.Init => ScriptState.Init,
                ScriptStatus.InitFailed => ScriptState.InitFailed,
                ScriptStatus.Good => ScriptState.Good,
                _ => ScriptState.Bad,
            },
            Interval = entry.Config.Interval,
            Timeout = entry.Config.EffectiveTimeout,
            Weight = entry.Config.Weight,
            WeightReverse = entry.Config.WeightReverse,
            Rise = run.Rise,
            Fall = run.Fall,
            Result = run.Result,
            SuccessesToRise = run.SuccessesToRise,
            FailuresToFall = run.FailuresToFall,
            LastExitCode = run.LastExitCode,
            LastResult = run.LastOutcome?.Describe(),
            LastRunAt = run.LastStarted,
            LastDuration = run.LastDuration,
            IsRunning = run.IsRunning,
            SkippedRuns = run.SkippedRuns,
            TrackedBy = [.. entry.TrackedBy],
        };
    }

    /// <summary>A script enable_script_security refused: it never runs, so it has settings but no runs.</summary>
    public static ScriptInfo DisabledScript(VrrpScriptConfig script, IEnumerable<string> trackedBy, string reason)
    {
        ArgumentNullException.ThrowIfNull(script);
        return new ScriptInfo
        {
            Name = script.Name,
            Command = script.Script,
            Status = ScriptState.Disabled,
            Interval = script.Interval,
            Timeout = script.EffectiveTimeout,
            Weight = script.Weight,
            WeightReverse = script.WeightReverse,
            Rise = script.Rise,
            Fall = script.Fall,
            TrackedBy = [.. trackedBy],
            DisabledReason = reason,
        };
    }

    public static ReloadPlanInfo Plan(ReloadPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new ReloadPlanInfo([.. plan.Unchanged], [.. plan.Changed], [.. plan.Added], [.. plan.Removed]);
    }

    public static DiagnosticInfo Diagnostic(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        return new DiagnosticInfo(
            diagnostic.Location.File, diagnostic.Location.Line, diagnostic.Location.Column, diagnostic.Severity, diagnostic.Code, diagnostic.Message);
    }

    /// <summary><c>10.0.0.100/24</c>, with <c>dev eth1</c> when it lives on another interface than the instance's.</summary>
    public static string Address(VirtualAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var text = string.Create(CultureInfo.InvariantCulture, $"{address.Address}/{address.EffectivePrefixLength}");
        return address.Device is { } device ? $"{text} dev {device}" : text;
    }

    private static TrackedObjectInfo TrackedObject(TrackedObjectStatus tracked) => new()
    {
        Kind = tracked.Kind,
        Name = tracked.Name,
        State = tracked.State,
        Weight = tracked.Weight.Weight,
        WeightReverse = tracked.Weight.Reverse,
        Effect = tracked.Effect.ToString(),
        IsPrimaryInterface = tracked.IsPrimaryInterface,
        ProcessCount = tracked.Process?.Count,
        ProcessMonitor = tracked.Process?.Method,
    };
}
