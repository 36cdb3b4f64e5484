using System.Diagnostics;
using System.Globalization;
using HaVrrp.TestSupport;

namespace HaVrrp.FailoverBench;

/// <summary>
/// One process's CPU over a window (the change of utime+stime in /proc/PID/stat, as a share of one core) and its
/// resident memory and thread count at the end of it (VmRSS and Threads in /proc/PID/status).
/// </summary>
internal sealed record DaemonUsage(TimeSpan Window, double CpuPercent, long ResidentKilobytes, int Threads)
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
        return new DaemonUsage(
            elapsed, 100 * (after - before) / ClockTicksPerSecond.Value / elapsed.TotalSeconds,
            ReadResidentKilobytes(processId),
            int.Parse(StatusField(processId, "Threads"), CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Waits until the process's resident memory stops growing: three samples 5 s apart within 256 KiB of each other.
    /// A freshly started daemon's RSS climbs for a minute or two while the garbage collector's first generation fills
    /// up to its first collection (about 220 KiB/s with 255 instances), then stays flat; a window measured during that
    /// climb charges the climb to whatever the window is about (docs/performance.md, idle clients).
    /// </summary>
    public static async Task<TimeSpan> WaitForSteadyResidentMemoryAsync(int processId, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        var samples = new List<long> { ReadResidentKilobytes(processId) };
        while (clock.Elapsed < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(5)); // the sampling period of the condition, not a guess at it
            samples.Add(ReadResidentKilobytes(processId));
            var lastThree = samples.TakeLast(3).ToList();
            if (lastThree.Count == 3 && lastThree.Max() - lastThree.Min() <= 256)
            {
                return clock.Elapsed;
            }
        }
        throw new TimeoutException($"havrrpd's RSS did not settle within {deadline.TotalSeconds} s: {string.Join(", ", samples)} KiB");
    }

    private static long ReadResidentKilobytes(int processId) =>
        long.Parse(StatusField(processId, "VmRSS").Split(' ')[0], CultureInfo.InvariantCulture);

    private static double CpuTicks(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        // Fields after "(comm) ": state is index 0, so utime (field 14) is 11 and stime (15) is 12.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static string StatusField(int processId, string name)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(text => text.StartsWith(name + ":", StringComparison.Ordinal));
        return line[(name.Length + 1)..].Trim();
    }
}
