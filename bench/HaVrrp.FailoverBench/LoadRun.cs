using System.Diagnostics;
using System.Globalization;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.FailoverBench;

/// <summary>What a daemon cost over a steady-state window: CPU share and memory, summed over its processes.</summary>
/// <param name="InstanceCount">VRRP instances the daemon ran.</param>
/// <param name="Window">How long the window lasted.</param>
/// <param name="CpuPercent">utime+stime over the window, as a share of one core.</param>
/// <param name="ResidentKilobytes">VmRSS at the end of the window.</param>
/// <param name="PeakResidentKilobytes">The largest VmRSS of the once-a-second samples taken through the window.</param>
/// <param name="ProcessCount">The daemon's processes (keepalived: parent and VRRP child).</param>
/// <param name="Threads">Their threads at the end of the window.</param>
internal sealed record LoadFigures(
    int InstanceCount, TimeSpan Window, double CpuPercent, long ResidentKilobytes, long PeakResidentKilobytes, int ProcessCount, int Threads);

/// <summary>
/// Many instances on one node, all masters (no peer), for a fixed window: CPU from the change of
/// utime+stime in /proc/PID/stat, memory from VmRSS in /proc/PID/status, summed over the daemon's
/// process group (keepalived's parent and VRRP child).
/// </summary>
internal static class LoadRun
{
    public static async Task<LoadFigures> RunAsync(BenchDaemon implementation, int instanceCount, TimeSpan window)
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        var node = lab.Nodes[0];
        using var daemon = DaemonLauncher.Start(implementation, node, BenchConfigurations.ManyInstances(node, instanceCount));

        // Steady state: every instance has become master and set its address.
        await Eventually.WaitUntilAsync(
            () => VipHolders.Holds(node, BenchConfigurations.ManyInstancesAddress(instanceCount)) &&
                  VipHolders.Holds(node, BenchConfigurations.ManyInstancesAddress(1)),
            TimeSpan.FromSeconds(120), "master of every instance");

        // Past the second gratuitous-ARP burst (garp_master_delay, 5 s by default) and its log lines: the
        // figure is the steady-state cost of keeping 255 instances alive, for either daemon.
        await Task.Delay(SettleTime);

        var processGroup = daemon.Process.ProcessId;
        var ticksBefore = CpuTicks(processGroup);
        var clock = Stopwatch.StartNew();
        var peak = 0L;
        while (clock.Elapsed < window)
        {
            // The measurement window itself, sampled once a second for the peak, not a wait for a condition.
            await Task.Delay(Min(window - clock.Elapsed, TimeSpan.FromSeconds(1)));
            peak = Math.Max(peak, ProcessGroups.LiveMembers(processGroup).Sum(processId => StatusKilobytes(processId, "VmRSS")));
        }
        var ticksAfter = CpuTicks(processGroup);
        var elapsed = clock.Elapsed;
        var members = ProcessGroups.LiveMembers(processGroup);
        var resident = members.Sum(processId => StatusKilobytes(processId, "VmRSS"));
        var threads = (int)members.Sum(processId => StatusKilobytes(processId, "Threads"));
        var cpuSeconds = (ticksAfter - ticksBefore) / (double)ClockTicksPerSecond.Value;
        return new LoadFigures(
            instanceCount, elapsed, 100 * cpuSeconds / elapsed.TotalSeconds, resident, Math.Max(peak, resident), members.Count, threads);
    }

    private static TimeSpan Min(TimeSpan first, TimeSpan second) => first < second ? first : second;

    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(10);

    public static readonly Lazy<int> ClockTicksPerSecond = new(() =>
        int.Parse(TestCommand.Run("getconf", ["CLK_TCK"]).Trim(), CultureInfo.InvariantCulture));

    public static long CpuTicks(int processGroup) =>
        ProcessGroups.LiveMembers(processGroup).Sum(processId =>
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            // Fields after "(comm) ": state is index 0, so utime (field 14) is 11 and stime (15) is 12.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        });

    /// <summary>A number field of /proc/PID/status (VmRSS in kB, Threads), its unit dropped.</summary>
    private static long StatusKilobytes(int processId, string field)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(text => text.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
