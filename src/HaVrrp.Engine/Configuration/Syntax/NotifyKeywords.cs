namespace HaVrrp.Engine.Configuration.Syntax;

/// <summary>The notify_* keywords, the same for instances and sync groups and in keepalived.conf and YAML.</summary>
internal static class NotifyKeywords
{
    public static readonly IReadOnlyList<(string Keyword, Func<NotifyConfig, NotifyScript?> Get, Func<NotifyConfig, NotifyScript, NotifyConfig> Apply)> All =
    [
        ("notify_master", notify => notify.Master, (notify, script) => notify with { Master = script }),
        ("notify_backup", notify => notify.Backup, (notify, script) => notify with { Backup = script }),
        ("notify_fault", notify => notify.Fault, (notify, script) => notify with { Fault = script }),
        ("notify_stop", notify => notify.Stop, (notify, script) => notify with { Stop = script }),
        ("notify", notify => notify.Any, (notify, script) => notify with { Any = script }),
        ("notify_master_rx_lower_pri", notify => notify.MasterRxLowerPriority, (notify, script) => notify with { MasterRxLowerPriority = script }),
    ];
}
