using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Platform.Linux.Scripts;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Benchmarks;

/// <summary>How long the runner takes to start, contain, reap and report a trivial script.</summary>
[Config(typeof(PercentileConfig))]
[MemoryDiagnoser]
public class ScriptRunnerBenchmarks
{
    private readonly ScriptRunner _runner = new();
    private readonly ScriptCommand _true = new(["/bin/true"]) { Timeout = TimeSpan.FromSeconds(10) };

    [Benchmark(Description = "run /bin/true (setsid, pipes, reap)")]
    public Task<ScriptRunResult> RunTrue() => _runner.RunAsync(_true, CancellationToken.None);

    private sealed class PercentileConfig : ManualConfig
    {
        public PercentileConfig() => AddColumn(StatisticColumn.P50, StatisticColumn.P95, StatisticColumn.Max);
    }
}

/// <summary>The engine's per-tick cost of 200 tracked scripts: completing runs and re-adding every instance's totals.</summary>
[MemoryDiagnoser]
public class TrackerBookkeepingBenchmarks
{
    private const int ScriptCount = 200;
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private TrackerSet _trackers = null!;
    private ScriptTracker[] _scripts = [];
    private InstanceTracking[] _instances = [];
    private int _tick;

    [GlobalSetup]
    public void Setup()
    {
        // 200 scripts, 20 instances each tracking 10 of them with mixed weights.
        var scripts = Enumerable.Range(0, ScriptCount)
            .Select(i => new VrrpScriptConfig { Name = $"chk_{i}", Script = "/bin/true", Weight = (i % 3 - 1) * 5, Rise = 2, Fall = 3 })
            .ToArray();
        var instances = Enumerable.Range(0, 20).Select(i => new VrrpInstanceConfig
        {
            Name = $"VI_{i}",
            Interface = "eth0",
            VirtualRouterId = i + 1,
            TrackScripts = Enumerable.Range(i * 10, 10).Select(s => new TrackReference($"chk_{s}")).ToArray(),
        }).ToArray();
        _trackers = new TrackerSet(new HaVrrpConfiguration { Scripts = scripts, Instances = instances }, Start, _ => true);
        _scripts = _trackers.Scripts.ToArray();
        _instances = _trackers.Instances.ToArray();
    }

    [Benchmark(Description = "200 script results + 20 instance totals")]
    public int OneRoundOfResults()
    {
        _tick++;
        var sum = 0;
        foreach (var script in _scripts)
        {
            var due = script.NextRunDue;
            script.TryBeginRun(due);
            // Every fourth script flaps, so the hysteresis counters move.
            var outcome = (_tick + script.Name.Length) % 4 == 0 ? ScriptOutcome.Exited(1) : ScriptOutcome.Success;
            script.CompleteRun(outcome, due);
        }
        foreach (var instance in _instances)
        {
            sum += instance.Totals().WeightSum;
        }
        return sum;
    }
}
