using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.FailoverBench;

/// <summary>What one pair did through the fastadverts window.</summary>
/// <param name="Daemon">What both nodes ran.</param>
/// <param name="InstanceCount">Instances on each node.</param>
/// <param name="Window">How long the window under CPU hogs lasted.</param>
/// <param name="SpuriousTransitions">State changes either daemon logged in the window ("Entering ... STATE"): all spurious, nothing failed.</param>
/// <param name="Gaps">The master's adverts per VRID, as the lab's client received them.</param>
/// <param name="GapsOverMasterDown">Gaps at least as long as the backup's Master_Down_Interval: each one a failover the backup could have started.</param>
/// <param name="MasterCpuPercent">The master daemon's CPU over the window (utime+stime of its process group, one core).</param>
/// <param name="BackupCpuPercent">The same for the backup.</param>
/// <param name="GarbageCollection">havrrpd's own account at its graceful stop (master, then backup): collections and total pause.</param>
internal sealed record FastAdvertFigures(
    BenchDaemon Daemon, int InstanceCount, TimeSpan Window, int SpuriousTransitions, AdvertGapFigures Gaps, long GapsOverMasterDown,
    double MasterCpuPercent, double BackupCpuPercent, string GarbageCollection);

/// <summary>
/// Fast adverts under CPU starvation: two nodes with N VRRPv3 instances at advert_int 0.02 (node1 priority 150, node2
/// 100), settled with node1 master of all, then a window in which busy loops keep every core of the machine busy.
/// A false failover shows as a state change in either daemon's log; the adverts' rhythm is recorded per VRID by the
/// lab's client (<see cref="VrrpAdvertRecorder"/>). Several daemons are measured in the same window, each pair in a
/// lab of its own, so that they share the same starvation.
/// </summary>
internal sealed class FastAdvertsRun : IDisposable
{
    private const int MasterPriority = 150;
    private const int BackupPriority = 100;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private static readonly Regex StateChange = new(@"Entering (MASTER|BACKUP|FAULT) STATE", RegexOptions.CultureInvariant);
    private static readonly Regex GarbageCollectionLine = new(@"Garbage collection over the run: (?<text>.*)$", RegexOptions.CultureInvariant);

    private readonly BenchDaemon _daemon;
    private readonly int _instanceCount;
    private readonly NetworkLab _lab;
    private readonly List<LabDaemon> _daemons = [];
    private VrrpAdvertRecorder? _recorder;
    private int _masterLinesBefore;
    private int _backupLinesBefore;
    private long _masterTicksBefore;
    private long _backupTicksBefore;
    private readonly Stopwatch _window = new();

    private FastAdvertsRun(BenchDaemon daemon, int instanceCount)
    {
        _daemon = daemon;
        _instanceCount = instanceCount;
        _lab = NetworkLab.Create(nodeCount: 2);
    }

    private LabDaemon Master => _daemons[0];

    private LabDaemon Backup => _daemons[1];

    /// <summary>Starts the pair and waits until node1 holds every VIP and node2 none.</summary>
    public static async Task<FastAdvertsRun> StartAsync(BenchDaemon daemon, int instanceCount, int? realtimePriority)
    {
        var run = new FastAdvertsRun(daemon, instanceCount);
        try
        {
            var (masterNode, backupNode) = (run._lab.Nodes[0], run._lab.Nodes[1]);
            run._daemons.Add(DaemonLauncher.Start(daemon, masterNode, BenchConfigurations.FastAdverts(masterNode, instanceCount, MasterPriority, realtimePriority)));
            run._daemons.Add(DaemonLauncher.Start(daemon, backupNode, BenchConfigurations.FastAdverts(backupNode, instanceCount, BackupPriority, realtimePriority)));
            var first = BenchConfigurations.ManyInstancesAddress(1);
            var last = BenchConfigurations.ManyInstancesAddress(instanceCount);
            await Eventually.WaitUntilAsync(
                () => VipHolders.Holds(masterNode, first) && VipHolders.Holds(masterNode, last) &&
                      !VipHolders.Holds(backupNode, first) && !VipHolders.Holds(backupNode, last),
                Deadline, "node1 master of every instance, node2 of none");
            run._recorder = VrrpAdvertRecorder.Start(run._lab.Client, masterNode, instanceCount);
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    /// <summary>The backup's Master_Down_Interval (RFC 9568 §6.1): 3 × interval + Skew_Time.</summary>
    public static TimeSpan BackupMasterDownInterval =>
        (3 * BenchConfigurations.FastAdvertInterval) + (BenchConfigurations.FastAdvertInterval * ((256 - BackupPriority) / 256.0));

    /// <summary>Opens the window: from here on every state change counts, and gaps are recorded afresh.</summary>
    public void BeginWindow()
    {
        _masterLinesBefore = Master.Lines.Count;
        _backupLinesBefore = Backup.Lines.Count;
        _masterTicksBefore = LoadRun.CpuTicks(Master.Process.ProcessId);
        _backupTicksBefore = LoadRun.CpuTicks(Backup.Process.ProcessId);
        _recorder!.ResetGaps();
        _window.Restart();
    }

    /// <summary>Closes the window: the figures as they stand now, before anything is stopped.</summary>
    public FastAdvertFigures EndWindow()
    {
        var window = _window.Elapsed;
        var masterCpu = CpuPercent(LoadRun.CpuTicks(Master.Process.ProcessId) - _masterTicksBefore, window);
        var backupCpu = CpuPercent(LoadRun.CpuTicks(Backup.Process.ProcessId) - _backupTicksBefore, window);
        var gaps = _recorder!.Gaps(BenchConfigurations.FastAdvertInterval);
        var overMasterDown = _recorder.GapsAtLeast(BackupMasterDownInterval);
        var transitions = Master.Lines.Skip(_masterLinesBefore).Concat(Backup.Lines.Skip(_backupLinesBefore))
            .Count(line => StateChange.IsMatch(line.Text));
        return new FastAdvertFigures(_daemon, _instanceCount, window, transitions, gaps, overMasterDown, masterCpu, backupCpu, "–");
    }

    /// <summary>Stops both daemons gracefully; havrrpd then logs its garbage collection, returned as "master / backup".</summary>
    public async Task<string> StopAsync()
    {
        foreach (var daemon in _daemons)
        {
            if (daemon.Process.HasExited)
            {
                // A daemon that died in the window is a result, not a bench failure: say how, with its last words.
                await Console.Error.WriteLineAsync(
                    $"{daemon} exited during the window with code {daemon.Process.ExitCode}; its last lines:\n" +
                    string.Join('\n', daemon.Lines.TakeLast(20)));
                continue;
            }
            await daemon.StopGracefullyAsync();
        }
        return string.Join(" / ", _daemons.Select(GarbageCollectionOf));
    }

    private static string GarbageCollectionOf(LabDaemon daemon) =>
        daemon.Lines.Select(line => GarbageCollectionLine.Match(line.Text)).FirstOrDefault(match => match.Success)?.Groups["text"].Value ?? "–";

    private static double CpuPercent(long ticks, TimeSpan window) =>
        100.0 * ticks / LoadRun.ClockTicksPerSecond.Value / window.TotalSeconds;

    public void Dispose()
    {
        _recorder?.Dispose();
        foreach (var daemon in _daemons)
        {
            daemon.Dispose();
        }
        _lab.Dispose();
    }
}

/// <summary>Busy loops (`sh -c 'while :; do :; done'`), one process group each, killed on Dispose.</summary>
internal sealed class CpuHogs : IDisposable
{
    private readonly List<LabProcess> _loops;

    private CpuHogs(List<LabProcess> loops) => _loops = loops;

    public static CpuHogs Start(int count) =>
        new([.. Enumerable.Range(0, count).Select(_ => LabProcess.Start(["sh", "-c", "while :; do :; done"]))]);

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop.Dispose();
        }
    }
}

/// <summary>Prints the fastadverts table.</summary>
internal static class FastAdvertsTable
{
    private static string Scheduling(BenchOptions options) =>
        options.RealtimePriority is { } priority ? $"vrrp_rt_priority {priority}" : "normal scheduling";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var runs = new List<FastAdvertsRun>();
        try
        {
            foreach (var daemon in options.Daemons)
            {
                await Console.Error.WriteLineAsync($"{DaemonLauncher.NameOf(daemon)}: {options.InstanceCount} instances at v3 advert_int 0.02 on two nodes, {Scheduling(options)}...");
                runs.Add(await FastAdvertsRun.StartAsync(daemon, options.InstanceCount, options.RealtimePriority));
            }
            await Task.Delay(TimeSpan.FromSeconds(5)); // past the new masters' gratuitous ARP bursts: the window is steady state
            foreach (var run in runs)
            {
                run.BeginWindow();
            }
            await Console.Error.WriteLineAsync($"{options.Hogs} busy loops for {options.LoadWindow.TotalSeconds} s; load average {LoadAverage.Now}");
            using (CpuHogs.Start(options.Hogs))
            {
                await Task.Delay(options.LoadWindow); // the measurement window itself
                await Console.Error.WriteLineAsync($"load average at the end of the window {LoadAverage.Now}");
            }
            Console.WriteLine($"| daemon | instances | window s | busy loops | spurious transitions | adverts recorded | longest gap ms | p99.9 gap ms | p99.999 gap ms | gaps ≥ backup's Master_Down_Interval ({FastAdvertsRun.BackupMasterDownInterval.TotalMilliseconds:F1} ms) | master CPU % | backup CPU % | garbage collection (master / backup, at their graceful stop) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            var windows = runs.Select(run => run.EndWindow()).ToList();
            foreach (var (run, window) in runs.Zip(windows))
            {
                var figures = window with { GarbageCollection = await run.StopAsync() };
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {DaemonLauncher.NameOf(figures.Daemon)}, {Scheduling(options)} | {figures.InstanceCount} | {figures.Window.TotalSeconds:F0} | {options.Hogs} | {figures.SpuriousTransitions} | {figures.Gaps.Adverts} | {figures.Gaps.Longest.TotalMilliseconds:F1} | {figures.Gaps.P999.TotalMilliseconds:F1} | {figures.Gaps.P99999.TotalMilliseconds:F1} | {figures.GapsOverMasterDown} | {figures.MasterCpuPercent:F2} | {figures.BackupCpuPercent:F2} | {figures.GarbageCollection} |"));
            }
        }
        finally
        {
            foreach (var run in runs)
            {
                run.Dispose();
            }
        }
        return 0;
    }
}

/// <summary>The machine's load average (/proc/loadavg: 1, 5 and 15 minutes), printed beside figures from a shared machine.</summary>
internal static class LoadAverage
{
    public static string Now => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
