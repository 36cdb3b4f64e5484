using System.Globalization;
using HaVrrp.Engine.Configuration.Syntax;

namespace HaVrrp.Engine.Configuration.Yaml;

/// <summary>
/// Writes a configuration in HaVrrp's YAML format, leaving out every value that equals its default,
/// so that <see cref="YamlConfigReader"/> reads the text back to an equal model.
/// </summary>
public static class YamlConfigWriter
{
    public static string Write(HaVrrpConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var yaml = new YamlTextBuilder();
        WriteGlobal(yaml, config.Global);
        WriteNamedBlocks(yaml, "vrrp_scripts", config.Scripts, script => script.Name, WriteScript);
        WriteNamedBlocks(yaml, "vrrp_track_files", config.TrackFiles, trackFile => trackFile.Name, WriteTrackFile);
        WriteNamedBlocks(yaml, "vrrp_track_processes", config.TrackProcesses, process => process.Name, WriteTrackProcess);
        WriteNamedBlocks(yaml, "vrrp_instances", config.Instances, instance => instance.Name, WriteInstance);
        WriteNamedBlocks(yaml, "vrrp_sync_groups", config.SyncGroups, group => group.Name, WriteSyncGroup);
        WriteAddresses(yaml, 0, "static_ipaddress", config.StaticAddresses);
        WriteRoutes(yaml, 0, "static_routes", config.StaticRoutes);
        WriteRules(yaml, 0, "static_rules", config.StaticRules);
        WriteControl(yaml, config.Control);
        WriteMetrics(yaml, config.Metrics);
        return yaml.ToString();
    }

    private static void WriteControl(YamlTextBuilder yaml, ControlSettings control)
    {
        if (control.IsDefault)
        {
            return;
        }
        yaml.Key(0, "control");
        WriteText(yaml, 1, "socket", control.SocketPath);
        WriteText(yaml, 1, "admin_group", control.AdminGroup);
    }

    private static void WriteMetrics(YamlTextBuilder yaml, MetricsSettings metrics)
    {
        if (metrics.Listen is not { } listen)
        {
            return;
        }
        yaml.Key(0, "metrics");
        yaml.Value(1, "listen", MetricsSettings.FormatListen(listen));
    }

    private static void WriteGlobal(YamlTextBuilder yaml, GlobalSettings global)
    {
        var defaults = new GlobalSettings();
        if (global == defaults)
        {
            return;
        }

        yaml.Key(0, "global_defs");
        const int depth = 1;
        WriteText(yaml, depth, "router_id", global.RouterId);
        if (!global.MulticastGroup4.Equals(defaults.MulticastGroup4))
        {
            yaml.Value(depth, "vrrp_mcast_group4", global.MulticastGroup4.ToString());
        }
        if (!global.MulticastGroup6.Equals(defaults.MulticastGroup6))
        {
            yaml.Value(depth, "vrrp_mcast_group6", global.MulticastGroup6.ToString());
        }
        if (global.VrrpVersion != defaults.VrrpVersion)
        {
            yaml.Value(depth, "vrrp_version", global.VrrpVersion);
        }
        WriteText(yaml, depth, "script_user", global.ScriptUser?.ToString());
        WriteFlag(yaml, depth, "enable_script_security", global.EnableScriptSecurity);
        WriteFlag(yaml, depth, "vrrp_strict", global.VrrpStrict);
        WriteFlag(yaml, depth, "v3_checksum_as_v2", global.V3ChecksumAsV2);
        WriteFlag(yaml, depth, "vrrp_check_unicast_src", global.CheckUnicastSource);
        WriteFlag(yaml, depth, "vrrp_skip_check_adv_addr", global.SkipCheckAdvertAddresses);
        WriteFlag(yaml, depth, "vrrp_lower_prio_no_advert", global.LowerPriorityNoAdvert);
        WriteFlag(yaml, depth, "vrrp_higher_prio_send_advert", global.HigherPrioritySendAdvert);
        WriteFlag(yaml, depth, "vrrp_owner_ignore_adverts", global.OwnerIgnoreAdverts);
        if (global.DownTimerAdverts != defaults.DownTimerAdverts)
        {
            yaml.Value(depth, "vrrp_down_timer_adverts", global.DownTimerAdverts);
        }
        foreach (var (keyword, value) in SchedulingKeywords.Values(global.Scheduling))
        {
            yaml.Value(depth, keyword, value.ToString(CultureInfo.InvariantCulture));
        }
        WriteText(yaml, depth, "nftables", global.NftablesTable);
        if (global.NftablesPriority is { } nftablesPriority)
        {
            yaml.Value(depth, "nftables_priority", nftablesPriority);
        }
        WriteFlag(yaml, depth, "nftables_counters", global.NftablesCounters);
        foreach (var (keyword, get, _) in GarpKeywords.GlobalDurations)
        {
            if (get(global.Garp) is { } duration && get(GarpSettings.Defaults) != duration)
            {
                yaml.Value(depth, keyword, duration);
            }
        }
        foreach (var (keyword, get, _) in GarpKeywords.GlobalCounts)
        {
            if (get(global.Garp) is { } count && get(GarpSettings.Defaults) != count)
            {
                yaml.Value(depth, keyword, count);
            }
        }
        WriteText(yaml, depth, "notify_fifo", global.NotifyFifo);
        WriteText(yaml, depth, "vrrp_notify_fifo", global.VrrpNotifyFifo);
        WriteFlag(yaml, depth, "log_unknown_vrids", global.LogUnknownVrids);
        WriteText(yaml, depth, "state_dump_file", global.StateDumpFile);
        WriteText(yaml, depth, "stats_dump_file", global.StatsDumpFile);
        WriteText(yaml, depth, "json_dump_file", global.JsonDumpFile);
        if (global.StartupDelay != TimeSpan.Zero)
        {
            yaml.Value(depth, "vrrp_startup_delay", global.StartupDelay);
        }
        WriteList(yaml, depth, "notification_email", global.NotificationEmails);
        WriteText(yaml, depth, "notification_email_from", global.NotificationEmailFrom);
        WriteText(yaml, depth, "smtp_server", global.SmtpServer);
        if (global.SmtpConnectTimeout is { } timeout)
        {
            yaml.Value(depth, "smtp_connect_timeout", timeout);
        }
    }

    private static void WriteScript(YamlTextBuilder yaml, int depth, VrrpScriptConfig script)
    {
        var defaults = new VrrpScriptConfig { Name = script.Name, Script = script.Script };
        yaml.Value(depth, "script", script.Script);
        if (script.Interval != defaults.Interval)
        {
            yaml.Value(depth, "interval", script.Interval);
        }
        if (script.Timeout is { } timeout)
        {
            yaml.Value(depth, "timeout", timeout);
        }
        if (script.Weight != defaults.Weight)
        {
            yaml.Value(depth, "weight", script.Weight);
        }
        WriteFlag(yaml, depth, "reverse", script.WeightReverse);
        if (script.Rise != defaults.Rise)
        {
            yaml.Value(depth, "rise", script.Rise);
        }
        if (script.Fall != defaults.Fall)
        {
            yaml.Value(depth, "fall", script.Fall);
        }
        WriteText(yaml, depth, "user", script.User?.ToString());
        WriteFlag(yaml, depth, "init_fail", script.InitFail);
    }

    private static void WriteTrackProcess(YamlTextBuilder yaml, int depth, TrackProcessConfig process)
    {
        yaml.Value(depth, "process", process.Process);
        if (process.Parameters.Count > 0)
        {
            yaml.Key(depth, "parameters");
            foreach (var parameter in process.Parameters)
            {
                yaml.Item(depth + 1, parameter);
            }
        }
        // What the reader infers (parameters: exact; param_match: the full command) is not written again.
        var implied = process.Parameters.Count > 0 ? ProcessParameterMatch.Exact : ProcessParameterMatch.None;
        if (process.ParameterMatch != implied)
        {
            yaml.Value(depth, "param_match", process.ParameterMatch.ToString().ToLowerInvariant());
        }
        WriteFlag(yaml, depth, "full_command", process.FullCommand && !process.ReadsCommandLineImplicitly());
        if (process.Weight != 0)
        {
            yaml.Value(depth, "weight", process.Weight);
        }
        WriteFlag(yaml, depth, "reverse", process.WeightReverse);
        if (process.Quorum != 1 && !(process.Quorum == 0 && process.QuorumMax == 0))
        {
            yaml.Value(depth, "quorum", process.Quorum);
        }
        if (process.QuorumMax is { } max)
        {
            yaml.Value(depth, "quorum_max", max);
        }
        if (process.TerminateDelay > TimeSpan.Zero)
        {
            yaml.Value(depth, "terminate_delay", process.TerminateDelay);
        }
        if (process.ForkDelay > TimeSpan.Zero)
        {
            yaml.Value(depth, "fork_delay", process.ForkDelay);
        }
    }

    private static void WriteTrackFile(YamlTextBuilder yaml, int depth, TrackFileConfig trackFile)
    {
        var defaults = new TrackFileConfig { Name = trackFile.Name, File = trackFile.File };
        yaml.Value(depth, "file", trackFile.File);
        if (trackFile.Weight != defaults.Weight)
        {
            yaml.Value(depth, "weight", trackFile.Weight);
        }
        WriteFlag(yaml, depth, "reverse", trackFile.WeightReverse);
        WriteFlag(yaml, depth, "init_file", trackFile.InitFile);
        if (trackFile.InitValue is { } initValue)
        {
            yaml.Value(depth, "init_value", initValue);
        }
        WriteFlag(yaml, depth, "init_overwrite", trackFile.InitOverwrite);
    }

    private static void WriteInstance(YamlTextBuilder yaml, int depth, VrrpInstanceConfig instance)
    {
        var defaults = new VrrpInstanceConfig { Name = instance.Name };
        if (instance.InitialState != defaults.InitialState)
        {
            yaml.Value(depth, "state", instance.InitialState == InitialState.Master ? "MASTER" : "BACKUP");
        }
        WriteText(yaml, depth, "interface", instance.Interface);
        yaml.Value(depth, "virtual_router_id", instance.VirtualRouterId);
        if (instance.Priority != defaults.Priority)
        {
            yaml.Value(depth, "priority", instance.Priority);
        }
        if (instance.AdvertInterval != defaults.AdvertInterval)
        {
            yaml.Value(depth, "advert_int", instance.AdvertInterval);
        }
        if (instance.Version is { } version)
        {
            yaml.Value(depth, "version", version);
        }
        if (instance.Authentication is { } authentication)
        {
            yaml.FlowMapping(depth, "authentication",
            [
                ("auth_type", authentication.Type == AuthenticationType.Pass ? "PASS" : "AH"),
                ("auth_pass", authentication.Password),
            ]);
        }
        WriteFlag(yaml, depth, "nopreempt", !instance.Preempt);
        if (instance.PreemptDelay != defaults.PreemptDelay)
        {
            yaml.Value(depth, "preempt_delay", instance.PreemptDelay);
        }
        if (instance.Accept is { } accept)
        {
            yaml.Value(depth, "accept", accept);
        }
        WriteFlag(yaml, depth, "dont_track_primary", instance.DontTrackPrimary);
        WriteText(yaml, depth, "mcast_src_ip", instance.MulticastSourceIp?.ToString());
        WriteText(yaml, depth, "mcast_dst_ip", instance.MulticastDestinationIp?.ToString());
        WriteText(yaml, depth, "unicast_src_ip", instance.UnicastSourceIp?.ToString());
        if (instance.UnicastPeers.Count > 0)
        {
            yaml.Key(depth, "unicast_peer");
            foreach (var peer in instance.UnicastPeers)
            {
                yaml.Item(depth + 1, KeepalivedSyntax.Peer(peer));
            }
        }
        WriteFlag(yaml, depth, "v3_checksum_as_v2", instance.V3ChecksumAsV2);
        if (instance.UnicastTtl is { } unicastTtl)
        {
            yaml.Value(depth, "unicast_ttl", unicastTtl);
        }
        WriteFlag(yaml, depth, "check_unicast_src", instance.CheckUnicastSource);
        WriteFlag(yaml, depth, "skip_check_adv_addr", instance.SkipCheckAdvertAddresses);
        WriteFlag(yaml, depth, "promote_secondaries", instance.PromoteSecondaries);
        if (instance.VirtualMac is { InterfaceName: null, Address: null })
        {
            yaml.Value(depth, "use_vmac", true);
        }
        else if (instance.VirtualMac is { } vmac)
        {
            yaml.FlowMapping(depth, "use_vmac",
                new[] { ("name", vmac.InterfaceName), ("mac", vmac.Address) }
                    .Where(entry => entry.Item2 is not null).Select(entry => (entry.Item1, entry.Item2!)));
        }
        WriteFlag(yaml, depth, "vmac_xmit_base", instance.VirtualMac?.TransmitOnBase ?? false);
        WriteFlag(yaml, depth, "use_vmac_addr", instance.UseVirtualMacForAddresses);
        WriteFlag(yaml, depth, "no_virtual_ipaddress", instance.NoVirtualAddresses);
        WriteSwitch(yaml, depth, "strict_mode", instance.StrictMode);
        WriteSwitch(yaml, depth, "lower_prio_no_advert", instance.LowerPriorityNoAdvert);
        WriteSwitch(yaml, depth, "higher_prio_send_advert", instance.HigherPrioritySendAdvert);
        WriteSwitch(yaml, depth, "owner_ignore_adverts", instance.OwnerIgnoreAdverts);
        if (instance.DownTimerAdverts is { } downTimerAdverts)
        {
            yaml.Value(depth, "down_timer_adverts", downTimerAdverts);
        }
        WriteFlag(yaml, depth, "unicast_fault_no_peer", instance.UnicastFaultNoPeer);
        WriteAddresses(yaml, depth, "virtual_ipaddress", instance.VirtualIpAddresses);
        WriteAddresses(yaml, depth, "virtual_ipaddress_excluded", instance.ExcludedVirtualIpAddresses);
        WriteRoutes(yaml, depth, "virtual_routes", instance.VirtualRoutes);
        WriteRules(yaml, depth, "virtual_rules", instance.VirtualRules);
        WriteTrackReferences(yaml, depth, "track_interface", instance.TrackInterfaces);
        WriteTrackReferences(yaml, depth, "track_script", instance.TrackScripts);
        WriteTrackReferences(yaml, depth, "track_file", instance.TrackFiles);
        WriteTrackReferences(yaml, depth, "track_process", instance.TrackProcesses);
        WriteNotify(yaml, depth, instance.Notify);
        foreach (var (keyword, get, _) in GarpKeywords.InstanceDurations)
        {
            if (get(instance.Garp) is { } duration)
            {
                yaml.Value(depth, keyword, duration);
            }
        }
        foreach (var (keyword, get, _) in GarpKeywords.InstanceCounts)
        {
            if (get(instance.Garp) is { } count)
            {
                yaml.Value(depth, keyword, count);
            }
        }
        if (instance.SmtpAlert is { } smtpAlert)
        {
            yaml.Value(depth, "smtp_alert", smtpAlert);
        }
    }

    private static void WriteSyncGroup(YamlTextBuilder yaml, int depth, SyncGroupConfig group)
    {
        if (group.Members.Count == 0)
        {
            // An empty group still needs a body, or the block would read back as "no settings".
            yaml.Value(depth, "group", "[]", raw: true);
        }
        WriteList(yaml, depth, "group", group.Members);
        WriteTrackReferences(yaml, depth, "track_interface", group.TrackInterfaces);
        WriteTrackReferences(yaml, depth, "track_script", group.TrackScripts);
        WriteTrackReferences(yaml, depth, "track_file", group.TrackFiles);
        WriteTrackReferences(yaml, depth, "track_process", group.TrackProcesses);
        WriteNotify(yaml, depth, group.Notify);
        if (group.SmtpAlert is { } smtpAlert)
        {
            yaml.Value(depth, "smtp_alert", smtpAlert);
        }
        WriteFlag(yaml, depth, "sync_group_tracking_weight", group.TrackingWeight);
    }

    private static void WriteNotify(YamlTextBuilder yaml, int depth, NotifyConfig notify)
    {
        foreach (var (keyword, get, _) in NotifyKeywords.All)
        {
            if (get(notify) is not { } script)
            {
                continue;
            }
            if (script.User is null)
            {
                yaml.Value(depth, keyword, script.Command);
            }
            else
            {
                yaml.FlowMapping(depth, keyword, [("script", script.Command), ("user", script.User.ToString())]);
            }
        }
    }

    private static void WriteAddresses(YamlTextBuilder yaml, int depth, string keyword, ValueList<VirtualAddress> addresses)
    {
        if (addresses.Count == 0)
        {
            return;
        }
        yaml.Key(depth, keyword);
        foreach (var address in addresses)
        {
            if (KeepalivedSyntax.IsSafeAsWords(KeepalivedSyntax.AddressWords(address)))
            {
                yaml.Item(depth + 1, KeepalivedSyntax.Address(address));
                continue;
            }
            yaml.FlowMapping(depth + 1, key: null, Entries(
                ("address", KeepalivedSyntax.AddressWords(address).First()),
                ("brd", address.Broadcast?.ToString()),
                ("dev", address.Device),
                ("scope", address.Scope),
                ("label", address.Label),
                ("no_track", address.NoTrack ? "true" : null),
                ("use_vmac", address.UseVirtualMac ? "true" : null)));
        }
    }

    private static void WriteRoutes(YamlTextBuilder yaml, int depth, string keyword, ValueList<VirtualRoute> routes)
    {
        if (routes.Count == 0)
        {
            return;
        }
        yaml.Key(depth, keyword);
        foreach (var route in routes)
        {
            var typeFitsOneLine = route.Type is null || KeepalivedSyntax.RouteTypes.Contains(route.Type);
            if (typeFitsOneLine && KeepalivedSyntax.IsSafeAsWords(KeepalivedSyntax.RouteWords(route)))
            {
                yaml.Item(depth + 1, KeepalivedSyntax.Route(route));
                continue;
            }
            yaml.FlowMapping(depth + 1, key: null, Entries(
                ("to", KeepalivedSyntax.Network(route.Destination)),
                ("type", route.Type),
                ("via", route.Via?.ToString()),
                ("dev", route.Device),
                ("src", route.PreferredSource?.ToString()),
                ("metric", route.Metric?.ToString(CultureInfo.InvariantCulture)),
                ("table", route.Table),
                ("scope", route.Scope),
                ("no_track", route.NoTrack ? "true" : null)));
        }
    }

    /// <summary>Rules in keepalived's one-line form: interface and table names never hold whitespace.</summary>
    private static void WriteRules(YamlTextBuilder yaml, int depth, string keyword, ValueList<RoutingRule> rules)
    {
        if (rules.Count == 0)
        {
            return;
        }
        yaml.Key(depth, keyword);
        foreach (var rule in rules)
        {
            yaml.Item(depth + 1, KeepalivedSyntax.Rule(rule));
        }
    }

    private static void WriteTrackReferences(YamlTextBuilder yaml, int depth, string keyword, ValueList<TrackReference> references)
    {
        if (references.Count == 0)
        {
            return;
        }
        yaml.Key(depth, keyword);
        foreach (var reference in references)
        {
            if (reference.Weight is null && reference.Reverse is null && KeepalivedSyntax.IsSafeAsWords([reference.Name]))
            {
                yaml.Item(depth + 1, reference.Name);
                continue;
            }
            yaml.FlowMapping(depth + 1, key: null, Entries(
                ("name", reference.Name),
                ("weight", reference.Weight?.ToString(CultureInfo.InvariantCulture)),
                ("reverse", reference.Reverse switch { true => "true", false => "false", null => null })));
        }
    }

    private static void WriteNamedBlocks<T>(YamlTextBuilder yaml, string section, ValueList<T> blocks, Func<T, string> name, Action<YamlTextBuilder, int, T> write)
    {
        if (blocks.Count == 0)
        {
            return;
        }
        yaml.Key(0, section);
        foreach (var block in blocks)
        {
            yaml.Key(1, YamlTextBuilder.Scalar(name(block)));
            write(yaml, 2, block);
        }
    }

    private static void WriteList(YamlTextBuilder yaml, int depth, string keyword, ValueList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }
        yaml.Key(depth, keyword);
        foreach (var item in items)
        {
            yaml.Item(depth + 1, item);
        }
    }

    private static void WriteText(YamlTextBuilder yaml, int depth, string keyword, string? value)
    {
        if (value is not null)
        {
            yaml.Value(depth, keyword, value);
        }
    }

    private static void WriteFlag(YamlTextBuilder yaml, int depth, string keyword, bool value)
    {
        if (value)
        {
            yaml.Value(depth, keyword, true);
        }
    }

    /// <summary>A switch that may be set either way or left to inherit (null): written only when set.</summary>
    private static void WriteSwitch(YamlTextBuilder yaml, int depth, string keyword, bool? value)
    {
        if (value is { } set)
        {
            yaml.Value(depth, keyword, set);
        }
    }

    private static IEnumerable<(string Key, string Value)> Entries(params (string Key, string? Value)[] entries) =>
        entries.Where(entry => entry.Value is not null).Select(entry => (entry.Key, entry.Value!));
}
