using System.Globalization;
using System.Text;
using HaVrrp.Engine.Configuration.Syntax;

namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// Writes a configuration as keepalived.conf: keepalived's keywords, 4-space indentation, commands in
/// double quotes, and only values that differ from keepalived's defaults.
/// </summary>
/// <remarks>
/// keepalived has no way to write a few things the model can hold: per-instance <c>garp_interval</c>/<c>gna_interval</c>, and track_file init values without <c>init_file</c>.
/// Those are left out; everything else reads back to an equal model.
/// </remarks>
public static class KeepalivedConfigWriter
{
    public static string Write(HaVrrpConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var conf = new Builder();
        var blocks = new List<Action>();
        if (config.Global != new GlobalSettings())
        {
            blocks.Add(() => WriteGlobal(conf, config.Global));
        }
        if (config.StaticAddresses.Count > 0)
        {
            blocks.Add(() => WriteList(conf, 0, "static_ipaddress", config.StaticAddresses.Select(KeepalivedSyntax.Address)));
        }
        if (config.StaticRoutes.Count > 0)
        {
            blocks.Add(() => WriteList(conf, 0, "static_routes", config.StaticRoutes.Select(KeepalivedSyntax.Route)));
        }
        if (config.StaticRules.Count > 0)
        {
            blocks.Add(() => WriteList(conf, 0, "static_rules", config.StaticRules.Select(KeepalivedSyntax.Rule)));
        }
        blocks.AddRange(config.Scripts.Select(script => (Action)(() => WriteScript(conf, script))));
        blocks.AddRange(config.TrackFiles.Select(trackFile => (Action)(() => WriteTrackFile(conf, trackFile))));
        blocks.AddRange(config.TrackProcesses.Select(process => (Action)(() => WriteTrackProcess(conf, process))));
        blocks.AddRange(config.SyncGroups.Select(group => (Action)(() => WriteSyncGroup(conf, group))));
        blocks.AddRange(config.Instances.Select(instance => (Action)(() => WriteInstance(conf, instance))));

        for (var i = 0; i < blocks.Count; i++)
        {
            if (i > 0)
            {
                conf.BlankLine();
            }
            blocks[i]();
        }
        return conf.ToString();
    }

    private static void WriteGlobal(Builder conf, GlobalSettings global)
    {
        var defaults = new GlobalSettings();
        conf.Open(0, "global_defs");
        const int depth = 1;
        if (global.NotificationEmails.Count > 0)
        {
            WriteList(conf, depth, "notification_email", global.NotificationEmails.Select(Word));
        }
        conf.LineIf(depth, "notification_email_from", global.NotificationEmailFrom);
        conf.LineIf(depth, "smtp_server", global.SmtpServer);
        if (global.SmtpConnectTimeout is { } timeout)
        {
            conf.Line(depth, "smtp_connect_timeout", KeepalivedSyntax.Seconds(timeout));
        }
        conf.LineIf(depth, "router_id", global.RouterId);
        if (!global.MulticastGroup4.Equals(defaults.MulticastGroup4))
        {
            conf.Line(depth, "vrrp_mcast_group4", global.MulticastGroup4.ToString());
        }
        if (!global.MulticastGroup6.Equals(defaults.MulticastGroup6))
        {
            conf.Line(depth, "vrrp_mcast_group6", global.MulticastGroup6.ToString());
        }
        if (global.VrrpVersion != defaults.VrrpVersion)
        {
            conf.Line(depth, "vrrp_version", Number(global.VrrpVersion));
        }
        if (global.ScriptUser is { } user)
        {
            conf.Line(depth, "script_user", User(user));
        }
        conf.Flag(depth, "enable_script_security", global.EnableScriptSecurity);
        conf.Flag(depth, "vrrp_strict", global.VrrpStrict);
        conf.Flag(depth, "v3_checksum_as_v2", global.V3ChecksumAsV2);
        conf.Flag(depth, "vrrp_check_unicast_src", global.CheckUnicastSource);
        conf.Flag(depth, "vrrp_skip_check_adv_addr", global.SkipCheckAdvertAddresses);
        conf.Flag(depth, "vrrp_lower_prio_no_advert", global.LowerPriorityNoAdvert);
        conf.Flag(depth, "vrrp_higher_prio_send_advert", global.HigherPrioritySendAdvert);
        conf.Flag(depth, "vrrp_owner_ignore_adverts", global.OwnerIgnoreAdverts);
        if (global.DownTimerAdverts != defaults.DownTimerAdverts)
        {
            conf.Line(depth, "vrrp_down_timer_adverts", Number(global.DownTimerAdverts));
        }
        foreach (var (keyword, value) in SchedulingKeywords.Values(global.Scheduling))
        {
            conf.Line(depth, keyword, value.ToString(CultureInfo.InvariantCulture));
        }
        conf.LineIf(depth, "nftables", global.NftablesTable);
        if (global.NftablesPriority is { } nftablesPriority)
        {
            conf.Line(depth, "nftables_priority", Number(nftablesPriority));
        }
        conf.Flag(depth, "nftables_counters", global.NftablesCounters);
        foreach (var (keyword, get, _) in GarpKeywords.GlobalDurations)
        {
            if (get(global.Garp) is { } duration && get(GarpSettings.Defaults) != duration)
            {
                conf.Line(depth, keyword, KeepalivedSyntax.Seconds(duration));
            }
        }
        foreach (var (keyword, get, _) in GarpKeywords.GlobalCounts)
        {
            if (get(global.Garp) is { } count && get(GarpSettings.Defaults) != count)
            {
                conf.Line(depth, keyword, Number(count));
            }
        }
        if (global.NotifyFifo is { } notifyFifo)
        {
            conf.Line(depth, "notify_fifo", Quoted(notifyFifo));
        }
        if (global.VrrpNotifyFifo is { } vrrpNotifyFifo)
        {
            conf.Line(depth, "vrrp_notify_fifo", Quoted(vrrpNotifyFifo));
        }
        if (global.StartupDelay != TimeSpan.Zero)
        {
            conf.Line(depth, "vrrp_startup_delay", KeepalivedSyntax.Seconds(global.StartupDelay));
        }
        conf.Flag(depth, "log_unknown_vrids", global.LogUnknownVrids);
        conf.LineIf(depth, "state_dump_file", global.StateDumpFile);
        conf.LineIf(depth, "stats_dump_file", global.StatsDumpFile);
        conf.LineIf(depth, "json_dump_file", global.JsonDumpFile);
        conf.Close(0);
    }

    private static void WriteScript(Builder conf, VrrpScriptConfig script)
    {
        var defaults = new VrrpScriptConfig { Name = script.Name, Script = script.Script };
        conf.Open(0, $"vrrp_script {Word(script.Name)}");
        conf.Line(1, "script", Quoted(script.Script));
        if (script.Interval != defaults.Interval)
        {
            conf.Line(1, "interval", KeepalivedSyntax.Seconds(script.Interval));
        }
        if (script.Timeout is { } timeout)
        {
            conf.Line(1, "timeout", KeepalivedSyntax.Seconds(timeout));
        }
        if (script.Weight != defaults.Weight || script.WeightReverse)
        {
            conf.Line(1, "weight", Number(script.Weight) + (script.WeightReverse ? " reverse" : string.Empty));
        }
        if (script.Rise != defaults.Rise)
        {
            conf.Line(1, "rise", Number(script.Rise));
        }
        if (script.Fall != defaults.Fall)
        {
            conf.Line(1, "fall", Number(script.Fall));
        }
        if (script.User is { } user)
        {
            conf.Line(1, "user", User(user));
        }
        conf.Flag(1, "init_fail", script.InitFail);
        conf.Close(0);
    }

    private static void WriteTrackFile(Builder conf, TrackFileConfig trackFile)
    {
        var defaults = new TrackFileConfig { Name = trackFile.Name, File = trackFile.File };
        // Upstream's current name (keepalived 2.2 reads both; vrrp_track_file is its deprecated synonym).
        conf.Open(0, $"track_file {Word(trackFile.Name)}");
        conf.Line(1, "file", Quoted(trackFile.File));
        if (trackFile.Weight != defaults.Weight || trackFile.WeightReverse)
        {
            conf.Line(1, "weight", Number(trackFile.Weight) + (trackFile.WeightReverse ? " reverse" : string.Empty));
        }
        if (trackFile.InitFile)
        {
            var initFile = new StringBuilder("init_file");
            if (trackFile.InitValue is { } value)
            {
                initFile.Append(' ').Append(Number(value));
            }
            if (trackFile.InitOverwrite)
            {
                initFile.Append(" overwrite");
            }
            conf.Line(1, initFile.ToString());
        }
        conf.Close(0);
    }

    private static void WriteTrackProcess(Builder conf, TrackProcessConfig process)
    {
        conf.Open(0, $"vrrp_track_process {Word(process.Name)}");
        conf.Line(1, "process", string.Join(' ', process.Parameters.Prepend(process.Process).Select(Quoted)));
        // Parameters already imply exact matching and the full command; anything else is said in words.
        var implied = process.Parameters.Count > 0 ? ProcessParameterMatch.Exact : ProcessParameterMatch.None;
        if (process.ParameterMatch != implied)
        {
            conf.Line(1, "param_match", process.ParameterMatch.ToString().ToLowerInvariant());
        }
        conf.Flag(1, "full_command", process.FullCommand && !process.ReadsCommandLineImplicitly());
        if (process.Weight != 0 || process.WeightReverse)
        {
            conf.Line(1, "weight", Number(process.Weight) + (process.WeightReverse ? " reverse" : string.Empty));
        }
        if (process.QuorumMax == 0)
        {
            conf.Line(1, "quorum_max", "0");
        }
        else
        {
            if (process.Quorum != 1)
            {
                conf.Line(1, "quorum", Number(process.Quorum));
            }
            if (process.QuorumMax is { } max)
            {
                conf.Line(1, "quorum_max", Number(max));
            }
        }
        if (process.TerminateDelay == process.ForkDelay && process.ForkDelay > TimeSpan.Zero)
        {
            conf.Line(1, "delay", KeepalivedSyntax.Seconds(process.ForkDelay));
        }
        else
        {
            if (process.TerminateDelay > TimeSpan.Zero)
            {
                conf.Line(1, "terminate_delay", KeepalivedSyntax.Seconds(process.TerminateDelay));
            }
            if (process.ForkDelay > TimeSpan.Zero)
            {
                conf.Line(1, "fork_delay", KeepalivedSyntax.Seconds(process.ForkDelay));
            }
        }
        conf.Close(0);
    }

    private static void WriteSyncGroup(Builder conf, SyncGroupConfig group)
    {
        conf.Open(0, $"vrrp_sync_group {Word(group.Name)}");
        WriteList(conf, 1, "group", group.Members.Select(Word));
        WriteTrackReferences(conf, "track_interface", group.TrackInterfaces);
        WriteTrackReferences(conf, "track_script", group.TrackScripts);
        WriteTrackReferences(conf, "track_file", group.TrackFiles);
        WriteTrackReferences(conf, "track_process", group.TrackProcesses);
        WriteNotify(conf, group.Notify);
        WriteSmtpAlert(conf, group.SmtpAlert);
        conf.Flag(1, "sync_group_tracking_weight", group.TrackingWeight);
        conf.Close(0);
    }

    private static void WriteInstance(Builder conf, VrrpInstanceConfig instance)
    {
        var defaults = new VrrpInstanceConfig { Name = instance.Name };
        conf.Open(0, $"vrrp_instance {Word(instance.Name)}");
        conf.Line(1, "state", instance.InitialState == InitialState.Master ? "MASTER" : "BACKUP");
        conf.LineIf(1, "interface", instance.Interface);
        conf.Line(1, "virtual_router_id", Number(instance.VirtualRouterId));
        conf.Line(1, "priority", Number(instance.Priority));
        if (instance.AdvertInterval != defaults.AdvertInterval)
        {
            conf.Line(1, "advert_int", KeepalivedSyntax.Seconds(instance.AdvertInterval));
        }
        if (instance.Version is { } version)
        {
            conf.Line(1, "version", Number(version));
        }
        conf.Flag(1, "nopreempt", !instance.Preempt);
        if (instance.PreemptDelay != defaults.PreemptDelay)
        {
            conf.Line(1, "preempt_delay", KeepalivedSyntax.Seconds(instance.PreemptDelay));
        }
        if (instance.Accept is { } accept)
        {
            conf.Line(1, accept ? "accept" : "no_accept");
        }
        conf.Flag(1, "dont_track_primary", instance.DontTrackPrimary);
        conf.LineIf(1, "mcast_src_ip", instance.MulticastSourceIp?.ToString());
        conf.LineIf(1, "mcast_dst_ip", instance.MulticastDestinationIp?.ToString());
        conf.LineIf(1, "unicast_src_ip", instance.UnicastSourceIp?.ToString());
        if (instance.UnicastPeers.Count > 0)
        {
            WriteList(conf, 1, "unicast_peer", instance.UnicastPeers.Select(KeepalivedSyntax.Peer));
        }
        conf.Flag(1, "v3_checksum_as_v2", instance.V3ChecksumAsV2);
        if (instance.UnicastTtl is { } unicastTtl)
        {
            conf.Line(1, "unicast_ttl", Number(unicastTtl));
        }
        conf.Flag(1, "check_unicast_src", instance.CheckUnicastSource);
        conf.Flag(1, "skip_check_adv_addr", instance.SkipCheckAdvertAddresses);
        conf.Flag(1, "promote_secondaries", instance.PromoteSecondaries);
        if (instance.VirtualMac is { } vmac)
        {
            conf.Line(1, string.Join(' ', new[] { "use_vmac", vmac.InterfaceName is null ? null : Word(vmac.InterfaceName), vmac.Address }.OfType<string>()));
            conf.Flag(1, "vmac_xmit_base", vmac.TransmitOnBase);
        }
        conf.Flag(1, "use_vmac_addr", instance.UseVirtualMacForAddresses);
        conf.Flag(1, "no_virtual_ipaddress", instance.NoVirtualAddresses);
        conf.Switch(1, "strict_mode", instance.StrictMode);
        conf.Switch(1, "lower_prio_no_advert", instance.LowerPriorityNoAdvert);
        conf.Switch(1, "higher_prio_send_advert", instance.HigherPrioritySendAdvert);
        conf.Switch(1, "owner_ignore_adverts", instance.OwnerIgnoreAdverts);
        if (instance.DownTimerAdverts is { } downTimerAdverts)
        {
            conf.Line(1, "down_timer_adverts", Number(downTimerAdverts));
        }
        conf.Flag(1, "unicast_fault_no_peer", instance.UnicastFaultNoPeer);
        if (instance.Authentication is { } authentication)
        {
            conf.Open(1, "authentication");
            conf.Line(2, "auth_type", authentication.Type == AuthenticationType.Pass ? "PASS" : "AH");
            conf.Line(2, "auth_pass", Word(authentication.Password));
            conf.Close(1);
        }
        if (instance.VirtualIpAddresses.Count > 0)
        {
            WriteList(conf, 1, "virtual_ipaddress", instance.VirtualIpAddresses.Select(KeepalivedSyntax.Address));
        }
        if (instance.ExcludedVirtualIpAddresses.Count > 0)
        {
            WriteList(conf, 1, "virtual_ipaddress_excluded", instance.ExcludedVirtualIpAddresses.Select(KeepalivedSyntax.Address));
        }
        if (instance.VirtualRoutes.Count > 0)
        {
            WriteList(conf, 1, "virtual_routes", instance.VirtualRoutes.Select(KeepalivedSyntax.Route));
        }
        if (instance.VirtualRules.Count > 0)
        {
            WriteList(conf, 1, "virtual_rules", instance.VirtualRules.Select(KeepalivedSyntax.Rule));
        }
        WriteTrackReferences(conf, "track_interface", instance.TrackInterfaces);
        WriteTrackReferences(conf, "track_script", instance.TrackScripts);
        WriteTrackReferences(conf, "track_file", instance.TrackFiles);
        WriteTrackReferences(conf, "track_process", instance.TrackProcesses);
        foreach (var (keyword, get, _) in GarpKeywords.InstanceDurations)
        {
            if (get(instance.Garp) is { } duration)
            {
                conf.Line(1, keyword, KeepalivedSyntax.Seconds(duration));
            }
        }
        foreach (var (keyword, get, _) in GarpKeywords.InstanceCounts)
        {
            if (get(instance.Garp) is { } count)
            {
                conf.Line(1, keyword, Number(count));
            }
        }
        WriteNotify(conf, instance.Notify);
        WriteSmtpAlert(conf, instance.SmtpAlert);
        conf.Close(0);
    }

    private static void WriteNotify(Builder conf, NotifyConfig notify)
    {
        foreach (var (keyword, get, _) in NotifyKeywords.All)
        {
            if (get(notify) is { } script)
            {
                conf.Line(1, keyword, Quoted(script.Command) + (script.User is { } user ? " " + User(user) : string.Empty));
            }
        }
    }

    private static void WriteSmtpAlert(Builder conf, bool? smtpAlert)
    {
        if (smtpAlert is { } alert)
        {
            conf.Line(1, alert ? "smtp_alert" : "smtp_alert false");
        }
    }

    private static void WriteTrackReferences(Builder conf, string keyword, ValueList<TrackReference> references)
    {
        if (references.Count > 0)
        {
            WriteList(conf, 1, keyword, references.Select(KeepalivedSyntax.TrackReference));
        }
    }

    private static void WriteList(Builder conf, int depth, string keyword, IEnumerable<string> lines)
    {
        conf.Open(depth, keyword);
        foreach (var line in lines)
        {
            conf.Line(depth + 1, line);
        }
        conf.Close(depth);
    }

    private static string User(ScriptUser user) => user.Group is null ? Word(user.User) : $"{Word(user.User)} {Word(user.Group)}";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Commands and paths are always quoted, as keepalived's documentation writes them. Inside quotes
    /// keepalived reads backslash escapes, so backslashes, quotes and control characters are escaped.
    /// </summary>
    private static string Quoted(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var character in text)
        {
            _ = character switch
            {
                '\\' => quoted.Append(@"\\"),
                '"' => quoted.Append("\\\""),
                '\n' => quoted.Append(@"\n"),
                '\t' => quoted.Append(@"\t"),
                '\r' => quoted.Append(@"\r"),
                _ when char.IsControl(character) => quoted.Append(CultureInfo.InvariantCulture, $"\\x{(int)character:x2}"),
                _ => quoted.Append(character),
            };
        }
        return quoted.Append('"').ToString();
    }

    /// <summary>A single word stays bare; anything keepalived would split or treat as a comment is quoted.</summary>
    private static string Word(string text) =>
        text.Length > 0 && !text.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '#' or '!' or '{' or '}') ? text : Quoted(text);

    private sealed class Builder
    {
        private const int IndentWidth = 4;
        private readonly StringBuilder _text = new();

        public void Open(int depth, string header) => Line(depth, header + " {");

        public void Close(int depth) => Line(depth, "}");

        public void BlankLine() => _text.Append('\n');

        public void Line(int depth, string keyword, string value) => Line(depth, $"{keyword} {value}");

        public void LineIf(int depth, string keyword, string? value)
        {
            if (value is not null)
            {
                Line(depth, keyword, Word(value));
            }
        }

        public void Flag(int depth, string keyword, bool value)
        {
            if (value)
            {
                Line(depth, keyword);
            }
        }

        /// <summary>A switch set either way (<c>keyword true|false</c>), or nothing when it is left to inherit.</summary>
        public void Switch(int depth, string keyword, bool? value)
        {
            if (value is { } set)
            {
                Line(depth, keyword, set ? "true" : "false");
            }
        }

        public void Line(int depth, string text) => _text.Append(' ', depth * IndentWidth).Append(text).Append('\n');

        public override string ToString() => _text.ToString();
    }
}
