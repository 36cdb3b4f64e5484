using HaVrrp.Engine.Configuration.Syntax;

namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>Reads <c>global_defs { ... }</c> into <see cref="GlobalSettings"/>; several blocks add up, as in keepalived.</summary>
internal sealed class KeepalivedGlobalMapper(KeepalivedValueReader values, KeepalivedTrackingMapper tracking)
{
    public GlobalSettings Apply(GlobalSettings global, KeepalivedNode node)
    {
        var map = global.Source.Location.IsKnown ? global.Source : new SourceMap(node.Location);
        global = global with { Source = map };
        var garp = global.Garp;
        foreach (var statement in values.Block(node))
        {
            if (TryGarp(statement, map, ref garp))
            {
                continue;
            }
            if (TryScheduling(statement, map, global.Scheduling) is { } scheduling)
            {
                global = global with { Scheduling = scheduling };
                continue;
            }
            global = ApplyStatement(global, statement, map);
        }
        return global with { Garp = garp };
    }

    private GlobalSettings ApplyStatement(GlobalSettings global, KeepalivedNode statement, SourceMap map)
    {
        switch (statement.Name)
        {
            case "router_id":
                return global with { RouterId = values.Text(statement, map) ?? global.RouterId };
            case "vrrp_mcast_group4":
                return global with { MulticastGroup4 = values.Address(statement, map) ?? global.MulticastGroup4 };
            case "vrrp_mcast_group6":
                return global with { MulticastGroup6 = values.Address(statement, map) ?? global.MulticastGroup6 };
            case "script_user":
                return global with { ScriptUser = tracking.User(statement, map) ?? global.ScriptUser };
            case "enable_script_security":
                return global with { EnableScriptSecurity = values.Flag(statement, map) };
            case "vrrp_version":
                return global with { VrrpVersion = values.Integer(statement, map) ?? global.VrrpVersion };
            case "vrrp_strict":
                return global with { VrrpStrict = values.Flag(statement, map) };
            case "v3_checksum_as_v2":
                return global with { V3ChecksumAsV2 = values.Flag(statement, map) };
            case "log_unknown_vrids":
                return global with { LogUnknownVrids = values.Flag(statement, map) };
            case "state_dump_file":
                return global with { StateDumpFile = values.Text(statement, map) ?? global.StateDumpFile };
            case "stats_dump_file":
                return global with { StatsDumpFile = values.Text(statement, map) ?? global.StatsDumpFile };
            case "json_dump_file":
                return global with { JsonDumpFile = values.Text(statement, map) ?? global.JsonDumpFile };
            case "vrrp_check_unicast_src":
                return global with { CheckUnicastSource = values.Flag(statement, map) };
            case "vrrp_skip_check_adv_addr":
                return global with { SkipCheckAdvertAddresses = values.Flag(statement, map) };
            case "vrrp_lower_prio_no_advert":
                return global with { LowerPriorityNoAdvert = values.Flag(statement, map) };
            case "vrrp_higher_prio_send_advert":
                return global with { HigherPrioritySendAdvert = values.Flag(statement, map) };
            case "vrrp_owner_ignore_adverts":
                return global with { OwnerIgnoreAdverts = values.Flag(statement, map) };
            case "nftables":
                // Bare, it asks for nftables with the default table, which is what havrrpd always uses.
                return statement.Arguments.Count == 0 ? global : global with { NftablesTable = values.Text(statement, map) ?? global.NftablesTable };
            case "nftables_priority":
                return values.Integer(statement, map) is { } priority ? global with { NftablesPriority = priority } : global;
            case "nftables_counters":
                return global with { NftablesCounters = values.Flag(statement, map) };
            case "vrrp_down_timer_adverts":
                return global with { DownTimerAdverts = values.Integer(statement, map) ?? global.DownTimerAdverts };
            case "notify_fifo":
                return global with { NotifyFifo = Fifo(statement, map) ?? global.NotifyFifo };
            case "vrrp_notify_fifo":
                return global with { VrrpNotifyFifo = Fifo(statement, map) ?? global.VrrpNotifyFifo };
            case "vrrp_startup_delay":
                return global with { StartupDelay = values.Seconds(statement, map) ?? global.StartupDelay };
            case "notification_email":
                return global with { NotificationEmails = Emails(statement, map) };
            case "notification_email_from":
                return global with { NotificationEmailFrom = values.Text(statement, map) ?? global.NotificationEmailFrom };
            case "smtp_server":
                return global with { SmtpServer = SmtpServer(statement, map) ?? global.SmtpServer };
            case "smtp_connect_timeout":
                return global with { SmtpConnectTimeout = values.Seconds(statement, map) ?? global.SmtpConnectTimeout };
            default:
                values.Unknown(statement, "global_defs", KeepalivedKeywords.UnsupportedGlobal);
                return global;
        }
    }

    private SchedulingSettings? TryScheduling(KeepalivedNode statement, SourceMap map, SchedulingSettings scheduling)
    {
        var keyword = statement.Name == SchedulingKeywords.OldRealtimeLimitKeyword ? "vrrp_rlimit_rttime" : statement.Name;
        foreach (var (name, _, set) in SchedulingKeywords.All)
        {
            if (name == keyword)
            {
                var value = values.Integer(statement, map);
                // Diagnostics name the value's place under the current keyword.
                map.Set(KeepalivedValueReader.ValueKey(keyword), map.Of(KeepalivedValueReader.ValueKey(statement.Name)));
                return value is { } number ? set(scheduling, number) : scheduling;
            }
        }
        return null;
    }

    private bool TryGarp(KeepalivedNode statement, SourceMap map, ref GarpSettings garp)
    {
        switch (statement.Name)
        {
            case "vrrp_garp_master_delay":
                garp = garp with { MasterDelay = values.Seconds(statement, map) ?? garp.MasterDelay };
                return true;
            case "vrrp_garp_master_repeat":
                garp = garp with { MasterRepeat = values.Integer(statement, map) ?? garp.MasterRepeat };
                return true;
            case "vrrp_garp_master_refresh":
                garp = garp with { MasterRefresh = values.Seconds(statement, map) ?? garp.MasterRefresh };
                return true;
            case "vrrp_garp_master_refresh_repeat":
                garp = garp with { MasterRefreshRepeat = values.Integer(statement, map) ?? garp.MasterRefreshRepeat };
                return true;
            case "vrrp_garp_lower_prio_delay":
                garp = garp with { LowerPriorityDelay = values.Seconds(statement, map) ?? garp.LowerPriorityDelay };
                return true;
            case "vrrp_garp_lower_prio_repeat":
                garp = garp with { LowerPriorityRepeat = values.Integer(statement, map) ?? garp.LowerPriorityRepeat };
                return true;
            case "vrrp_garp_interval":
                garp = garp with { Interval = values.Seconds(statement, map) ?? garp.Interval };
                return true;
            case "vrrp_gna_interval":
                garp = garp with { NaInterval = values.Seconds(statement, map) ?? garp.NaInterval };
                return true;
            default:
                return false;
        }
    }

    /// <summary><c>notify_fifo PATH [USER [GROUP]]</c>: the owner is keepalived's business, the path is ours.</summary>
    private string? Fifo(KeepalivedNode statement, SourceMap map)
    {
        values.Record(statement, map);
        if (statement.Arguments.Count == 0)
        {
            values.Diagnostics.Error(DiagnosticCodes.MissingValue, statement.Location, $"{statement.Name} needs a value");
            return null;
        }
        values.WarnExtra(statement, allowed: 3);
        map.Set(KeepalivedValueReader.ValueKey(statement.Name), statement.Arguments[0].Location);
        return statement.Arguments[0].Text;
    }

    /// <summary><c>smtp_server HOST [PORT]</c>.</summary>
    private string? SmtpServer(KeepalivedNode statement, SourceMap map)
    {
        values.Record(statement, map);
        if (statement.Arguments.Count == 0)
        {
            values.Diagnostics.Error(DiagnosticCodes.MissingValue, statement.Location, $"{statement.Name} needs a value");
            return null;
        }
        values.WarnExtra(statement, allowed: 2);
        map.Set(KeepalivedValueReader.ValueKey(statement.Name), statement.Arguments[0].Location);
        return string.Join(' ', statement.Arguments.Take(2).Select(token => token.Text));
    }

    private ValueList<string> Emails(KeepalivedNode statement, SourceMap map)
    {
        var emails = new List<string>();
        foreach (var item in values.Block(statement, map))
        {
            emails.Add(item.Name);
            emails.AddRange(item.Arguments.Select(argument => argument.Text));
        }
        return emails;
    }
}
