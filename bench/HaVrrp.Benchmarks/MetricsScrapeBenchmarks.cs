using System.Buffers;
using BenchmarkDotNet.Attributes;
using HaVrrp.Engine.Control;
using HaVrrp.Service.Metrics;

namespace HaVrrp.Benchmarks;

/// <summary>
/// What one Prometheus scrape of 255 instances costs the daemon beyond the instance.list it shares with the control
/// plane: turning the views into the exposition text and its UTF-8 body (docs/performance.md, "Prometheus
/// scrape"). The instances are the instance.list answer kept beside this file (255 masters), with one tracked script.
/// </summary>
[MemoryDiagnoser]
public class MetricsScrapeBenchmarks
{
    private IReadOnlyList<InstanceInfo> _instances = null!;
    private IReadOnlyList<ScriptInfo> _scripts = null!;

    [GlobalSetup]
    public void Setup()
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "instance-list-255.json"));
        _instances = JsonRpcEnvelope.Read(new ReadOnlySequence<byte>(bytes)).Result(ControlJsonContext.Default.InstanceListResult)!.Instances;
        _scripts =
        [
            new ScriptInfo
            {
                Name = "chk_haproxy", Command = "/usr/bin/killall -0 haproxy", Status = ScriptState.Good,
                Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(2), Weight = -20, WeightReverse = false,
                Rise = 1, Fall = 1, TrackedBy = [.. _instances.Select(instance => instance.Name)],
            },
        ];
    }

    /// <summary>The response body of one scrape, every family for 255 instances, in a pooled buffer as the endpoint writes it.</summary>
    [Benchmark]
    public int ScrapeBody()
    {
        using var body = new PooledBufferWriter(16 * 1024);
        KeepalivedMetrics.Write(body, _instances, _scripts);
        return body.WrittenCount;
    }

    /// <summary>The body's size, printed once so docs/performance.md can quote it.</summary>
    [GlobalCleanup]
    public void ReportSize() => Console.WriteLine($"// scrape body: {ScrapeBody()} bytes for {_instances.Count} instances");
}
