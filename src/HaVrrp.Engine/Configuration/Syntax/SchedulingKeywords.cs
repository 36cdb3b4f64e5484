namespace HaVrrp.Engine.Configuration.Syntax;

/// <summary>
/// keepalived's scheduling keywords of global_defs, whole numbers in keepalived.conf and YAML alike (the limit in
/// microseconds, as keepalived writes it), so that a converted file reads the same.
/// </summary>
internal static class SchedulingKeywords
{
    public static readonly IReadOnlyList<(string Keyword, Func<SchedulingSettings, long?> Get, Func<SchedulingSettings, int, SchedulingSettings> Set)> All =
    [
        ("vrrp_rt_priority", scheduling => scheduling.RealtimePriority, (scheduling, value) => scheduling with { RealtimePriority = value }),
        ("vrrp_rlimit_rttime", scheduling => (long?)scheduling.RealtimeLimit?.TotalMicroseconds,
            (scheduling, value) => scheduling with { RealtimeLimit = TimeSpan.FromMicroseconds(value) }),
        ("vrrp_priority", scheduling => scheduling.Nice, (scheduling, value) => scheduling with { Nice = value }),
    ];

    /// <summary>keepalived still reads the name it used before 2.1 as a synonym of <c>vrrp_rlimit_rttime</c>.</summary>
    public const string OldRealtimeLimitKeyword = "vrrp_rlimit_rtime";

    /// <summary>The keywords a writer emits: those set.</summary>
    public static IEnumerable<(string Keyword, long Value)> Values(SchedulingSettings scheduling) =>
        All.Where(entry => entry.Get(scheduling) is not null).Select(entry => (entry.Keyword, entry.Get(scheduling)!.Value));
}
