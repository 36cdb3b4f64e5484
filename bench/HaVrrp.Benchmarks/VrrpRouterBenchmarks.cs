using BenchmarkDotNet.Attributes;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;

namespace HaVrrp.Benchmarks;

/// <summary>
/// One state-machine step in the two steady states every router spends its life in: a backup
/// hearing the master's advert, and a master's Adver_Timer firing. Both must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class VrrpRouterBenchmarks
{
    private readonly VrrpActionBuffer _actions = new();
    private VrrpRouter _backup = null!;
    private VrrpRouter _master = null!;
    private PeerAdvert _advert;
    private TimeSpan _backupNow;

    [GlobalSetup]
    public void Setup()
    {
        var settings = new VrrpRouterSettings
        {
            Name = "VI_1",
            VirtualRouterId = 51,
            BasePriority = 90,
            PrimaryAddress = VrrpAddress.Parse("10.99.0.12"),
        };
        _backup = new VrrpRouter(settings);
        _backup.Start(TimeSpan.Zero, _actions);
        _advert = new PeerAdvert(VrrpAddress.Parse("10.99.0.11"), 100, TimeSpan.FromSeconds(1));

        _master = new VrrpRouter(settings with { BasePriority = 255 });
        _master.Start(TimeSpan.Zero, _actions);
    }

    [Benchmark]
    public int BackupReceivesAdvert()
    {
        _backupNow += TimeSpan.FromSeconds(1);
        _actions.Clear();
        _backup.OnAdvert(_backupNow, _advert, _actions);
        return _actions.Count;
    }

    [Benchmark]
    public int MasterAdvertTimerFires()
    {
        _actions.Clear();
        _master.OnTimer(_master.NextDeadline!.Value, _actions);
        return _actions.Count;
    }
}
