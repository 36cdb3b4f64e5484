using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Runtime;

/// <summary>The engine as the control plane sees it, taken in one step of the loop so it is consistent.</summary>
public sealed record EngineStatus(
    TimeSpan Uptime,
    bool IsStopping,
    ValueList<InstanceStatus> Instances,
    ValueList<TransportStatus> Transports);

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

    /// <summary>Field lesson 2: master, a peer is expected, and none has been heard since becoming master.</summary>
    public bool SplitBrainSuspected { get; init; }

    public string? SplitBrainHint { get; init; }

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
