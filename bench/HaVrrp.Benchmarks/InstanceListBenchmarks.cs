using System.Buffers;
using BenchmarkDotNet.Attributes;
using HaVrrp.Engine.Control;

namespace HaVrrp.Benchmarks;

/// <summary>
/// What one <c>instance.list</c> of 255 instances costs on each side of the socket: the daemon writing its answer
/// line, and the client reading it back into <see cref="InstanceInfo"/> objects as <see cref="VrrpControlClient"/>
/// does. The answer is one havrrpd really gave (the Pester lab's bench node, 255 masters), kept beside this file.
/// </summary>
[MemoryDiagnoser]
public class InstanceListBenchmarks
{
    private ReadOnlySequence<byte> _answer;
    private InstanceListResult _instances = null!;

    [GlobalSetup]
    public void Setup()
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "instance-list-255.json"));
        _answer = new ReadOnlySequence<byte>(bytes);
        _instances = ReadAnswer();
    }

    [Benchmark]
    public byte[] WriteAnswer() => JsonRpcWire.Result(null, _instances, ControlJsonContext.Default.InstanceListResult);

    [Benchmark]
    public InstanceListResult ReadAnswer() =>
        JsonRpcEnvelope.Read(_answer).Result(ControlJsonContext.Default.InstanceListResult)!;

    /// <summary>The client's first pass over the line: finding the id and where the result lies.</summary>
    [Benchmark]
    public bool ReadEnvelopeOnly() => JsonRpcEnvelope.Read(_answer).HasResult;

    /// <summary>What parsing the same bytes costs with no objects made: the floor under any JSON client.</summary>
    [Benchmark]
    public System.Text.Json.JsonDocument ParseDocument() => System.Text.Json.JsonDocument.Parse(_answer);
}
