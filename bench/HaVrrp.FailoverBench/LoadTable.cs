using System.Globalization;

namespace HaVrrp.FailoverBench;

/// <summary>Runs the one-node modes (load, startup) for each daemon in turn, repetition by repetition, and prints their tables.</summary>
internal static class LoadTable
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        Console.WriteLine("| implementation | instances | advert_int | window s | CPU % (one core) | RSS MiB (end) | RSS MiB (peak) | threads | processes | load average (1 min) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        // Taking turns within each repetition, so that a busier spell of a shared machine falls on every daemon.
        for (var repetition = 1; repetition <= options.Repetitions; repetition++)
        {
            foreach (var daemon in options.Daemons)
            {
                var name = DaemonLauncher.NameOf(daemon);
                await Console.Error.WriteLineAsync($"{name}: {options.InstanceCount} instances, measuring {options.LoadWindow.TotalSeconds} s (run {repetition})...");
                var figures = await LoadRun.RunAsync(daemon, options.InstanceCount, options.LoadWindow);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {figures.InstanceCount} | 1 | {figures.Window.TotalSeconds:F1} | {figures.CpuPercent:F2} | {figures.ResidentKilobytes / 1024.0:F1} | {figures.PeakResidentKilobytes / 1024.0:F1} | {figures.Threads} | {figures.ProcessCount} | {LoadAverage.Now.Split(' ')[0]} |"));
            }
        }
        return 0;
    }

    public static async Task<int> StartupAsync(BenchOptions options)
    {
        Console.WriteLine("| implementation | instances (address owners) | run | start → first advert on the wire ms | start → every instance advertised ms | start → first `Entering MASTER STATE` line ms | launch path alone ms | load average (1 min) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (var repetition = 1; repetition <= options.Repetitions; repetition++)
        {
            foreach (var daemon in options.Daemons)
            {
                // Measured beside each start, so that the launch's own share is read under the same load.
                var launch = await StartupRun.LaunchOverheadAsync();
                var figures = await StartupRun.RunAsync(daemon, options.InstanceCount);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {DaemonLauncher.NameOf(daemon)} | {options.InstanceCount} | {repetition} | {figures.FirstAdvert.TotalMilliseconds:F1} | {figures.EveryRouterAdvertised.TotalMilliseconds:F1} | {figures.FirstMasterLine.TotalMilliseconds:F1} | {launch.TotalMilliseconds:F1} | {LoadAverage.Now.Split(' ')[0]} |"));
            }
        }
        return 0;
    }
}
