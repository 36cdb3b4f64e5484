using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;

namespace HaVrrp.Engine.Tests.Protocol.Simulation;

/// <summary>A state change seen on the segment, at a virtual time.</summary>
internal sealed record Transition(TimeSpan At, string Host, int VirtualRouterId, VrrpState From, VrrpState To);

/// <summary>
/// A virtual Ethernet segment: every advert reaches every other router with the same VRID after
/// <see cref="Delay"/>, unless a seeded coin says it is lost, or a partition separates the hosts.
/// </summary>
internal sealed class SimulatedSegment
{
    private readonly List<SimulatedRouter> _routers = [];
    private readonly Dictionary<string, int> _partitionOf = [];
    private readonly Random _random;

    public SimulatedSegment(int seed = 1) => _random = new Random(seed);

    public VirtualScheduler Scheduler { get; } = new();

    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Probability that one delivery of an advert is lost (per receiver, seeded).</summary>
    public double LossRate { get; set; }

    public List<Transition> Transitions { get; } = [];

    public IReadOnlyList<SimulatedRouter> Routers => _routers;

    public SimulatedRouter Add(string host, VrrpRouterSettings settings)
    {
        var router = new SimulatedRouter(this, host, settings);
        _routers.Add(router);
        return router;
    }

    public void At(double seconds, Action work) => Scheduler.At(Time(seconds), work);

    public void RunUntil(double seconds) => Scheduler.RunUntil(Time(seconds));

    /// <summary>Splits the segment: hosts in different groups no longer hear each other.</summary>
    public void Partition(params string[][] groups)
    {
        _partitionOf.Clear();
        for (var group = 0; group < groups.Length; group++)
        {
            foreach (var host in groups[group])
            {
                _partitionOf[host] = group;
            }
        }
    }

    public void Heal() => _partitionOf.Clear();

    public void Broadcast(SimulatedRouter sender, int priority)
    {
        var advert = new PeerAdvert(sender.Settings.PrimaryAddress, priority, sender.Settings.AdvertInterval);
        foreach (var receiver in _routers)
        {
            // Another version never reaches the router: AdvertisementValidator drops it (BadVersion), as keepalived does.
            if (receiver == sender || receiver.VirtualRouterId != sender.VirtualRouterId
                || receiver.Settings.Version != sender.Settings.Version || !CanReach(sender.Host, receiver.Host))
            {
                continue;
            }
            if (LossRate > 0 && _random.NextDouble() < LossRate)
            {
                continue;
            }
            // A partition that forms while the packet is in flight drops it too.
            Scheduler.After(Delay, () =>
            {
                if (CanReach(sender.Host, receiver.Host))
                {
                    receiver.Deliver(advert);
                }
            });
        }
    }

    public void RecordTransition(SimulatedRouter router, VrrpState from, VrrpState to)
    {
        if (from != to)
        {
            Transitions.Add(new Transition(Scheduler.Now, router.Host, router.VirtualRouterId, from, to));
        }
    }

    public IReadOnlyList<SimulatedRouter> Masters(int virtualRouterId) =>
        _routers.Where(r => r.VirtualRouterId == virtualRouterId && r.State == VrrpState.Master).ToList();

    public IReadOnlyList<Transition> TransitionsOf(string host, int virtualRouterId = 51) =>
        Transitions.Where(t => t.Host == host && t.VirtualRouterId == virtualRouterId).ToList();

    public static TimeSpan Time(double seconds) => TimeSpan.FromMicroseconds((long)Math.Round(seconds * 1_000_000));

    private bool CanReach(string from, string to) =>
        _partitionOf.Count == 0 ||
        (_partitionOf.TryGetValue(from, out var a) && _partitionOf.TryGetValue(to, out var b) && a == b);
}
