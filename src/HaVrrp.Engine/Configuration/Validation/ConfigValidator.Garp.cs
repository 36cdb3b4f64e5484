namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>Rules about gratuitous ARP / unsolicited NA timing, global and per instance.</summary>
public sealed partial class ConfigValidator
{
    private const int MaxGarpRepeat = 255;

    /// <summary>keepalived keeps GARP timings in 32-bit microseconds, so 4294 s is the most it can hold.</summary>
    private static readonly TimeSpan MaxGarpDuration = TimeSpan.FromSeconds(4294);

    /// <summary>
    /// Checks <paramref name="garp"/>'s set members. <paramref name="keywordPrefix"/> is <c>vrrp_</c> for
    /// global_defs (<c>vrrp_garp_master_delay</c>) and empty inside an instance (<c>garp_master_delay</c>).
    /// </summary>
    private static void CheckGarp(GarpSettings garp, string keywordPrefix, SourceMap source, DiagnosticBag diagnostics)
    {
        CheckGarpRepeat(keywordPrefix + "garp_master_repeat", garp.MasterRepeat, source, diagnostics);
        CheckGarpRepeat(keywordPrefix + "garp_lower_prio_repeat", garp.LowerPriorityRepeat, source, diagnostics);
        CheckGarpRepeat(keywordPrefix + "garp_master_refresh_repeat", garp.MasterRefreshRepeat, source, diagnostics);
        CheckGarpDelay(keywordPrefix + "garp_master_delay", garp.MasterDelay, source, diagnostics);
        CheckGarpDelay(keywordPrefix + "garp_lower_prio_delay", garp.LowerPriorityDelay, source, diagnostics);
        CheckGarpDelay(keywordPrefix + "garp_master_refresh", garp.MasterRefresh, source, diagnostics);
        CheckGarpInterval(keywordPrefix + "garp_interval", garp.Interval, source, diagnostics);
        CheckGarpInterval(keywordPrefix + "gna_interval", garp.NaInterval, source, diagnostics);
    }

    /// <summary>A burst of no packets would leave switches pointing at the old master.</summary>
    private static void CheckGarpRepeat(string keyword, int? repeat, SourceMap source, DiagnosticBag diagnostics)
    {
        if (repeat is { } value and (< 1 or > MaxGarpRepeat))
        {
            diagnostics.Error(DiagnosticCodes.GarpOutOfRange, source.ValueOf(keyword),
                $"{keyword} {value} is out of range 1-255");
        }
    }

    private static void CheckGarpDelay(string keyword, TimeSpan? delay, SourceMap source, DiagnosticBag diagnostics)
    {
        if (delay is { } value && (value < TimeSpan.Zero || value > MaxGarpDuration))
        {
            diagnostics.Error(DiagnosticCodes.GarpOutOfRange, source.ValueOf(keyword),
                $"{keyword} {Seconds(value)} is out of range 0-4294 seconds");
        }
    }

    /// <summary>keepalived 2.x rejects a zero gap between packets; leave the keyword out for no gap.</summary>
    private static void CheckGarpInterval(string keyword, TimeSpan? interval, SourceMap source, DiagnosticBag diagnostics)
    {
        if (interval is { } value && (value <= TimeSpan.Zero || value > MaxGarpDuration))
        {
            diagnostics.Error(DiagnosticCodes.GarpOutOfRange, source.ValueOf(keyword),
                $"{keyword} {Seconds(value)} is out of range: it must be more than 0 and at most 4294 seconds");
        }
    }
}
