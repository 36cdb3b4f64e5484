using System.Globalization;
using System.Net;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Tracking;
using HaVrrp.Engine.Warnings;

namespace HaVrrp;

/// <summary>One vrrp_instance as Get-VrrpInstance shows it: instance.list's fields in PowerShell types.</summary>
public sealed class VrrpInstance
{
    public required string Name { get; init; }

    public required VrrpState State { get; init; }

    /// <summary>The effective priority: base (or override) plus tracking weights.</summary>
    public required int Priority { get; init; }

    public required int BasePriority { get; init; }

    public int? PriorityOverride { get; init; }

    public DateTimeOffset? PriorityOverrideExpiresAt { get; init; }

    public required InstanceHold Hold { get; init; }

    public required int VirtualRouterId { get; init; }

    public required string Interface { get; init; }

    public required int Version { get; init; }

    public required TimeSpan AdvertInterval { get; init; }

    public required TimeSpan MasterAdvertInterval { get; init; }

    /// <summary>The virtual addresses, without prefix length (see <see cref="VirtualAddresses"/> for those).</summary>
    public required IPAddress[] VirtualIPs { get; init; }

    /// <summary>The virtual addresses as configured: <c>10.0.0.100/24</c>, with <c>dev eth1</c> when on another interface.</summary>
    public required string[] VirtualAddresses { get; init; }

    public required string[] ExcludedVirtualAddresses { get; init; }

    public IPAddress? MasterAddress { get; init; }

    public int MasterPriority { get; init; }

    public required bool IsAddressOwner { get; init; }

    public required bool Preempt { get; init; }

    public required TimeSpan PreemptDelay { get; init; }

    public string? SyncGroup { get; init; }

    public VrrpState? SyncGroupState { get; init; }

    public required DateTimeOffset LastTransition { get; init; }

    public required VrrpTransitionReason LastTransitionReason { get; init; }

    public required long TransitionCount { get; init; }

    public required bool HoldsVirtualAddresses { get; init; }

    public required bool IsHandingOver { get; init; }

    public required bool IsWaitingForTracking { get; init; }

    public required VrrpTrackedObject[] TrackedObjects { get; init; }

    public required VrrpPeer[] Peers { get; init; }

    public required VrrpWarning[] Warnings { get; init; }

    public required VrrpStatistics Statistics { get; init; }

    /// <summary>The host whose daemon answered (so instances from several hosts stay apart).</summary>
    public required string ComputerName { get; init; }

    public string SocketPath { get; init; } = string.Empty;

    public override string ToString() => Name;

    public static VrrpInstance From(InstanceInfo info, string computerName, string socketPath)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new VrrpInstance
        {
            Name = info.Name,
            State = info.State,
            Priority = info.EffectivePriority,
            BasePriority = info.BasePriority,
            PriorityOverride = info.PriorityOverride,
            PriorityOverrideExpiresAt = info.PriorityOverrideExpiresAt,
            Hold = info.Hold,
            VirtualRouterId = info.VirtualRouterId,
            Interface = info.Interface,
            Version = info.Version,
            AdvertInterval = info.AdvertInterval,
            MasterAdvertInterval = info.MasterAdvertInterval,
            VirtualIPs = [.. info.VirtualAddresses.Select(AddressOf).OfType<IPAddress>()],
            VirtualAddresses = [.. info.VirtualAddresses],
            ExcludedVirtualAddresses = [.. info.ExcludedVirtualAddresses],
            MasterAddress = info.MasterAddress,
            MasterPriority = info.MasterPriority,
            IsAddressOwner = info.IsAddressOwner,
            Preempt = info.Preempt,
            PreemptDelay = info.PreemptDelay,
            SyncGroup = info.SyncGroup,
            SyncGroupState = info.SyncGroupState,
            LastTransition = info.LastTransitionAt,
            LastTransitionReason = info.LastTransitionReason,
            TransitionCount = info.TransitionCount,
            HoldsVirtualAddresses = info.HoldsVirtualAddresses,
            IsHandingOver = info.IsHandingOver,
            IsWaitingForTracking = info.IsWaitingForTracking,
            TrackedObjects = [.. info.TrackedObjects.Select(VrrpTrackedObject.From)],
            Peers = [.. info.Peers.Select(VrrpPeer.From)],
            Warnings = VrrpWarning.From(info),
            Statistics = VrrpStatistics.From(info.Statistics),
            ComputerName = computerName,
            SocketPath = socketPath,
        };
    }

    /// <summary>The address of <c>10.0.0.100/24 dev eth1</c>.</summary>
    private static IPAddress? AddressOf(string virtualAddress)
    {
        var end = virtualAddress.IndexOfAny(['/', ' ']);
        return IPAddress.TryParse(end < 0 ? virtualAddress : virtualAddress[..end], out var address) ? address : null;
    }
}

/// <summary>A script, interface or file an instance tracks, and what it does to the priority now.</summary>
public sealed class VrrpTrackedObject
{
    public required TrackedObjectKind Kind { get; init; }

    public required string Name { get; init; }

    public required string State { get; init; }

    public required int Weight { get; init; }

    public required bool WeightReverse { get; init; }

    /// <summary><c>none</c>, <c>FAULT</c>, <c>+10</c>, <c>-20</c>, ...</summary>
    public required string Effect { get; init; }

    public required bool IsPrimaryInterface { get; init; }

    /// <summary>Track processes only: how many running processes match.</summary>
    public int? ProcessCount { get; init; }

    /// <summary>Track processes only: <c>Netlink</c>, or <c>ProcScan</c> where the kernel refuses process events.</summary>
    public ProcessMonitorMethod? ProcessMonitor { get; init; }

    /// <summary><c>chk_haproxy (script) GOOD, weight -20: none</c>; <c>haproxy (process) UP, 2 running (Netlink), weight 0: none</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} ({Kind.ToString().ToLowerInvariant()}) {State}{ProcessDetail}, weight {Weight}{(WeightReverse ? " reverse" : string.Empty)}: {Effect}");

    private string ProcessDetail => ProcessCount is { } count ? string.Create(CultureInfo.InvariantCulture, $", {count} running ({ProcessMonitor})") : string.Empty;

    internal static VrrpTrackedObject From(TrackedObjectInfo info) => new()
    {
        Kind = info.Kind,
        Name = info.Name,
        State = info.State,
        Weight = info.Weight,
        WeightReverse = info.WeightReverse,
        Effect = info.Effect,
        IsPrimaryInterface = info.IsPrimaryInterface,
        ProcessCount = info.ProcessCount,
        ProcessMonitor = info.ProcessMonitor,
    };
}

/// <summary>A router this instance hears.</summary>
public sealed class VrrpPeer
{
    public required IPAddress Address { get; init; }

    public required int Priority { get; init; }

    public required DateTimeOffset LastHeard { get; init; }

    public required ChecksumVariant Checksum { get; init; }

    public required long Adverts { get; init; }

    /// <summary><c>10.0.0.12 priority 100, 42 adverts, last heard 12:00:01Z</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Address} priority {Priority}, {Adverts} adverts, last heard {LastHeard.ToLocalTime():yyyy-MM-dd HH:mm:ss.fff}");

    internal static VrrpPeer From(PeerInfo info) => new()
    {
        Address = info.Address,
        Priority = info.LastPriority,
        LastHeard = info.LastHeardAt,
        Checksum = info.Checksum,
        Adverts = info.Adverts,
    };
}

/// <summary>Something about an instance an operator should look at, with its evidence (docs/diagnostics.md, "Runtime warnings").</summary>
public sealed class VrrpWarning
{
    public required InstanceWarningCode Code { get; init; }

    /// <summary>True for the codes that mean two masters.</summary>
    public required bool SplitBrain { get; init; }

    public required string Message { get; init; }

    public string? Hint { get; init; }

    public required DateTimeOffset Since { get; init; }

    /// <summary>The other node's MAC, where the evidence names one.</summary>
    public string? HardwareAddress { get; init; }

    public IPAddress? PeerAddress { get; init; }

    public string[] Addresses { get; init; } = [];

    public override string ToString() => Hint is null ? $"{Code}: {Message}" : $"{Code}: {Message} ({Hint})";

    internal static VrrpWarning[] From(InstanceInfo info) => [.. info.Warnings.Select(From)];

    internal static VrrpWarning From(WarningInfo warning) => new()
    {
        Code = warning.Code,
        SplitBrain = warning.SplitBrain,
        Message = warning.Message,
        Hint = warning.Hint,
        Since = warning.Since,
        HardwareAddress = warning.HardwareAddress,
        PeerAddress = warning.PeerAddress,
        Addresses = [.. warning.Addresses ?? []],
    };
}

/// <summary>keepalived's per-instance statistics.</summary>
public sealed class VrrpStatistics
{
    public required long AdvertsSent { get; init; }

    public required long AdvertsReceived { get; init; }

    public required long BecameMaster { get; init; }

    public required long ReleasedMaster { get; init; }

    public required long PriorityZeroSent { get; init; }

    public required long PriorityZeroReceived { get; init; }

    /// <summary>Priority 0 adverts ignored as a backup: they came from another router than the master it follows.</summary>
    public long PriorityZeroIgnored { get; init; }

    public required long AddressListMismatches { get; init; }

    /// <summary>Dropped adverts by reason (reasons never seen are left out).</summary>
    public required IReadOnlyDictionary<string, long> Rejected { get; init; }

    public long RejectedTotal => Rejected.Values.Sum();

    /// <summary><c>sent 120, received 3, became master 1, released 0, priority 0 sent 0/received 0, rejected 0</c>.</summary>
    public override string ToString()
    {
        var rejected = Rejected.Count == 0 ? "0" : string.Join(", ", Rejected.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key} {pair.Value}")));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"sent {AdvertsSent}, received {AdvertsReceived}, became master {BecameMaster}, released {ReleasedMaster}, priority 0 sent {PriorityZeroSent}/received {PriorityZeroReceived}{(PriorityZeroIgnored > 0 ? $" ({PriorityZeroIgnored} ignored)" : string.Empty)}, VIP list mismatches {AddressListMismatches}, rejected {rejected}");
    }

    internal static VrrpStatistics From(InstanceStatistics statistics) => new()
    {
        AdvertsSent = statistics.AdvertsSent,
        AdvertsReceived = statistics.AdvertsReceived,
        BecameMaster = statistics.BecameMaster,
        ReleasedMaster = statistics.ReleasedMaster,
        PriorityZeroSent = statistics.PriorityZeroSent,
        PriorityZeroReceived = statistics.PriorityZeroReceived,
        PriorityZeroIgnored = statistics.PriorityZeroIgnored,
        AddressListMismatches = statistics.AddressListMismatches,
        Rejected = statistics.Rejected,
    };
}
