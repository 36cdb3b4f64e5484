using System.Diagnostics;
using System.Globalization;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;

namespace HaVrrp.FailoverBench;

/// <summary>One method's figures: havrrpd's CPU idle and while the host forks and execs <c>/bin/true</c> at a rate.</summary>
internal sealed record ProcessesFigures(string Method, string Where, TimeSpan Window, double IdleCpuPercent, double LoadCpuPercent, double ForksPerSecond);

/// <summary>
/// The track_process figures (docs/performance.md "track_process under fork load"). One havrrpd with one
/// vrrp_track_process (a <c>sleep</c> with an argument nothing else has, running, so the count is 1) and no instance,
/// so that nothing but the tracking runs and no VRRP traffic leaves anywhere; it runs once in the host's network
/// namespace, where the kernel serves process events, and once in a namespace of its own, where it scans /proc.
/// Load: bench/failover/forkload.sh in four workers (one bash cannot fork 1,000 a second here). The fork rate
/// reported is what the host saw (the "processes" counter of /proc/stat), not what was asked for. After the loaded
/// window the sleeper is killed and the daemon must notice, so the figure is of a tracker that still works.
/// </summary>
internal static class ProcessesRun
{
    private const int Workers = 4;

    public static async Task<ProcessesFigures> RunAsync(bool inNamespace, int forksPerSecond, TimeSpan window)
    {
        using var lab = inNamespace ? TestNetworkNamespace.Create() : null;
        var directory = Directory.CreateTempSubdirectory("havrrp-processes-").FullName;
        var argument = "86400." + Random.Shared.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        try
        {
            var configuration = Path.Combine(directory, "keepalived.conf");
            await File.WriteAllTextAsync(configuration, $"vrrp_track_process sleeper {{\n    process sleep {argument}\n}}\n");
            using var sleeper = LabProcess.Start(["sleep", argument]);
            using var daemon = LabProcess.Start(
                [.. HavrrpdNode.DefaultLauncher, "--config", configuration, "--socket", Path.Combine(directory, "havrrpd.sock")], lab?.Name);
            var method = (await daemon.WaitForLogAsync("Tracking processes through (.*)", TimeSpan.FromSeconds(60))).Text;
            await daemon.WaitForLogAsync(@"Tracked process sleeper: 1 running at start, quorum held", TimeSpan.FromSeconds(60));
            await Task.Delay(LoadRun.SettleTime);

            var idle = await DaemonUsage.MeasureAsync(daemon.ProcessId, window);

            var seconds = (int)Math.Ceiling((window + LoadRun.SettleTime).TotalSeconds);
            var workers = Enumerable.Range(0, Workers)
                .Select(_ => LabProcess.Start(["bench/failover/forkload.sh", (forksPerSecond / Workers).ToString(CultureInfo.InvariantCulture), seconds.ToString(CultureInfo.InvariantCulture)]))
                .ToList();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2)); // let the workers reach their pace before the window opens
                var forksBefore = HostForks();
                var clock = Stopwatch.StartNew();
                var loaded = await DaemonUsage.MeasureAsync(daemon.ProcessId, window);
                var forkRate = (HostForks() - forksBefore) / clock.Elapsed.TotalSeconds;

                await sleeper.KillAsync();
                await daemon.WaitForLogAsync(@"Quorum lost for tracked process sleeper \(0 running\)", TimeSpan.FromSeconds(60));
                var where = inNamespace ? "own network namespace" : "host network namespace";
                return new ProcessesFigures(method[(method.IndexOf("through ", StringComparison.Ordinal) + 8)..], where, loaded.Window, idle.CpuPercent, loaded.CpuPercent, forkRate);
            }
            finally
            {
                foreach (var worker in workers)
                {
                    worker.Dispose();
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Forks since boot, from the "processes" line of /proc/stat.</summary>
    private static long HostForks() =>
        long.Parse(File.ReadLines("/proc/stat").First(line => line.StartsWith("processes ", StringComparison.Ordinal))["processes ".Length..], CultureInfo.InvariantCulture);
}
