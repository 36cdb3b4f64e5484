using System.Globalization;
using System.Text.Json;
using System.Text;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Service;

/// <summary>Which of keepalived's dump files a signal asks for (keepalived --signum DATA, STATS, JSON).</summary>
internal enum DumpKind
{
    Data,
    Stats,
    Json,
}

/// <summary>
/// keepalived's dump files, written the way keepalived 2.2 writes them, so that the scripts and exporters that send
/// keepalived SIGUSR1, SIGUSR2 or its JSON signal and read the file work against havrrpd unchanged
/// (docs/daemon.md, "keepalived's dump files"): the stats file line for line, the JSON file with keepalived's field
/// names, and the data file with the per-instance part of keepalived's layout.
/// </summary>
internal static class KeepalivedDumpFiles
{
    public const string DefaultDataPath = "/tmp/keepalived.data";
    public const string DefaultStatsPath = "/tmp/keepalived.stats";
    public const string DefaultJsonPath = "/tmp/keepalived.json";

    /// <summary>The file a kind goes to: keepalived's state_dump_file, stats_dump_file, json_dump_file, else /tmp.</summary>
    public static string PathOf(DumpKind kind, GlobalSettings global)
    {
        ArgumentNullException.ThrowIfNull(global);
        return kind switch
        {
            DumpKind.Data => global.StateDumpFile ?? DefaultDataPath,
            DumpKind.Stats => global.StatsDumpFile ?? DefaultStatsPath,
            _ => global.JsonDumpFile ?? DefaultJsonPath,
        };
    }

    public static string Write(DumpKind kind, IReadOnlyList<InstanceInfo> instances, HaVrrpConfiguration configuration) => kind switch
    {
        DumpKind.Data => Data(instances),
        DumpKind.Stats => Stats(instances),
        _ => Json(instances, configuration),
    };

    /// <summary>keepalived's <c>vrrp_print_stats</c>, counter for counter.</summary>
    public static string Stats(IReadOnlyList<InstanceInfo> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var text = new StringBuilder();
        foreach (var instance in instances)
        {
            var counts = KeepalivedCounters.Of(instance.Statistics);
            text.Append(CultureInfo.InvariantCulture, $"VRRP Instance: {instance.Name}\n");
            text.Append("  Advertisements:\n");
            text.Append(CultureInfo.InvariantCulture, $"    Received: {instance.Statistics.AdvertsReceived}\n");
            text.Append(CultureInfo.InvariantCulture, $"    Sent: {instance.Statistics.AdvertsSent}\n");
            text.Append(CultureInfo.InvariantCulture, $"  Became master: {instance.Statistics.BecameMaster}\n");
            text.Append(CultureInfo.InvariantCulture, $"  Released master: {instance.Statistics.ReleasedMaster}\n");
            text.Append("  Packet Errors:\n");
            text.Append(CultureInfo.InvariantCulture, $"    Length: {counts.PacketLength}\n");
            text.Append(CultureInfo.InvariantCulture, $"    TTL: {counts.Ttl}\n");
            text.Append(CultureInfo.InvariantCulture, $"    Invalid Type: {counts.InvalidType}\n");
            text.Append(CultureInfo.InvariantCulture, $"    Advertisement Interval: {counts.AdvertInterval}\n");
            text.Append(CultureInfo.InvariantCulture, $"    Address List: {instance.Statistics.AddressListMismatches}\n");
            text.Append("  Authentication Errors:\n");
            text.Append(CultureInfo.InvariantCulture, $"    Invalid Type: {counts.InvalidAuthType}\n");
            text.Append(CultureInfo.InvariantCulture, $"    Type Mismatch: {counts.AuthTypeMismatch}\n");
            text.Append(CultureInfo.InvariantCulture, $"    Failure: {counts.AuthFailure}\n");
            text.Append("  Priority Zero:\n");
            text.Append(CultureInfo.InvariantCulture, $"    Received: {instance.Statistics.PriorityZeroReceived}\n");
            text.Append(CultureInfo.InvariantCulture, $"    Sent: {instance.Statistics.PriorityZeroSent}\n");
        }
        return text.ToString();
    }

    /// <summary>The per-instance part of keepalived's data file (its "VRRP Topology" section).</summary>
    public static string Data(IReadOnlyList<InstanceInfo> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var text = new StringBuilder("------< VRRP Topology >------\n");
        foreach (var instance in instances)
        {
            text.Append(CultureInfo.InvariantCulture, $" VRRP Instance = {instance.Name}\n");
            text.Append(CultureInfo.InvariantCulture, $"   VRRP Version = {instance.Version}\n");
            text.Append(CultureInfo.InvariantCulture, $"   State = {StateName(instance.State)}\n");
            text.Append(CultureInfo.InvariantCulture, $"   Wantstate = {StateName(instance.State)}\n");
            text.Append(CultureInfo.InvariantCulture, $"   Last transition = {instance.LastTransitionAt.ToUnixTimeSeconds()} ({instance.LastTransitionAt.UtcDateTime:ddd MMM d HH:mm:ss yyyy})\n");
            text.Append(CultureInfo.InvariantCulture, $"   Interface = {instance.Interface}\n");
            text.Append(CultureInfo.InvariantCulture, $"   Virtual Router ID = {instance.VirtualRouterId}\n");
            text.Append(CultureInfo.InvariantCulture, $"   Priority = {instance.BasePriority}\n");
            text.Append(CultureInfo.InvariantCulture, $"   Effective priority = {instance.EffectivePriority}\n");
            text.Append(CultureInfo.InvariantCulture, $"   Advert interval = {Seconds(instance.AdvertInterval)} sec\n");
            text.Append(CultureInfo.InvariantCulture, $"   Preempt = {(instance.Preempt ? "enabled" : "disabled")}\n");
            text.Append(CultureInfo.InvariantCulture, $"   Preempt delay = {Seconds(instance.PreemptDelay)} secs\n");
            if (instance.MasterAddress is { } master)
            {
                text.Append(CultureInfo.InvariantCulture, $"   Master router = {master}\n");
                text.Append(CultureInfo.InvariantCulture, $"   Master priority = {instance.MasterPriority}\n");
            }
            text.Append(CultureInfo.InvariantCulture, $"   Virtual IP ({instance.VirtualAddresses.Count}):\n");
            foreach (var address in instance.VirtualAddresses)
            {
                text.Append(CultureInfo.InvariantCulture, $"     {address}\n");
            }
            if (instance.TrackedObjects.Count > 0)
            {
                text.Append("   Tracked objects:\n");
                foreach (var tracked in instance.TrackedObjects)
                {
                    text.Append(CultureInfo.InvariantCulture, $"     {tracked.Kind.ToString().ToLowerInvariant()} {tracked.Name} state {tracked.State} weight {tracked.Weight}\n");
                }
            }
        }
        return text.ToString();
    }

    /// <summary>keepalived's <c>vrrp_print_json</c>: an array of <c>{"data": {...}, "stats": {...}}</c>, one per instance.</summary>
    public static string Json(IReadOnlyList<InstanceInfo> instances, HaVrrpConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(configuration);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var instance in instances)
            {
                var configured = configuration.Instances.FirstOrDefault(candidate => candidate.Name == instance.Name);
                writer.WriteStartObject();
                WriteData(writer, instance, configured, configuration.Global);
                WriteStats(writer, instance);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteData(Utf8JsonWriter writer, InstanceInfo instance, VrrpInstanceConfig? configured, GlobalSettings global)
    {
        writer.WriteStartObject("data");
        writer.WriteString("iname", instance.Name);
        writer.WriteNumber("dont_track_primary", configured?.DontTrackPrimary == true ? 1 : 0);
        writer.WriteNumber("skip_check_adv_addr", configured is not null && (configured.SkipCheckAdvertAddresses || global.SkipCheckAdvertAddresses) ? 1 : 0);
        writer.WriteNumber("strict_mode", configured?.IsStrict(global) == true ? 1 : 0);
        writer.WriteString("ifp_ifname", instance.Interface);
        writer.WriteNumber("master_priority", instance.MasterPriority);
        writer.WriteNumber("last_transition", instance.LastTransitionAt.ToUnixTimeMilliseconds() / 1000.0);
        var garp = configured is null ? GratuitousArpTiming.Defaults : ProtocolSettings.GratuitousArp(configured.Garp.Over(global.Garp));
        writer.WriteNumber("garp_delay", garp.MasterDelay.TotalSeconds);
        writer.WriteNumber("garp_refresh", (long)garp.MasterRefresh.TotalSeconds);
        writer.WriteNumber("garp_rep", garp.MasterRepeat);
        writer.WriteNumber("garp_refresh_rep", garp.MasterRefreshRepeat);
        writer.WriteNumber("garp_lower_prio_delay", (long)garp.LowerPriorityDelay.TotalSeconds);
        writer.WriteNumber("garp_lower_prio_rep", garp.LowerPriorityRepeat);
        writer.WriteNumber("vrid", instance.VirtualRouterId);
        writer.WriteNumber("base_priority", instance.BasePriority);
        writer.WriteNumber("effective_priority", instance.EffectivePriority);
        writer.WriteBoolean("vipset", instance.HoldsVirtualAddresses);
        writer.WriteNumber("adver_int", instance.AdvertInterval.TotalSeconds);
        writer.WriteNumber("master_adver_int", instance.MasterAdvertInterval.TotalSeconds);
        writer.WriteNumber("accept", configured?.EffectiveAccept(global) == true ? 1 : 0);
        writer.WriteBoolean("nopreempt", !instance.Preempt);
        writer.WriteNumber("preempt_delay", (long)instance.PreemptDelay.TotalSeconds);
        writer.WriteNumber("state", StateNumber(instance.State));
        writer.WriteNumber("wantstate", StateNumber(instance.State));
        writer.WriteNumber("version", instance.Version);
        writer.WriteBoolean("smtp_alert", configured?.SmtpAlert == true);
        if (configured is not null)
        {
            foreach (var (keyword, script) in configured.Notify.Configured())
            {
                writer.WriteString(JsonScriptName(keyword), script.Command);
            }
        }
        WriteStrings(writer, "vips", instance.VirtualAddresses.Select(address => KeepalivedAddress(address, instance.Interface)));
        WriteStrings(writer, "evips", instance.ExcludedVirtualAddresses.Select(address => KeepalivedAddress(address, instance.Interface)));
        WriteStrings(writer, "track_ifp", instance.TrackedObjects.Where(tracked => tracked.Kind == Engine.Tracking.TrackedObjectKind.Interface && !tracked.IsPrimaryInterface).Select(tracked => tracked.Name));
        WriteStrings(writer, "track_script", configured is null ? [] : configured.TrackScripts.Select(reference => reference.Name));
        writer.WriteNumber("auth_type", configured?.EffectiveAuthentication(global) is null ? 0 : 1);
        writer.WriteEndObject();
    }

    private static void WriteStats(Utf8JsonWriter writer, InstanceInfo instance)
    {
        var statistics = instance.Statistics;
        var counts = KeepalivedCounters.Of(statistics);
        writer.WriteStartObject("stats");
        writer.WriteNumber("advert_rcvd", statistics.AdvertsReceived);
        writer.WriteNumber("advert_sent", statistics.AdvertsSent);
        writer.WriteNumber("become_master", statistics.BecameMaster);
        writer.WriteNumber("release_master", statistics.ReleasedMaster);
        writer.WriteNumber("packet_len_err", counts.PacketLength);
        writer.WriteNumber("advert_interval_err", counts.AdvertInterval);
        writer.WriteNumber("ip_ttl_err", counts.Ttl);
        writer.WriteNumber("invalid_type_rcvd", counts.InvalidType);
        writer.WriteNumber("addr_list_err", statistics.AddressListMismatches);
        writer.WriteNumber("invalid_authtype", counts.InvalidAuthType);
        writer.WriteNumber("authtype_mismatch", counts.AuthTypeMismatch);
        writer.WriteNumber("auth_failure", counts.AuthFailure);
        writer.WriteNumber("pri_zero_rcvd", statistics.PriorityZeroReceived);
        writer.WriteNumber("pri_zero_sent", statistics.PriorityZeroSent);
        writer.WriteEndObject();
    }

    /// <summary>keepalived leaves an empty list out of the JSON file.</summary>
    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return;
        }
        writer.WriteStartArray(name);
        foreach (var value in list)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }

    /// <summary>notify_master is keepalived's script_master in the JSON file, notify is script.</summary>
    private static string JsonScriptName(string keyword) =>
        keyword == "notify" ? "script" : "script_" + keyword["notify_".Length..];

    /// <summary>keepalived's <c>format_ipaddress</c>: <c>10.0.0.100/24 dev eth0 scope global</c>.</summary>
    internal static string KeepalivedAddress(string address, string device) =>
        address.Contains(" dev ", StringComparison.Ordinal) ? address : $"{address} dev {device} scope global";

    /// <summary>keepalived's VRRP_STATE_INIT, _BACK, _MAST, _FAULT.</summary>
    internal static int StateNumber(VrrpState state) => state switch
    {
        VrrpState.Backup => 1,
        VrrpState.Master => 2,
        VrrpState.Fault => 3,
        _ => 0,
    };

    internal static string StateName(VrrpState state) => state switch
    {
        VrrpState.Backup => "BACKUP",
        VrrpState.Master => "MASTER",
        VrrpState.Fault => "FAULT",
        _ => "INIT",
    };

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>havrrpd's reject reasons folded into keepalived's error counters.</summary>
    internal sealed record KeepalivedCounters(long PacketLength, long Ttl, long InvalidType, long AdvertInterval, long InvalidAuthType, long AuthTypeMismatch, long AuthFailure)
    {
        public static KeepalivedCounters Of(InstanceStatistics statistics)
        {
            long Count(params AdvertisementRejectReason[] reasons) => reasons.Sum(reason =>
                statistics.Rejected.GetValueOrDefault(JsonNamingPolicy.CamelCase.ConvertName(reason.ToString())));
            return new KeepalivedCounters(
                Count(AdvertisementRejectReason.TooShort, AdvertisementRejectReason.AddressCountTooLarge, AdvertisementRejectReason.MalformedIPHeader),
                Count(AdvertisementRejectReason.TtlNot255, AdvertisementRejectReason.TtlOutsidePeerRange),
                Count(AdvertisementRejectReason.BadType),
                Count(AdvertisementRejectReason.AdvertIntervalMismatch),
                Count(AdvertisementRejectReason.AuthTypeUnknown, AdvertisementRejectReason.AuthTypeUnsupported),
                Count(AdvertisementRejectReason.AuthTypeMismatch),
                Count(AdvertisementRejectReason.AuthPasswordMismatch));
        }
    }
}
