using System.Globalization;
using HaVrrp.TestSupport.Daemons;

namespace HaVrrp.FailoverBench;

/// <summary>Runs the control-plane modes (switchover, control, watch) and prints their markdown tables.</summary>
internal static class ControlFigureTables
{
    public static async Task<int> SwitchoverAsync(BenchOptions options)
    {
        Console.WriteLine("| daemon | how | profile | runs | unanswered median | max | until node2 serves median ms | min | max | target (Skew_Time + 100 ms) | havrrpd log: request → node2 MASTER, median ms |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var profile in options.EffectiveProfiles)
        {
            var results = new Dictionary<BenchDaemon, List<SwitchoverFigures>>
            {
                [BenchDaemon.Havrrpd] = [],
                [BenchDaemon.Keepalived] = [],
            };
            // Alternating, so both daemons see the same noise of a shared machine.
            for (var repetition = 1; repetition <= options.Repetitions; repetition++)
            {
                foreach (var implementation in results.Keys)
                {
                    var figures = await SwitchoverRun.RunAsync(implementation, profile);
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{DaemonLauncher.NameOf(implementation)}, {profile.Name}, run {repetition}: until node2 serves {figures.UntilNewMasterServes.TotalMilliseconds:F0} ms (request to node2 MASTER in the logs: {figures.RequestToNewMaster?.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) ?? "–"} ms); {figures.Report}"));
                    results[implementation].Add(figures);
                }
            }
            foreach (var (implementation, runs) in results)
            {
                var unanswered = runs.Select(run => (double)run.Report.UnansweredCount).ToList();
                var served = runs.Select(run => run.UntilNewMasterServes.TotalMilliseconds).ToList();
                var how = implementation.IsHavrrpd() ? "instance.failover stepDown" : "priority 50 in keepalived.conf + SIGHUP";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {DaemonLauncher.NameOf(implementation)} | {how} | {profile.Name} | {runs.Count} | {Median(unanswered):F0} | {unanswered.Max():F0} | {Median(served):F0} | {served.Min():F0} | {served.Max():F0} | {(profile.BackupSkewTime + TimeSpan.FromMilliseconds(100)).TotalMilliseconds:F0} | {DaemonSide(runs)} |"));
            }
        }
        return 0;
    }

    public static async Task<int> ControlAsync(BenchOptions options)
    {
        await Console.Error.WriteLineAsync($"havrrpd: {options.InstanceCount} instances, {options.Samples} samples, {options.IdleClients} idle clients over {options.LoadWindow.TotalSeconds} s...");
        var figures = await ControlRun.RunAsync(options.InstanceCount, options.Samples, options.IdleClients, options.LoadWindow);
        Console.WriteLine("| what | instances | samples | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Row("instance.list on a connected client", figures.ListRoundTrip);
        Row("connect + hello + instance.list + close", figures.ConnectHelloListClose);
        Row(string.Create(CultureInfo.InvariantCulture, $"instance.list as raw bytes ({figures.ListResponseBytes / 1024.0:F0} KiB response, no client parsing)"), figures.ListRawRoundTrip);
        Console.WriteLine();
        Console.WriteLine("| connected clients | window s | daemon CPU % (one core) | RSS MiB | threads |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        Usage(0, figures.WithoutClients);
        Usage(figures.IdleClients, figures.WithIdleClients);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RSS growth with {figures.IdleClients} idle clients: {(figures.WithIdleClients.ResidentKilobytes - figures.WithoutClients.ResidentKilobytes) / 1024.0:F2} MiB; CPU change {figures.WithIdleClients.CpuPercent - figures.WithoutClients.CpuPercent:F2} points"));
        return 0;

        void Row(string what, Percentiles percentiles) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {figures.InstanceCount} | {percentiles.Count} | {percentiles.P50.TotalMilliseconds:F3} | {percentiles.P99.TotalMilliseconds:F3} | {percentiles.Max.TotalMilliseconds:F3} |"));

        void Usage(int clients, DaemonUsage usage) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {clients} | {usage.Window.TotalSeconds:F1} | {usage.CpuPercent:F2} | {usage.ResidentKilobytes / 1024.0:F1} | {usage.Threads} |"));
    }

    public static async Task<int> WatchAsync(BenchOptions options)
    {
        await Console.Error.WriteLineAsync($"havrrpd at v3 0.1 s, flood of {options.FloodRate} adverts/s, windows of {options.LoadWindow.TotalSeconds} s...");
        var phases = await WatchRun.RunAsync(options.FloodRate, options.LoadWindow);
        Console.WriteLine("| window | flood adverts/s sent | node1's adverts sent (its count) | seen by node3 | interval p50 deviation ms | p99 deviation ms | longest gap ms | watcher received adverts/s | missed |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var interval = FailoverProfile.Version3Centiseconds.AdvertInterval;
        foreach (var phase in phases)
        {
            var longestGap = phase.Rhythm.Gaps.DefaultIfEmpty(TimeSpan.Zero).Max();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {phase.Name} | {phase.FloodPerSecond:F0} | {phase.AdvertsSent} | {phase.Rhythm.Arrivals.Count} | {phase.Rhythm.DeviationQuantile(interval, 0.50).TotalMilliseconds:F2} | {phase.Rhythm.DeviationQuantile(interval, 0.99).TotalMilliseconds:F2} | {longestGap.TotalMilliseconds:F1} | {phase.DeliveredPerSecond:F0} | {phase.Missed} |"));
        }
        return 0;
    }

    private static string DaemonSide(List<SwitchoverFigures> runs)
    {
        var times = runs.Where(run => run.RequestToNewMaster is not null).Select(run => run.RequestToNewMaster!.Value.TotalMilliseconds).ToList();
        return times.Count == 0 ? "–" : Median(times).ToString("F0", CultureInfo.InvariantCulture);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
