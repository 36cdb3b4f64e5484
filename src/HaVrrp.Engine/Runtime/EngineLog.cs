using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// The engine's log lines. Phrases people grep for are keepalived's, word for word; anything HaVrrp adds comes
/// after them. Source-generated so that a disabled level costs nothing.
/// </summary>
internal static partial class EngineLog
{
    /// <summary>A router's own report (<see cref="VrrpLogEvent.Format"/>) at the level <see cref="LevelOf"/> picks.</summary>
    [LoggerMessage(EventId = 1, Message = "{Line}")]
    public static partial void RouterEvent(ILogger logger, LogLevel level, string line);

    // keepalived's phrases for vrrp_startup_delay, word for word.
    [LoggerMessage(EventId = 29, Level = LogLevel.Information, Message = "Delaying startup for {Seconds} seconds")]
    public static partial void DelayingStartup(ILogger logger, double seconds);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Reduced delayed start passed")]
    public static partial void ReducedDelayedStartPassed(ILogger logger);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Startup delay over; starting {Count} instance(s)")]
    public static partial void StartupDelayOver(ILogger logger, int count);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Sending gratuitous ARP on {InterfaceName} for {Address}")]
    public static partial void SendingGratuitousArp(ILogger logger, string interfaceName, string address);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Sending unsolicited Neighbour Advert on {InterfaceName} for {Address}")]
    public static partial void SendingUnsolicitedNeighbourAdvert(ILogger logger, string interfaceName, string address);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "({Instance}) {Reason} from {Source} - discarding{Suppressed}")]
    public static partial void AdvertRejected(ILogger logger, string instance, string reason, string source, string suppressed);

    [LoggerMessage(EventId = 32, Level = LogLevel.Information, Message = "Unknown VRID({VirtualRouterId}) received on interface({InterfaceName}) from {Source}. ignoring...{Suppressed}")]
    public static partial void UnknownVrid(ILogger logger, int virtualRouterId, string interfaceName, string source, string suppressed);

    [LoggerMessage(EventId = 58, Level = LogLevel.Debug, Message = "{InterfaceName}: a down notification from before the VMAC interface came up; it is up")]
    public static partial void StaleLinkDown(ILogger logger, string interfaceName);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "{Transport}: dropped a packet: {Reason}{Suppressed}")]
    public static partial void PacketDropped(ILogger logger, string transport, string reason, string suppressed);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "({Instance}) removing stale VIP {Address}/{PrefixLength} from {InterfaceName} left by a previous run")]
    public static partial void RemovingStaleVip(ILogger logger, string instance, string address, int prefixLength, string interfaceName);

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "({Instance}) removing stale rule {Rule} left by a previous run")]
    public static partial void RemovingStaleRule(ILogger logger, string instance, string rule);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "({Instance}) refreshed {Count} VIPs, valid for {Lifetime}")]
    public static partial void RefreshedVips(ILogger logger, string instance, int count, TimeSpan lifetime);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "({Instance}) {Operation} failed: {Error}")]
    public static partial void PortFailed(ILogger logger, string instance, string operation, string error);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "({Instance}) {Evidence} - {Hint}")]
    public static partial void SplitBrainEvidence(ILogger logger, string instance, string evidence, string hint);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "({Instance}) split-brain evidence gone: {Evidence}")]
    public static partial void SplitBrainCleared(ILogger logger, string instance, string evidence);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "({Instance}) peer {Peer} uses the {Variant} VRRPv3 IPv4 checksum")]
    public static partial void PeerChecksumVariant(ILogger logger, string instance, string peer, ChecksumVariant variant);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "({Instance}) no {Family} address on {InterfaceName} to send adverts from; entering FAULT")]
    public static partial void NoPrimaryAddress(ILogger logger, string instance, string family, string interfaceName);

    [LoggerMessage(EventId = 16, Level = LogLevel.Information, Message = "Reloading: {Plan}")]
    public static partial void Reloading(ILogger logger, ReloadPlan plan);

    [LoggerMessage(EventId = 17, Level = LogLevel.Information, Message = "Stopping: {Masters} master(s) hand over")]
    public static partial void Stopping(ILogger logger, int masters);

    [LoggerMessage(EventId = 18, Level = LogLevel.Information, Message = "Stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 19, Level = LogLevel.Warning, Message = "Cleanup: removing VIP {Address}/{PrefixLength} of {Instance} from {InterfaceName}")]
    public static partial void CleanupRemoving(ILogger logger, string instance, string address, int prefixLength, string interfaceName);

    [LoggerMessage(EventId = 59, Level = LogLevel.Information, Message = "Cleanup: removing VMAC interface {Name}")]
    public static partial void CleanupRemovingVirtualMac(ILogger logger, string name);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "({Instance}) waiting for the first result of its weight-0 scripts before starting")]
    public static partial void WaitingForTracking(ILogger logger, string instance);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "({Instance}) {Code}: {Warning}")]
    public static partial void NeverFailsOver(ILogger logger, string instance, string code, string warning);

    /// <summary>keepalived's phrase (VRRP_Script(chk) succeeded / failed (exited with status 1)).</summary>
    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "{Line}")]
    public static partial void ScriptTransition(ILogger logger, string line);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information, Message = "Script `{Script}` now returning {ExitCode}")]
    public static partial void ScriptNowReturning(ILogger logger, string script, int exitCode);

    [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "VRRP_Group({Group}) Syncing instances to {State} state")]
    public static partial void SyncingGroup(ILogger logger, string group, string state);

    [LoggerMessage(EventId = 25, Level = LogLevel.Information, Message = "Track file {Name} value changed to {Value}")]
    public static partial void TrackFileValue(ILogger logger, string name, int value);

    [LoggerMessage(EventId = 26, Level = LogLevel.Error, Message = "VRRP_Group({Group}) notify failed: {Error}")]
    public static partial void GroupNotifyFailed(ILogger logger, string group, string error);

    /// <summary>keepalived's words for unicast_fault_no_peer without peers, so that a grep for them finds havrrpd too.</summary>
    [LoggerMessage(EventId = 33, Level = LogLevel.Warning, Message = "({Instance}) Cannot use unicast without any peers - going to fault state")]
    public static partial void NoUnicastPeers(ILogger logger, string instance);

    [LoggerMessage(EventId = 37, Level = LogLevel.Warning,
        Message = "({Instance}) VIP {Address} was deleted from {Interface} behind havrrpd's back; stepping back to reclaim it, as keepalived does")]
    public static partial void VirtualAddressDeleted(ILogger logger, string instance, string address, string @interface);

    [LoggerMessage(EventId = 38, Level = LogLevel.Error,
        Message = "({Instance}) cannot open the VRRP socket on {Transport}: {Error}; the instance stays in FAULT until havrrpd is restarted or reloaded with the interface present")]
    public static partial void TransportUnavailable(ILogger logger, string instance, string transport, string error);

    /// <summary>keepalived's phrase, so that alerts written for it keep working.</summary>
    [LoggerMessage(EventId = 45, Level = LogLevel.Information, Message = "Quorum {Change} for tracked process {Name} ({Count} running)")]
    public static partial void ProcessQuorum(ILogger logger, string change, string name, int count);

    [LoggerMessage(EventId = 48, Level = LogLevel.Information, Message = "Tracked process {Name}: {Count} running at start, quorum {State}")]
    public static partial void ProcessFirstCount(ILogger logger, string name, int count, string state);

    [LoggerMessage(EventId = 46, Level = LogLevel.Information, Message = "Tracking processes through {Method}")]
    public static partial void ProcessMonitorMethod(ILogger logger, string method);

    /// <summary>Warnings for what points at a misconfiguration; everything else is information, as keepalived logs it.</summary>
    public static LogLevel LevelOf(VrrpLogEventKind kind) => kind switch
    {
        VrrpLogEventKind.EqualPriorityFromOurAddress or
        VrrpLogEventKind.HandOverTimedOut => LogLevel.Warning,
        _ => LogLevel.Information,
    };
}
