namespace HaVrrp.Engine.Configuration.Validation;

public sealed partial class ConfigValidator
{
    /// <summary>
    /// keepalived reports these as configuration errors (and clamps the priority to the kernel's range); havrrpd
    /// refuses them, so that what runs is what the file says.
    /// </summary>
    private static void CheckScheduling(GlobalSettings global, DiagnosticBag diagnostics)
    {
        var scheduling = global.Scheduling;
        if (scheduling.RealtimePriority is { } realtime and (< SchedulingSettings.LowestRealtimePriority or > SchedulingSettings.HighestRealtimePriority))
        {
            diagnostics.Error(DiagnosticCodes.SchedulingOutOfRange, global.Source.ValueOf("vrrp_rt_priority"),
                $"vrrp_rt_priority {realtime} is out of range {SchedulingSettings.LowestRealtimePriority}-{SchedulingSettings.HighestRealtimePriority}");
        }
        if (scheduling.RealtimeLimit is { } limit && limit < TimeSpan.FromMicroseconds(2))
        {
            diagnostics.Error(DiagnosticCodes.SchedulingOutOfRange, global.Source.ValueOf("vrrp_rlimit_rttime"),
                $"vrrp_rlimit_rttime {limit.TotalMicroseconds} is out of range: give the CPU time in microseconds, at least 2");
        }
        if (scheduling.Nice is { } nice and (< SchedulingSettings.LowestNice or > SchedulingSettings.HighestNice))
        {
            diagnostics.Error(DiagnosticCodes.SchedulingOutOfRange, global.Source.ValueOf("vrrp_priority"),
                $"vrrp_priority {nice} is out of range {SchedulingSettings.LowestNice}-{SchedulingSettings.HighestNice} (a nice value)");
        }
    }
}
