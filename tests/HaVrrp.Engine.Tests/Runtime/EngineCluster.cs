using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Tests.Runtime;

/// <summary>Configurations for engine tests: VRRPv3 over IPv4 on eth0, one VIP 10.0.0.100/24, 1 s adverts.</summary>
internal static class TestConfig
{
    public static VrrpInstanceConfig Instance(
        string name = "VI_1",
        int priority = 100,
        int virtualRouterId = 51,
        string virtualAddress = "10.0.0.100",
        params string[] unicastPeers) => new()
        {
            Name = name,
            Interface = "eth0",
            VirtualRouterId = virtualRouterId,
            Priority = priority,
            Version = 3,
            AdvertInterval = TimeSpan.FromSeconds(1),
            VirtualIpAddresses = new([new VirtualAddress(IPAddress.Parse(virtualAddress)) { PrefixLength = 24 }]),
            UnicastPeers = new(unicastPeers.Select(peer => new UnicastPeer(IPAddress.Parse(peer)))),
        };

    public static HaVrrpConfiguration Of(params VrrpInstanceConfig[] instances) => new() { Instances = new(instances) };
}

/// <summary>One havrrpd: an engine with fake ports on the shared segment and clock.</summary>
internal sealed class TestNode : IDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private Task? _run;

    public TestNode(string address, HaVrrpConfiguration configuration, FakeSegment segment, ManualTimeProvider clock, Func<IEnumerable<TestNode>>? neighbours = null)
    {
        Address = VrrpAddress.Parse(address);
        var bytes = IPAddress.Parse(address).GetAddressBytes();
        HardwareAddress = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"02:00:{bytes[0]:x2}:{bytes[1]:x2}:{bytes[2]:x2}:{bytes[3]:x2}");
        Addresses = new FakeAddressManager(clock);
        Addresses.AddPermanent("eth0", address);
        Transports = new FakeTransportFactory(segment, Address);
        AddressProbe = new FakeAddressProbe(this, neighbours ?? (() => []));
        Engine = new VrrpEngine(configuration, new EnginePorts(Transports, Addresses, GratuitousArp, Notifier) { AddressProbe = AddressProbe }, clock, Log);
    }

    /// <summary>This node's MAC on the fake segment (02:00 and its IPv4 address).</summary>
    public string HardwareAddress { get; }

    public FakeAddressProbe AddressProbe { get; }

    public VrrpAddress Address { get; }

    public VrrpEngine Engine { get; }

    public FakeAddressManager Addresses { get; }

    public FakeTransportFactory Transports { get; }

    public FakeGratuitousArpSender GratuitousArp { get; } = new();

    public FakeNotifier Notifier { get; } = new();

    public ListLogger Log { get; } = new();

    public Task Run => _run ?? throw new InvalidOperationException("Not started.");

    public bool IsRunning => _run is { IsCompleted: false };

    public void Start() => _run = Task.Run(() => Engine.RunAsync(_abort.Token));

    /// <summary>kill -9: the loop ends where it is; no goodbye, VIPs stay until their lifetime runs out.</summary>
    public Task CrashAsync()
    {
        _abort.Cancel();
        return Run.WaitAsync(Cluster.Patience);
    }

    public bool HoldsVip(string address = "10.0.0.100") => Addresses.Has(address);

    public void Dispose() => _abort.Dispose();

    public async Task<InstanceStatus> StatusAsync(string name = "VI_1")
    {
        var status = await Engine.GetStatusAsync().WaitAsync(Cluster.Patience);
        return status.Instances.Single(instance => instance.Name == name);
    }
}

/// <summary>
/// Engines on one segment and one manual clock. Time moves only in <see cref="AdvanceAsync"/>, timer by timer, and
/// after each step every engine is given the chance to handle everything that step caused (no sleeps).
/// </summary>
internal sealed class Cluster : IAsyncDisposable
{
    /// <summary>Generous real-time bound for anything the loops must do; only reached when a test is broken.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public ManualTimeProvider Clock { get; } = new();

    public FakeSegment Segment { get; } = new();

    public List<TestNode> Nodes { get; } = [];

    public TestNode Add(string address, params VrrpInstanceConfig[] instances) => Add(address, TestConfig.Of(instances));

    public TestNode Add(string address, HaVrrpConfiguration configuration)
    {
        var node = new TestNode(address, configuration, Segment, Clock, () => Nodes);
        Nodes.Add(node);
        return node;
    }

    public async Task StartAsync(params TestNode[] nodes)
    {
        foreach (var node in nodes.Length == 0 ? [.. Nodes] : nodes)
        {
            node.Start();
        }
        await SettleAsync();
    }

    /// <summary>Runs barriers through every running loop until a whole round delivers no packet.</summary>
    public async Task SettleAsync()
    {
        while (true)
        {
            var before = Segment.Deliveries;
            foreach (var node in Nodes.Where(node => node.IsRunning))
            {
                try
                {
                    await node.Engine.BarrierAsync().WaitAsync(Patience);
                }
                catch (TaskCanceledException)
                {
                    // The loop ended (graceful stop completed) while the barrier waited.
                }
            }
            if (Segment.Deliveries == before)
            {
                return;
            }
        }
    }

    /// <summary>Moves the clock forward, firing timers in order; <paramref name="afterEachStep"/> checks invariants between steps.</summary>
    public async Task AdvanceAsync(TimeSpan by, Action? afterEachStep = null)
    {
        var target = Clock.Elapsed + by;
        // A loop may still be handling what the test just asked of it (a reload, a command) and not yet have armed
        // the timers that follows from it: moving the clock before then would jump past those timers.
        await SettleAsync();
        while (Clock.AdvanceToNextTimerOrTo(target))
        {
            await SettleAsync();
            afterEachStep?.Invoke();
        }
        await SettleAsync();
        afterEachStep?.Invoke();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes.Where(node => node.IsRunning))
        {
            await node.CrashAsync();
        }
        foreach (var node in Nodes)
        {
            node.Dispose();
        }
    }
}
