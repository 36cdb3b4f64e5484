using System.Diagnostics;
using System.Net.Sockets;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;
using HaVrrp.TestSupport;

namespace HaVrrp.FailoverBench;

/// <summary>One window of the watch run: what the daemon's own advert rhythm looked like, and what the watcher got.</summary>
/// <param name="Name">What ran in the window.</param>
/// <param name="FloodPerSecond">Foreign adverts node2 sent a second.</param>
/// <param name="Rhythm">node1's adverts as node3 received them.</param>
/// <param name="AdvertsSent">node1's own count of adverts sent in the window (instance.list statistics), to tell adverts
/// the daemon did not send from ones the recorder did not see.</param>
/// <param name="DeliveredPerSecond">Adverts a second the advert.watch client received.</param>
/// <param name="Missed">Adverts the daemon reported to the watcher as missed (its stream buffer overflowed).</param>
internal sealed record WatchPhase(string Name, double FloodPerSecond, AdvertIntervals Rhythm, long AdvertsSent, double DeliveredPerSecond, long Missed);

/// <summary>
/// advert.watch under a flood. node1 runs havrrpd, one instance at VRRPv3 0.1 s, alone and so master; node2 floods
/// the segment with VRRPv3 adverts for a VRID node1 does not run (a busy shared segment, the case advert.watch is for);
/// node3 records node1's own adverts (<see cref="AdvertRhythm"/>). Three windows one after the other: no flood, the
/// flood without a watcher, the flood with one advert.watch client reading every advert. The figure is how far
/// node1's advert interval strays (p99 of |gap − 100 ms|) in each, and how many adverts a second the watcher got.
/// </summary>
internal static class WatchRun
{
    private const int ForeignVirtualRouterId = 77;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<WatchPhase>> RunAsync(int floodPerSecond, TimeSpan window)
    {
        using var lab = NetworkLab.Create(nodeCount: 3);
        var (masterNode, flooder, listener) = (lab.Nodes[0], lab.Nodes[1], lab.Nodes[2]);
        var address = BenchConfigurations.VirtualAddress(lab);
        using var daemon = HavrrpdNode.Start(masterNode,
            BenchConfigurations.Failover(lab, masterNode, FailoverProfile.Version3Centiseconds, FailoverProfile.MasterPriority));
        await Eventually.WaitUntilAsync(() => VipHolders.Holds(masterNode, address), Deadline, "node1 master");
        await Task.Delay(LoadRun.SettleTime);

        var phases = new List<WatchPhase> { await PhaseAsync("no flood, no watcher", daemon, null, null, masterNode, listener, window) };
        using var flood = AdvertFlood.Start(flooder, floodPerSecond);
        await Task.Delay(TimeSpan.FromSeconds(2));
        phases.Add(await PhaseAsync("flood, no watcher", daemon, flood, null, masterNode, listener, window));
        phases.Add(await PhaseAsync("flood, one advert.watch client", daemon, flood, daemon.SocketPath, masterNode, listener, window));
        return phases;
    }

    private static async Task<WatchPhase> PhaseAsync(
        string name, LabDaemon daemon, AdvertFlood? flood, string? watchSocket, LabNode masterNode, LabNode listener, TimeSpan window)
    {
        using var stop = new CancellationTokenSource();
        long delivered = 0, missed = 0;
        Task watching = Task.CompletedTask;
        VrrpControlClient? client = null;
        if (watchSocket is not null)
        {
            client = await VrrpControlClient.ConnectAsync(watchSocket);
            var subscribed = new TaskCompletionSource();
            watching = Task.Run(async () =>
            {
                try
                {
                    await foreach (var item in client.WatchAdvertsAsync(cancellationToken: stop.Token))
                    {
                        subscribed.TrySetResult();
                        if (item.IsMissed)
                        {
                            Interlocked.Add(ref missed, item.Missed);
                        }
                        else
                        {
                            Interlocked.Increment(ref delivered);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // The window is over.
                }
            });
            await subscribed.Task.WaitAsync(Deadline);
        }
        await using var counter = await VrrpControlClient.ConnectAsync(((HavrrpdNode)daemon).SocketPath);
        var advertsBefore = await AdvertsSentAsync(counter);
        var sentBefore = flood?.Sent ?? 0;
        var deliveredBefore = Interlocked.Read(ref delivered);
        var missedBefore = Interlocked.Read(ref missed);
        var clock = Stopwatch.StartNew();
        var rhythm = AdvertRhythm.Start(listener, masterNode);
        await Task.Delay(window); // the measurement window itself
        var intervals = await rhythm.StopAsync();
        var advertsSent = await AdvertsSentAsync(counter) - advertsBefore;
        var elapsed = clock.Elapsed.TotalSeconds;
        var deliveredInWindow = Interlocked.Read(ref delivered) - deliveredBefore;
        var missedInWindow = Interlocked.Read(ref missed) - missedBefore;
        var floodRate = flood is null ? 0 : (flood.Sent - sentBefore) / elapsed;
        await rhythm.DisposeAsync();
        await stop.CancelAsync();
        await watching;
        if (client is not null)
        {
            await client.DisposeAsync();
        }
        return new WatchPhase(name, floodRate, intervals, advertsSent, deliveredInWindow / elapsed, missedInWindow);
    }

    private static async Task<long> AdvertsSentAsync(VrrpControlClient client) =>
        (await client.ListInstancesAsync()).Single().Statistics.AdvertsSent;

    /// <summary>VRRPv3 adverts for a foreign VRID from one node's raw socket, paced to a rate on a thread of its own.</summary>
    private sealed class AdvertFlood : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stopping;
        private long _sent;

        private AdvertFlood(LabNode node, int perSecond)
        {
            _thread = new Thread(() => Send(node, perSecond)) { IsBackground = true, Name = "advert flood" };
            _thread.Start();
        }

        public long Sent => Interlocked.Read(ref _sent);

        public static AdvertFlood Start(LabNode node, int perSecond) => new(node, perSecond);

        public void Dispose()
        {
            _stopping = true;
            _thread.Join();
        }

        private void Send(LabNode node, int perSecond)
        {
            var profile = new AdvertisementProfile(
                version: 3, ForeignVirtualRouterId, TimeSpan.FromSeconds(1), isIPv6: false, [VrrpAddress.Parse("192.0.2.250")]);
            var source = VrrpAddress.FromIPAddress(node.IPv4Address);
            var group = VrrpAddress.Parse("224.0.0.18");
            var message = new byte[profile.MessageLength];
            var length = AdvertisementWriter.Write(message, profile, priority: 90, source, group);
            using var socket = node.OpenVrrpSocket(AddressFamily.InterNetwork);
            var clock = Stopwatch.StartNew();
            while (!_stopping)
            {
                var due = (long)(clock.Elapsed.TotalSeconds * perSecond);
                while (Interlocked.Read(ref _sent) < due)
                {
                    socket.SendTo(message.AsSpan(0, length), source, group);
                    Interlocked.Increment(ref _sent);
                }
                Thread.Sleep(1);
            }
        }
    }
}
