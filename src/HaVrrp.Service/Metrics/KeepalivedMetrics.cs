using System.Globalization;
using HaVrrp.Engine.Control;

namespace HaVrrp.Service.Metrics;

/// <summary>
/// The metrics havrrpd serves, built from the control protocol's views (the same instance.list and script.list
/// answers the cmdlets get), under the names the common keepalived exporters use so that their dashboards and
/// alerts keep working (docs/daemon.md, "Prometheus metrics"):
/// <list type="bullet">
/// <item>mehdy/keepalived-exporter (formerly cafebazaar's): <c>keepalived_up</c>, <c>keepalived_vrrp_state</c> per VIP,
/// <c>keepalived_*_total</c> counters labelled iname, intf, vrid; <c>keepalived_script_status</c>;</item>
/// <item>gen2brain/keepalived_exporter: <c>keepalived_vrrp_*</c> counters labelled name, intf, vrid, state;</item>
/// <item>havrrp's own <c>havrrp_*</c> for what neither exporter has: base and effective priority, transitions,
/// split-brain suspicion.</item>
/// </list>
/// The values are keepalived's: state 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT; script status 0 BAD, 1 GOOD.
/// </summary>
internal static class KeepalivedMetrics
{
    private static readonly string[] InstanceLabels = ["iname", "intf", "vrid"];
    private static readonly string[] VipLabels = ["iname", "intf", "vrid", "ip_address"];
    private static readonly string[] Gen2brainLabels = ["name", "intf", "vrid", "state"];

    private static readonly MetricFamily Up = MetricFamily.Gauge("keepalived_up", "Whether havrrpd answered this scrape (always 1 here: the endpoint is the daemon)");
    private static readonly MetricFamily State = MetricFamily.Gauge("keepalived_vrrp_state", "VRRP state per virtual address: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT", VipLabels);
    private static readonly MetricFamily ExcludedState = MetricFamily.Gauge("keepalived_vrrp_excluded_state", "VRRP state per excluded virtual address: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT", VipLabels);
    private static readonly MetricFamily ScriptStatus = MetricFamily.Gauge("keepalived_script_status", "vrrp_script result: 0 BAD, 1 GOOD (absent until its first result)", "name");
    private static readonly MetricFamily BasePriority = MetricFamily.Gauge("havrrp_vrrp_base_priority", "Configured priority of the instance (keepalived's base_priority)", InstanceLabels);
    private static readonly MetricFamily EffectivePriority = MetricFamily.Gauge("havrrp_vrrp_effective_priority", "Priority advertised now, after tracking weights and overrides (keepalived's effective_priority)", InstanceLabels);
    private static readonly MetricFamily Transitions = MetricFamily.Counter("havrrp_vrrp_transitions_total", "State changes since the instance started", InstanceLabels);
    private static readonly MetricFamily SplitBrain = MetricFamily.Gauge("havrrp_vrrp_split_brain_suspected", "1 while there is evidence of a second master (see Get-VrrpInstance warnings)", InstanceLabels);

    /// <summary>One of keepalived's per-instance counters, as each exporter names it.</summary>
    private sealed record Counter(string Mehdy, string Gen2brain, string Help, Func<InstanceStatistics, KeepalivedDumpFiles.KeepalivedCounters, long> Value)
    {
        public MetricFamily MehdyFamily { get; } = MetricFamily.Counter(Mehdy, Help, InstanceLabels);

        public MetricFamily Gen2brainFamily { get; } = MetricFamily.Counter(Gen2brain, Help, Gen2brainLabels);
    }

    private static readonly Counter[] Counters =
    [
        new("keepalived_advertisements_received_total", "keepalived_vrrp_advert_rcvd", "Advertisements received", (statistics, _) => statistics.AdvertsReceived),
        new("keepalived_advertisements_sent_total", "keepalived_vrrp_advert_sent", "Advertisements sent", (statistics, _) => statistics.AdvertsSent),
        new("keepalived_become_master_total", "keepalived_vrrp_become_master", "Times the instance became master", (statistics, _) => statistics.BecameMaster),
        new("keepalived_release_master_total", "keepalived_vrrp_release_master", "Times the instance released master", (statistics, _) => statistics.ReleasedMaster),
        new("keepalived_packet_length_errors_total", "keepalived_vrrp_packet_len_err", "Packet length errors", (_, counts) => counts.PacketLength),
        new("keepalived_advertisements_interval_errors_total", "keepalived_vrrp_advert_interval_err", "Advertisement interval errors", (_, counts) => counts.AdvertInterval),
        new("keepalived_ip_ttl_errors_total", "keepalived_vrrp_ip_ttl_err", "TTL errors", (_, counts) => counts.Ttl),
        new("keepalived_invalid_type_received_total", "keepalived_vrrp_invalid_type_rcvd", "Invalid type errors", (_, counts) => counts.InvalidType),
        new("keepalived_address_list_errors_total", "keepalived_vrrp_addr_list_err", "Address list errors", (statistics, _) => statistics.AddressListMismatches),
        new("keepalived_authentication_invalid_total", "keepalived_vrrp_invalid_authtype", "Invalid authentication type", (_, counts) => counts.InvalidAuthType),
        new("keepalived_authentication_mismatch_total", "keepalived_vrrp_authtype_mismatch", "Authentication type mismatch", (_, counts) => counts.AuthTypeMismatch),
        new("keepalived_authentication_failure_total", "keepalived_vrrp_auth_failure", "Authentication failures", (_, counts) => counts.AuthFailure),
        new("keepalived_priority_zero_received_total", "keepalived_vrrp_pri_zero_rcvd", "Priority 0 adverts received", (statistics, _) => statistics.PriorityZeroReceived),
        new("keepalived_priority_zero_sent_total", "keepalived_vrrp_pri_zero_sent", "Priority 0 adverts sent", (statistics, _) => statistics.PriorityZeroSent),
    ];

    /// <summary>The whole scrape, every family, every instance and script, written into <paramref name="body"/>.</summary>
    public static void Write(PooledBufferWriter body, IReadOnlyList<InstanceInfo> instances, IReadOnlyList<ScriptInfo> scripts)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(scripts);
        var text = new PrometheusTextWriter(body);
        text.Begin(Up);
        text.Sample(Up, 1);

        text.Begin(State);
        foreach (var instance in instances)
        {
            WriteStates(text, State, instance, instance.VirtualAddresses, whenEmpty: true);
        }
        text.Begin(ExcludedState);
        foreach (var instance in instances)
        {
            WriteStates(text, ExcludedState, instance, instance.ExcludedVirtualAddresses, whenEmpty: false);
        }

        var counts = instances.Select(instance => KeepalivedDumpFiles.KeepalivedCounters.Of(instance.Statistics)).ToArray();
        foreach (var counter in Counters)
        {
            text.Begin(counter.MehdyFamily);
            for (var i = 0; i < instances.Count; i++)
            {
                var instance = instances[i];
                text.Sample(counter.MehdyFamily, counter.Value(instance.Statistics, counts[i]), instance.Name, instance.Interface, Vrid(instance));
            }
        }
        foreach (var counter in Counters)
        {
            text.Begin(counter.Gen2brainFamily);
            for (var i = 0; i < instances.Count; i++)
            {
                var instance = instances[i];
                text.Sample(counter.Gen2brainFamily, counter.Value(instance.Statistics, counts[i]),
                    instance.Name, instance.Interface, Vrid(instance), KeepalivedDumpFiles.StateName(instance.State));
            }
        }

        WritePerInstance(text, BasePriority, instances, instance => instance.BasePriority);
        WritePerInstance(text, EffectivePriority, instances, instance => instance.EffectivePriority);
        WritePerInstance(text, Transitions, instances, instance => instance.TransitionCount);
        WritePerInstance(text, SplitBrain, instances, instance => instance.SplitBrainSuspected ? 1 : 0);

        text.Begin(ScriptStatus);
        foreach (var script in scripts)
        {
            // keepalived's words GOOD and BAD; a script still waiting for its first result, or refused by
            // enable_script_security, has neither, and the exporters leave such a script out too.
            if (script.Status is ScriptState.Good or ScriptState.Bad or ScriptState.InitFailed)
            {
                text.Sample(ScriptStatus, script.Status == ScriptState.Good ? 1 : 0, script.Name);
            }
        }
    }

    /// <summary>The scrape as text (tests, and anyone reading it by eye).</summary>
    public static string Write(IReadOnlyList<InstanceInfo> instances, IReadOnlyList<ScriptInfo> scripts)
    {
        using var body = new PooledBufferWriter(4096);
        Write(body, instances, scripts);
        return System.Text.Encoding.UTF8.GetString(body.WrittenSpan);
    }

    /// <summary>
    /// One sample per VIP, labelled as mehdy's exporter labels it from keepalived's JSON file: the address as
    /// keepalived prints it up to the first space, and the device after "dev". An instance without VIPs still
    /// shows its state, with an empty address, as that exporter does.
    /// </summary>
    private static void WriteStates(PrometheusTextWriter text, MetricFamily family, InstanceInfo instance, IReadOnlyList<string> addresses, bool whenEmpty)
    {
        var state = KeepalivedDumpFiles.StateNumber(instance.State);
        if (addresses.Count == 0)
        {
            if (whenEmpty)
            {
                text.Sample(family, state, instance.Name, instance.Interface, Vrid(instance), string.Empty);
            }
            return;
        }
        foreach (var address in addresses)
        {
            var words = KeepalivedDumpFiles.KeepalivedAddress(address, instance.Interface).Split(' ');
            var device = Array.IndexOf(words, "dev") is var at and >= 0 && at + 1 < words.Length ? words[at + 1] : instance.Interface;
            text.Sample(family, state, instance.Name, device, Vrid(instance), words[0]);
        }
    }

    private static void WritePerInstance(PrometheusTextWriter text, MetricFamily family, IReadOnlyList<InstanceInfo> instances, Func<InstanceInfo, long> value)
    {
        text.Begin(family);
        foreach (var instance in instances)
        {
            text.Sample(family, value(instance), instance.Name, instance.Interface, Vrid(instance));
        }
    }

    private static string Vrid(InstanceInfo instance) => instance.VirtualRouterId.ToString(CultureInfo.InvariantCulture);
}
