using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Runtime;

/// <summary>The engine as the control plane sees it, taken in one step of the loop so it is consistent.</summary>
public sealed record EngineStatus(
    TimeSpan Uptime,
    bool IsStopping,
    ValueList<InstanceStatus> Instances,
    ValueList<TransportStatus> Transports)
{
    /// <summary>The wall-clock time the engine started; add a status's engine times to it for wall-clock times.</summary>
    public DateTimeOffset StartedAt { get; init; }
}

/// <summary>One instance at one moment. Times are since the engine started.</summary>
public sealed record InstanceStatus
{
    public required string Name { get; init; }

    public required string InterfaceName { get; init; }

    public required int VirtualRouterId { get; init; }

    public required VrrpState State { get; init; }

    public required int BasePriority { get; init; }

    public required int EffectivePriority { get; init; }

    public int? PriorityOverride { get; init; }

    /// <summary>When a timed priority override reverts by itself; null when none is in force or it has no end.</summary>
    public TimeSpan? PriorityOverrideExpiresAt { get; init; }

    /// <summary>The VRRP version on the wire (2 or 3).</summary>
    public int Version { get; init; }

    /// <summary>The configured advert_int.</summary>
    public TimeSpan AdvertInterval { get; init; }

    /// <summary>The master's advert interval as learnt from its adverts (RFC 5798 Master_Adver_Interval).</summary>
    public TimeSpan MasterAdvertInterval { get; init; }

    public bool Preempt { get; init; }

    public TimeSpan PreemptDelay { get; init; }

    public ValueList<VirtualAddress> VirtualAddresses { get; init; } = ValueList<VirtualAddress>.Empty;

    public ValueList<VirtualAddress> ExcludedVirtualAddresses { get; init; } = ValueList<VirtualAddress>.Empty;

    /// <summary>Adverts accepted although they carried a different VIP list (another cluster on this VRID?).</summary>
    public long AddressListMismatches { get; init; }

    /// <summary>State changes since the instance started.</summary>
    public long TransitionCount { get; init; }

    public IPAddress? MasterAddress { get; init; }

    public int MasterPriority { get; init; }

    public required TimeSpan LastTransitionAt { get; init; }

    public required VrrpTransitionReason LastTransitionReason { get; init; }

    public bool IsSteppedDown { get; init; }

    public bool HasTakenOver { get; init; }

    /// <summary>True while the VIPs are on this host (master, or a master handing over).</summary>
    public bool HoldsVirtualAddresses { get; init; }

    /// <summary>True while this instance, having sent priority 0, waits for the new master before dropping its VIPs.</summary>
    public bool IsHandingOver { get; init; }

    public required VrrpCounters Counters { get; init; }

    public required ValueList<RejectionCount> Rejections { get; init; }

    public required ValueList<PeerStatus> Peers { get; init; }

    /// <summary>What the instance warns about now, with the evidence (docs/diagnostics.md "Runtime warnings").</summary>
    public ValueList<Warnings.InstanceWarning> Warnings { get; init; } = ValueList<Warnings.InstanceWarning>.Empty;

    /// <summary>Some warning is evidence of a second master (docs/architecture.md, "Lessons from the field" 2).</summary>
    public bool SplitBrainSuspected => Warnings.Any(warning => warning.IsSplitBrain);

    /// <summary>Held in INIT until every weight-0 script has reported once, as keepalived does.</summary>
    public bool IsWaitingForTracking { get; init; }

    /// <summary>Every tracked object: its state, last result, rise/fall counters and what it does to the priority now.</summary>
    public ValueList<TrackedObjectStatus> TrackedObjects { get; init; } = ValueList<TrackedObjectStatus>.Empty;

    /// <summary>The vrrp_sync_group this instance belongs to, and that group's state.</summary>
    public string? SyncGroup { get; init; }

    public VrrpState? SyncGroupState { get; init; }
}

/// <summary>How many adverts were dropped for one reason.</summary>
public sealed record RejectionCount(AdvertisementRejectReason Reason, long Count);

/// <summary>A router heard on the segment for this instance, and how it computes VRRPv3 IPv4 checksums.</summary>
public sealed record PeerStatus(IPAddress Address, int LastPriority, TimeSpan LastHeardAt, ChecksumVariant Checksum, long Adverts);

/// <summary>Packets a transport received that no instance could take: malformed, or for a VRID not configured here.</summary>
public sealed record TransportStatus(string InterfaceName, string Family, ValueList<RejectionCount> Rejections);

/// <summary>One configured vrrp_script as the engine runs it: its settings, its last runs and who tracks it.</summary>
public sealed record ScriptStatusEntry(VrrpScriptConfig Config, ScriptRunStatus Run, ValueList<string> TrackedBy);
