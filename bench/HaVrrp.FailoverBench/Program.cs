using System.Globalization;
using HaVrrp.FailoverBench;
using HaVrrp.TestSupport;

// Failover and load figures of real VRRP daemons in throwaway namespace labs (see bench/failover/run.sh).
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException problem)
{
    await Console.Error.WriteLineAsync($"{problem.Message}\n{BenchOptions.Usage}");
    return 2;
}
if (RootRequired.MissingPrerequisite is { } missing)
{
    await Console.Error.WriteLineAsync($"Cannot run: {missing}. The benchmark builds network namespaces: run it as root on Linux.");
    return 2;
}

if (options.Mode == "scripts")
{
    await Console.Error.WriteLineAsync($"havrrpd: {options.ScriptCount} scripts at interval 1 s, measuring {options.LoadWindow.TotalSeconds} s...");
    var figures = await ScriptsRun.RunAsync(options.ScriptCount, options.LoadWindow);
    Console.WriteLine("| scripts | interval | window s | daemon CPU % (own utime+stime, one core) | scripts' CPU % (cutime+cstime) | spawn→exit p50 ms | p99 ms | runs |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {figures.ScriptCount} | 1 s | {figures.Window.TotalSeconds:F1} | {figures.DaemonCpuPercent:F2} | {figures.ScriptsCpuPercent:F2} | {figures.SpawnP50.TotalMilliseconds:F2} | {figures.SpawnP99.TotalMilliseconds:F2} | {figures.Runs} |"));
    return 0;
}

if (options.Mode == "processes")
{
    Console.WriteLine("| method | havrrpd runs in | window s | forks/s seen by the host | daemon CPU % idle (one core) | daemon CPU % under fork load |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|");
    foreach (var inNamespace in new[] { false, true })
    {
        await Console.Error.WriteLineAsync($"havrrpd tracking one process, {(inNamespace ? "in a namespace" : "in the host namespace")}, {options.ForksPerSecond} forks/s, {options.LoadWindow.TotalSeconds} s windows...");
        var figures = await ProcessesRun.RunAsync(inNamespace, options.ForksPerSecond, options.LoadWindow);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {figures.Method} | {figures.Where} | {figures.Window.TotalSeconds:F1} | {figures.ForksPerSecond:F0} | {figures.IdleCpuPercent:F2} | {figures.LoadCpuPercent:F2} |"));
    }
    return 0;
}

if (options.Mode == "switchover")
{
    return await ControlFigureTables.SwitchoverAsync(options);
}

if (options.Mode == "control")
{
    return await ControlFigureTables.ControlAsync(options);
}

if (options.Mode == "watch")
{
    return await ControlFigureTables.WatchAsync(options);
}

if (options.Mode == "load")
{
    return await LoadTable.RunAsync(options);
}

if (options.Mode == "startup")
{
    return await LoadTable.StartupAsync(options);
}

if (options.Mode == "fastadverts")
{
    return await FastAdvertsTable.RunAsync(options);
}

var summaries = new List<FailoverSummary>();
foreach (var profile in options.EffectiveProfiles)
{
    foreach (var scenario in options.Scenarios)
    {
        // Pairs take turns within each repetition, so that a slower spell of the machine falls on all of them.
        var reports = options.Pairs.ToDictionary(pair => pair, _ => new List<HaVrrp.TestSupport.Observers.ProbeReport>());
        for (var repetition = 1; repetition <= options.Repetitions; repetition++)
        {
            foreach (var (master, backup) in options.Pairs)
            {
                var report = await FailoverRun.RunAsync(master, backup, profile, scenario);
                await Console.Error.WriteLineAsync($"{PairName(master, backup)}, {profile.Name}, {scenario}, run {repetition}: {report}");
                reports[(master, backup)].Add(report);
            }
        }
        summaries.AddRange(options.Pairs.Select(pair => new FailoverSummary(PairName(pair.Master, pair.Backup), profile, scenario, reports[pair])));
    }
}

Console.WriteLine($"Client probes every {HaVrrp.TestSupport.Observers.ClientProbe.DefaultInterval.TotalMilliseconds} ms; " +
    "outage = last answered probe before the longest gap to the first answered after it.");
Console.WriteLine();
Console.WriteLine(FailoverSummary.Header);
foreach (var summary in summaries)
{
    Console.WriteLine(summary.Row());
}
return 0;

static string PairName(BenchDaemon master, BenchDaemon backup) =>
    $"{DaemonLauncher.NameOf(master)} → {DaemonLauncher.NameOf(backup)}";
