using HaVrrp.Engine.Configuration.Syntax;

namespace HaVrrp.Engine.Configuration.Yaml;

/// <summary>Reads <c>global_defs</c>.</summary>
internal static class YamlGlobalReader
{
    public static GlobalSettings Read(YamlConfigNode node, SourceLocation location, YamlReadContext context)
    {
        var source = new SourceMap(location);
        var global = new GlobalSettings { Source = source };
        if (node is ScalarNode { IsNull: true })
        {
            return global;
        }

        var handlers = new Dictionary<string, Action<YamlConfigNode>>
        {
            ["router_id"] = value => global = context.Text(value, "router_id") is { } id ? global with { RouterId = id } : global,
            ["vrrp_mcast_group4"] = value =>
                global = context.Address(value, "vrrp_mcast_group4") is { } group ? global with { MulticastGroup4 = group } : global,
            ["vrrp_mcast_group6"] = value =>
                global = context.Address(value, "vrrp_mcast_group6") is { } group ? global with { MulticastGroup6 = group } : global,
            ["vrrp_version"] = value => global = context.Integer(value, "vrrp_version") is { } version ? global with { VrrpVersion = version } : global,
            ["script_user"] = value =>
                global = YamlTrackingReader.ReadScriptUser(value, "script_user", context) is { } user ? global with { ScriptUser = user } : global,
            ["enable_script_security"] = value =>
                global = context.Boolean(value, "enable_script_security") is { } secure ? global with { EnableScriptSecurity = secure } : global,
            ["vrrp_strict"] = value => global = context.Boolean(value, "vrrp_strict") is { } strict ? global with { VrrpStrict = strict } : global,
            ["v3_checksum_as_v2"] = value => global = context.Boolean(value, "v3_checksum_as_v2") is { } asV2 ? global with { V3ChecksumAsV2 = asV2 } : global,
            ["log_unknown_vrids"] = value =>
                global = context.Boolean(value, "log_unknown_vrids") is { } log ? global with { LogUnknownVrids = log } : global,
            ["state_dump_file"] = value => global = context.Text(value, "state_dump_file") is { } path ? global with { StateDumpFile = path } : global,
            ["stats_dump_file"] = value => global = context.Text(value, "stats_dump_file") is { } path ? global with { StatsDumpFile = path } : global,
            ["json_dump_file"] = value => global = context.Text(value, "json_dump_file") is { } path ? global with { JsonDumpFile = path } : global,
            ["vrrp_check_unicast_src"] = value =>
                global = context.Boolean(value, "vrrp_check_unicast_src") is { } check ? global with { CheckUnicastSource = check } : global,
            ["vrrp_skip_check_adv_addr"] = value =>
                global = context.Boolean(value, "vrrp_skip_check_adv_addr") is { } skip ? global with { SkipCheckAdvertAddresses = skip } : global,
            ["vrrp_lower_prio_no_advert"] = value =>
                global = context.Boolean(value, "vrrp_lower_prio_no_advert") is { } quiet ? global with { LowerPriorityNoAdvert = quiet } : global,
            ["vrrp_higher_prio_send_advert"] = value =>
                global = context.Boolean(value, "vrrp_higher_prio_send_advert") is { } send ? global with { HigherPrioritySendAdvert = send } : global,
            ["nftables"] = value => global = context.Text(value, "nftables") is { } table ? global with { NftablesTable = table } : global,
            ["nftables_priority"] = value =>
                global = context.Integer(value, "nftables_priority") is { } priority ? global with { NftablesPriority = priority } : global,
            ["nftables_counters"] = value =>
                global = context.Boolean(value, "nftables_counters") is { } counters ? global with { NftablesCounters = counters } : global,
            ["vrrp_down_timer_adverts"] = value => global = context.Integer(value, "vrrp_down_timer_adverts") is { } adverts
                ? global with { DownTimerAdverts = adverts } : global,
            ["vrrp_owner_ignore_adverts"] = value =>
                global = context.Boolean(value, "vrrp_owner_ignore_adverts") is { } ignore ? global with { OwnerIgnoreAdverts = ignore } : global,
            ["notify_fifo"] = value => global = context.Text(value, "notify_fifo") is { } fifo ? global with { NotifyFifo = fifo } : global,
            ["vrrp_notify_fifo"] = value =>
                global = context.Text(value, "vrrp_notify_fifo") is { } fifo ? global with { VrrpNotifyFifo = fifo } : global,
            ["vrrp_startup_delay"] = value =>
                global = context.Duration(value, "vrrp_startup_delay") is { } delay ? global with { StartupDelay = delay } : global,
            ["notification_email"] = value =>
                global = global with { NotificationEmails = YamlTrackingReader.ReadNames(value, "notification_email", context) },
            ["notification_email_from"] = value =>
                global = context.Text(value, "notification_email_from") is { } from ? global with { NotificationEmailFrom = from } : global,
            ["smtp_server"] = value => global = context.Text(value, "smtp_server") is { } server ? global with { SmtpServer = server } : global,
            ["smtp_connect_timeout"] = value =>
                global = context.Duration(value, "smtp_connect_timeout") is { } timeout ? global with { SmtpConnectTimeout = timeout } : global,
        };
        foreach (var (keyword, _, set) in GarpKeywords.GlobalDurations)
        {
            handlers[keyword] = value => global = context.Duration(value, keyword) is { } duration
                ? global with { Garp = set(global.Garp, duration) }
                : global;
        }
        foreach (var (keyword, _, set) in GarpKeywords.GlobalCounts)
        {
            handlers[keyword] = value => global = context.Integer(value, keyword) is { } count
                ? global with { Garp = set(global.Garp, count) }
                : global;
        }

        foreach (var (keyword, _, set) in SchedulingKeywords.All)
        {
            handlers[keyword] = value => global = context.Integer(value, keyword) is { } number
                ? global with { Scheduling = set(global.Scheduling, number) }
                : global;
        }

        context.ReadMapping(node, "global_defs", source, handlers);
        return global;
    }
}
