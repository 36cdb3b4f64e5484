namespace HaVrrp.Engine.Tracking;

public enum TrackedObjectKind
{
    Script,
    Interface,
    File,
    Process,

    /// <summary>A setting that faults the instance by itself (<c>unicast_fault_no_peer</c> without peers).</summary>
    Configuration,
}

/// <summary>The last run of a check script, for the control plane.</summary>
public sealed record ScriptRunStatus(
    ScriptStatus Status,
    ScriptOutcome? LastOutcome,
    DateTimeOffset? LastStarted,
    TimeSpan? LastDuration,
    bool IsRunning,
    int Result,
    int Rise,
    int Fall,
    int SuccessesToRise,
    int FailuresToFall,
    long SkippedRuns)
{
    /// <summary>The exit code of the last run that exited; null when it timed out, was killed, or has not run.</summary>
    public int? LastExitCode => LastOutcome is { Kind: ScriptOutcomeKind.Exited } outcome ? outcome.ExitCode : null;
}

/// <summary>One tracked object as one instance sees it: its state and what it does to the instance now.</summary>
public sealed record TrackedObjectStatus(
    TrackedObjectKind Kind,
    string Name,
    TrackedWeight Weight,
    string State,
    TrackedEffect Effect)
{
    /// <summary>Set for scripts only.</summary>
    public ScriptRunStatus? Script { get; init; }

    /// <summary>Set for track files only: the value last read.</summary>
    public int? FileValue { get; init; }

    /// <summary>Set for track processes only: how many matching processes run, and how havrrpd follows them.</summary>
    public ProcessTrackStatus? Process { get; init; }

    /// <summary>True for the instance's own interface, tracked unless <c>dont_track_primary</c>.</summary>
    public bool IsPrimaryInterface { get; init; }
}

/// <summary>A vrrp_track_process as the control plane shows it.</summary>
public sealed record ProcessTrackStatus(int Count, int Quorum, int? QuorumMax, ProcessMonitorMethod Method);
