using System.Diagnostics;
using System.Globalization;
using System.Text;
using HaVrrp.Engine.Platform.Linux.Scripts;
using HaVrrp.Engine.Tracking;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.FailoverBench;

/// <summary>The tracking figures: the daemon's own CPU with many scripts, and how long one run of /bin/true takes.</summary>
internal sealed record ScriptsFigures(int ScriptCount, TimeSpan Window, double DaemonCpuPercent, double ScriptsCpuPercent, TimeSpan SpawnP50, TimeSpan SpawnP99, int Runs);

/// <summary>
/// N vrrp_scripts (/bin/true, interval 1 s) tracked by one instance on one havrrpd node.
/// Daemon CPU: the change of utime+stime in /proc/PID/stat of the daemon process alone; the scripts' CPU
/// (cutime+cstime, children reaped by the daemon) is reported apart and not counted as overhead.
/// Spawn latency: the ScriptRunner's own clock, from the start request to /bin/true's exit and reap
/// (ScriptRunResult.Duration) — /bin/true does nothing, so this is the cost of setsid + exec + reap. Measured
/// in this process with the same runner and the same rate (N runs started each second), after the daemon
/// window, so the two measurements do not disturb each other.
/// </summary>
internal static class ScriptsRun
{
    public static async Task<ScriptsFigures> RunAsync(int scriptCount, TimeSpan window)
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        var node = lab.Nodes[0];
        var address = System.Net.IPAddress.Parse(lab.IPv4Prefix + ".200");
        using var daemon = HavrrpdNode.Start(node, Configuration(node, scriptCount, address.ToString()), "keepalived.conf");
        await Eventually.WaitUntilAsync(() => VipHolders.Holds(node, address), TimeSpan.FromSeconds(60), "master");
        await Task.Delay(LoadRun.SettleTime);

        var daemonProcess = daemon.Process.ProcessId;
        var before = Ticks(daemonProcess);
        var clock = Stopwatch.StartNew();
        await Task.Delay(window); // the measurement window itself
        var after = Ticks(daemonProcess);
        var elapsed = clock.Elapsed;
        var ticksPerSecond = double.Parse(TestCommand.Run("getconf", ["CLK_TCK"]).Trim(), CultureInfo.InvariantCulture);
        var daemonCpu = 100 * (after.Own - before.Own) / ticksPerSecond / elapsed.TotalSeconds;
        var scriptsCpu = 100 * (after.Children - before.Children) / ticksPerSecond / elapsed.TotalSeconds;

        var durations = await SpawnLatenciesAsync(scriptCount, window);
        durations.Sort();
        return new ScriptsFigures(scriptCount, elapsed, daemonCpu, scriptsCpu,
            Percentile(durations, 0.50), Percentile(durations, 0.99), durations.Count);
    }

    private static async Task<List<TimeSpan>> SpawnLatenciesAsync(int perSecond, TimeSpan window)
    {
        var runner = new ScriptRunner();
        var command = new ScriptCommand(["/bin/true"]) { Timeout = TimeSpan.FromSeconds(1) };
        var runs = new List<Task<ScriptRunResult>>();
        using var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1));
        for (var second = 0; second < window.TotalSeconds; second++)
        {
            runs.AddRange(Enumerable.Range(0, perSecond).Select(_ => runner.RunAsync(command, CancellationToken.None)));
            await ticker.WaitForNextTickAsync();
        }
        var results = await Task.WhenAll(runs);
        return [.. results.Where(result => result.Outcome.IsSuccess).Select(result => result.Duration)];
    }

    private static TimeSpan Percentile(List<TimeSpan> sorted, double fraction) =>
        sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Count - 1, (int)(fraction * sorted.Count))];

    /// <summary>utime+stime (fields 14, 15) and cutime+cstime (16, 17) of one process.</summary>
    private static (double Own, double Children) Ticks(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double Field(int index) => double.Parse(fields[index], CultureInfo.InvariantCulture);
        return (Field(11) + Field(12), Field(13) + Field(14));
    }

    private static string Configuration(LabNode node, int scriptCount, string address)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"global_defs {{\n    router_id {node.Name}\n}}");
        for (var index = 1; index <= scriptCount; index++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"vrrp_script chk_{index} {{\n    script \"/bin/true\"\n    interval 1\n    weight 1\n}}");
        }
        text.AppendLine("vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 50\n    advert_int 1");
        text.AppendLine(CultureInfo.InvariantCulture, $"    virtual_ipaddress {{\n        {address}/24\n    }}");
        text.AppendLine("    track_script {");
        for (var index = 1; index <= scriptCount; index++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"        chk_{index}");
        }
        text.AppendLine("    }\n}");
        return text.ToString();
    }
}
