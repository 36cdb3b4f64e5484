namespace HaVrrp.Engine.Configuration.Syntax;

/// <summary>
/// The GARP timing keywords, the same in keepalived.conf and YAML. Instances use keepalived's <c>garp_*</c> names; global_defs prefixes them with
/// <c>vrrp_</c> and adds the gaps between packets, again as keepalived does.
/// </summary>
internal static class GarpKeywords
{
    public static readonly IReadOnlyList<(string Keyword, Func<GarpSettings, TimeSpan?> Get, Func<GarpSettings, TimeSpan, GarpSettings> Set)> InstanceDurations =
    [
        ("garp_master_delay", garp => garp.MasterDelay, (garp, value) => garp with { MasterDelay = value }),
        ("garp_lower_prio_delay", garp => garp.LowerPriorityDelay, (garp, value) => garp with { LowerPriorityDelay = value }),
        ("garp_master_refresh", garp => garp.MasterRefresh, (garp, value) => garp with { MasterRefresh = value }),
    ];

    public static readonly IReadOnlyList<(string Keyword, Func<GarpSettings, int?> Get, Func<GarpSettings, int, GarpSettings> Set)> InstanceCounts =
    [
        ("garp_master_repeat", garp => garp.MasterRepeat, (garp, value) => garp with { MasterRepeat = value }),
        ("garp_lower_prio_repeat", garp => garp.LowerPriorityRepeat, (garp, value) => garp with { LowerPriorityRepeat = value }),
        ("garp_master_refresh_repeat", garp => garp.MasterRefreshRepeat, (garp, value) => garp with { MasterRefreshRepeat = value }),
    ];

    public static readonly IReadOnlyList<(string Keyword, Func<GarpSettings, TimeSpan?> Get, Func<GarpSettings, TimeSpan, GarpSettings> Set)> GlobalDurations =
    [
        .. InstanceDurations.Select(entry => ("vrrp_" + entry.Keyword, entry.Get, entry.Set)),
        ("vrrp_garp_interval", garp => garp.Interval, (garp, value) => garp with { Interval = value }),
        ("vrrp_gna_interval", garp => garp.NaInterval, (garp, value) => garp with { NaInterval = value }),
    ];

    public static readonly IReadOnlyList<(string Keyword, Func<GarpSettings, int?> Get, Func<GarpSettings, int, GarpSettings> Set)> GlobalCounts =
        [.. InstanceCounts.Select(entry => ("vrrp_" + entry.Keyword, entry.Get, entry.Set))];
}
