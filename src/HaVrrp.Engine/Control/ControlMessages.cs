using System.Net;
using System.Text.Json.Serialization;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Tracking;
using HaVrrp.Engine.Warnings;

namespace HaVrrp.Engine.Control;

// The request and response types of each method (docs/control-protocol.md). Durations travel as seconds in members
// whose JSON name ends in "Seconds"; wall-clock times as RFC 3339 UTC; addresses as strings; enums as camelCase strings.

/// <summary>Parameters of a method that takes none.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NoParams;

/// <summary><c>hello</c>: who the daemon is, and who the caller is as the daemon sees it.</summary>
public sealed record HelloResult
{
    public required string DaemonVersion { get; init; }

    public required int ProtocolVersion { get; init; }

    public required int Pid { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The absolute path of the configuration file running.</summary>
    public required string ConfigPath { get; init; }

    public required ConfigFormat ConfigFormat { get; init; }

    public required DateTimeOffset ConfigLoadedAt { get; init; }

    /// <summary>1 for the configuration loaded at start, one more for each reload applied.</summary>
    public required long ConfigGeneration { get; init; }

    public required string SocketPath { get; init; }

    public required CallerInfo Caller { get; init; }
}

/// <summary>The caller's process as the kernel reported it (SO_PEERCRED), and whether it may change things.</summary>
public sealed record CallerInfo
{
    public required uint Uid { get; init; }

    public required uint Gid { get; init; }

    public required int Pid { get; init; }

    public string? UserName { get; init; }

    public required bool MayChange { get; init; }

    /// <summary>The group whose members may change things; null when there is none (only root may).</summary>
    public string? AdminGroup { get; init; }
}

/// <summary><c>instance.list</c>: instance names, or patterns with <c>*</c> and <c>?</c>; none means all.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record InstanceListParams
{
    public IReadOnlyList<string>? Names { get; init; }
}

public sealed record InstanceListResult(IReadOnlyList<InstanceInfo> Instances);

/// <summary>A hold an operator put on an instance with <c>instance.failover</c>.</summary>
public enum InstanceHold
{
    None,

    /// <summary>Stepped down: stays backup (no preemption) until released.</summary>
    SteppedDown,

    /// <summary>Taken over: stays master above the peer it heard until released.</summary>
    TakenOver,
}

/// <summary>One vrrp_instance, everything an operator asks about it.</summary>
public sealed record InstanceInfo
{
    public required string Name { get; init; }

    public required string Interface { get; init; }

    public required int VirtualRouterId { get; init; }

    public required int Version { get; init; }

    public required VrrpState State { get; init; }

    public required int BasePriority { get; init; }

    public required int EffectivePriority { get; init; }

    /// <summary>The runtime override of the base priority (instance.setPriority); null when none.</summary>
    public int? PriorityOverride { get; init; }

    public DateTimeOffset? PriorityOverrideExpiresAt { get; init; }

    public required InstanceHold Hold { get; init; }

    [JsonPropertyName("advertIntervalSeconds")]
    public required TimeSpan AdvertInterval { get; init; }

    /// <summary>The master's interval as heard (RFC 5798 Master_Adver_Interval).</summary>
    [JsonPropertyName("masterAdvertIntervalSeconds")]
    public required TimeSpan MasterAdvertInterval { get; init; }

    public required IReadOnlyList<string> VirtualAddresses { get; init; }

    public required IReadOnlyList<string> ExcludedVirtualAddresses { get; init; }

    /// <summary>The master this instance hears (as backup) or itself (as master); null when none is known.</summary>
    public IPAddress? MasterAddress { get; init; }

    public int MasterPriority { get; init; }

    /// <summary>Priority 255: the VIPs are this host's own addresses.</summary>
    public required bool IsAddressOwner { get; init; }

    public required bool Preempt { get; init; }

    [JsonPropertyName("preemptDelaySeconds")]
    public required TimeSpan PreemptDelay { get; init; }

    public string? SyncGroup { get; init; }

    public VrrpState? SyncGroupState { get; init; }

    public required DateTimeOffset LastTransitionAt { get; init; }

    public required VrrpTransitionReason LastTransitionReason { get; init; }

    public required long TransitionCount { get; init; }

    /// <summary>True while the VIPs are on this host.</summary>
    public required bool HoldsVirtualAddresses { get; init; }

    /// <summary>Stopping or reloading: priority 0 sent, VIPs kept until the new master is heard.</summary>
    public required bool IsHandingOver { get; init; }

    public required bool IsWaitingForTracking { get; init; }

    /// <summary>True while any warning is split-brain evidence (<see cref="WarningInfo.SplitBrain"/>).</summary>
    public required bool SplitBrainSuspected { get; init; }

    /// <summary>Everything the instance warns about now; empty when all is well (docs/diagnostics.md "Runtime warnings").</summary>
    public required IReadOnlyList<WarningInfo> Warnings { get; init; }

    public required IReadOnlyList<TrackedObjectInfo> TrackedObjects { get; init; }

    public required IReadOnlyList<PeerInfo> Peers { get; init; }

    public required InstanceStatistics Statistics { get; init; }
}

/// <summary>One warning of an instance with its evidence; members that do not apply to its code are left out.</summary>
public sealed record WarningInfo
{
    public required InstanceWarningCode Code { get; init; }

    /// <summary>True for the codes that mean two masters: addressConflict, vanishedMasterAnswers, anotherMaster.</summary>
    public required bool SplitBrain { get; init; }

    public required string Message { get; init; }

    /// <summary>What to check or change.</summary>
    public string? Hint { get; init; }

    /// <summary>When the evidence was first seen (or the condition began).</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>The other node's MAC, aa:bb:cc:dd:ee:ff.</summary>
    public string? HardwareAddress { get; init; }

    /// <summary>The other node's VRRP address, when its adverts were heard (or it is a configured unicast peer).</summary>
    public IPAddress? PeerAddress { get; init; }

    /// <summary>Our VIPs the other node answers for.</summary>
    public IReadOnlyList<string>? Addresses { get; init; }

    /// <summary>HV0301 for cannotFailOver.</summary>
    public string? DiagnosticCode { get; init; }

    public string? TrackedObject { get; init; }

    /// <summary>cannotFailOver: this instance's priority with everything healthy.</summary>
    public int? Priority { get; init; }

    /// <summary>cannotFailOver: this instance's priority with the tracked object failed.</summary>
    public int? FailedPriority { get; init; }

    /// <summary>The priority the other node advertised (cannotFailOver, anotherMaster).</summary>
    public int? PeerPriority { get; init; }
}

/// <summary>A tracked object as one instance sees it.</summary>
public sealed record TrackedObjectInfo
{
    public required TrackedObjectKind Kind { get; init; }

    public required string Name { get; init; }

    /// <summary>keepalived's words: GOOD, BAD, INIT, UP, DOWN (interfaces; a track process's quorum), or the file's value.</summary>
    public required string State { get; init; }

    public required int Weight { get; init; }

    public required bool WeightReverse { get; init; }

    /// <summary>What it does to the priority now: <c>none</c>, <c>FAULT</c>, <c>+10</c>, <c>-20</c>, ...</summary>
    public required string Effect { get; init; }

    public required bool IsPrimaryInterface { get; init; }

    /// <summary>Track processes only: how many running processes match now.</summary>
    public int? ProcessCount { get; init; }

    /// <summary>Track processes only: how havrrpd follows them (<c>netlink</c>, or <c>procScan</c> where the kernel refuses the connector).</summary>
    public ProcessMonitorMethod? ProcessMonitor { get; init; }
}

/// <summary>A router heard for this instance.</summary>
public sealed record PeerInfo
{
    public required IPAddress Address { get; init; }

    public required int LastPriority { get; init; }

    public required DateTimeOffset LastHeardAt { get; init; }

    public required ChecksumVariant Checksum { get; init; }

    public required long Adverts { get; init; }
}

/// <summary>keepalived's statistics (SIGUSR2) for one instance.</summary>
public sealed record InstanceStatistics
{
    public required long AdvertsSent { get; init; }

    public required long AdvertsReceived { get; init; }

    public required long BecameMaster { get; init; }

    public required long ReleasedMaster { get; init; }

    public required long PriorityZeroSent { get; init; }

    public required long PriorityZeroReceived { get; init; }

    /// <summary>Priority 0 adverts ignored as a backup because another router than the master sent them (0 from older daemons).</summary>
    public long PriorityZeroIgnored { get; init; }

    public required long AddressListMismatches { get; init; }

    /// <summary>Dropped adverts by reject reason; reasons never seen are left out.</summary>
    public required IReadOnlyDictionary<string, long> Rejected { get; init; }
}

/// <summary><c>instance.setPriority</c>: <c>{name, priority, durationSeconds?}</c> or <c>{name, reset: true}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SetPriorityParams
{
    public string? Name { get; init; }

    public int? Priority { get; init; }

    public double? DurationSeconds { get; init; }

    public bool Reset { get; init; }
}

/// <summary>What a change did: <see cref="Changed"/> is false when what was asked was already in force.</summary>
public sealed record InstanceChangeResult(bool Changed, InstanceInfo Instance);

public enum FailoverMode
{
    /// <summary>Hand mastership over and stay backup until released.</summary>
    StepDown,

    /// <summary>Become master now and stay master until released.</summary>
    TakeOver,

    /// <summary>End a step-down or take-over hold.</summary>
    Release,
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FailoverParams
{
    public string? Name { get; init; }

    public FailoverMode? Mode { get; init; }
}

/// <summary><c>instance.wait</c>: completes when every named instance is in <see cref="State"/>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WaitParams
{
    public IReadOnlyList<string>? Names { get; init; }

    public VrrpState? State { get; init; }

    public double? TimeoutSeconds { get; init; }
}

/// <summary><c>script.list</c>.</summary>
public sealed record ScriptListResult(IReadOnlyList<ScriptInfo> Scripts);

/// <summary>keepalived's script states, and <see cref="Disabled"/> for a script script security refused.</summary>
public enum ScriptState
{
    Init,
    InitFailed,
    Good,
    Bad,
    Disabled,
}

/// <summary>One configured vrrp_script.</summary>
public sealed record ScriptInfo
{
    public required string Name { get; init; }

    public required string Command { get; init; }

    public required ScriptState Status { get; init; }

    [JsonPropertyName("intervalSeconds")]
    public required TimeSpan Interval { get; init; }

    [JsonPropertyName("timeoutSeconds")]
    public required TimeSpan Timeout { get; init; }

    public required int Weight { get; init; }

    public required bool WeightReverse { get; init; }

    public required int Rise { get; init; }

    public required int Fall { get; init; }

    /// <summary>keepalived's rise/fall counter, 0 .. rise+fall-1.</summary>
    public int Result { get; init; }

    public int SuccessesToRise { get; init; }

    public int FailuresToFall { get; init; }

    public int? LastExitCode { get; init; }

    /// <summary>How the last run ended, in keepalived's words (<c>succeeded</c>, <c>failed (exited with status 1)</c>, ...).</summary>
    public string? LastResult { get; init; }

    public DateTimeOffset? LastRunAt { get; init; }

    [JsonPropertyName("lastDurationSeconds")]
    public TimeSpan? LastDuration { get; init; }

    public bool IsRunning { get; init; }

    public long SkippedRuns { get; init; }

    public required IReadOnlyList<string> TrackedBy { get; init; }

    /// <summary>Why enable_script_security refused it; null when it runs.</summary>
    public string? DisabledReason { get; init; }
}

/// <summary><c>config.reload</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReloadParams
{
    /// <summary>Load and validate the file and compute the plan, but apply nothing.</summary>
    public bool DryRun { get; init; }
}

public sealed record ReloadResult
{
    /// <summary>True when the new configuration now runs; false for a dry run or a file with errors.</summary>
    public required bool Applied { get; init; }

    public required bool DryRun { get; init; }

    public required string ConfigPath { get; init; }

    /// <summary>The generation running after the request.</summary>
    public required long ConfigGeneration { get; init; }

    public required int Errors { get; init; }

    public required int Warnings { get; init; }

    /// <summary>What the reload does (or would do) to each instance; null when the file has errors.</summary>
    public ReloadPlanInfo? Plan { get; init; }

    public required IReadOnlyList<DiagnosticInfo> Diagnostics { get; init; }
}

public sealed record ReloadPlanInfo(
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed);

/// <summary>One finding about the configuration, as <c>havrrpd --check</c> prints it.</summary>
public sealed record DiagnosticInfo(string File, int Line, int Column, DiagnosticSeverity Severity, string Code, string Message);
