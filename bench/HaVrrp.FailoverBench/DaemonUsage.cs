using System.Diagnostics;
using System.Globalization;
using HaVrrp.TestSupport;

namespace HaVrrp.FailoverBench;

/// <summary>
/// One process's CPU over a window (the change of utime+stime in /proc/PID/stat, as a share of one core) and its
/// resident memory at the end of it (VmRSS in /proc/PID/status).
/// </summary>
internal sealed record DaemonUsage(TimeSpan Window, double CpuPercent, long ResidentKilobytes)
{
    private static readonly Lazy<double> ClockTicksPerSecond = new(() =>
        double.Parse(TestCommand.Run("getconf", ["CLK_TCK"]).Trim(), CultureInfo.InvariantCulture));

    public static async Task<DaemonUsage> MeasureAsync(int processId, TimeSpan window)
    {
        var before = CpuTicks(processId);
        var clock = Stopwatch.StartNew();
        await Task.Delay(window); // the measurement window itself, not a wait for a condition
        var after = CpuTicks(processId);
        var elapsed = clock.Elapsed;
        return new DaemonUsage(elapsed, 100 * (after - before) / ClockTicksPerSecond.Value / elapsed.TotalSeconds, ReadResidentKilobytes(processId));
    }

    private static double CpuTicks(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        // Fields after "(comm) ": state is index 0, so utime (field 14) is 11 and stime (15) is 12.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static long ReadResidentKilobytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(text => text.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
