using System.Net;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// What the lab's client sees of a failover. Over IPv4 it probes the address and reports who answered; the prober
/// speaks ICMP for IPv4 only, so over IPv6 it watches for the new master's unsolicited Neighbor Advertisement.
/// </summary>
internal abstract class ClientView : IAsyncDisposable
{
    /// <summary>Starts watching; over IPv4 returns once the current master (node1) has answered.</summary>
    public static async Task<ClientView> StartAsync(VrrpPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (pair.Profile.IPv6)
        {
            return new NeighborAdvertView(pair);
        }
        var probe = pair.StartProbe();
        try
        {
            await probe.WaitForAnswerFromAsync(pair.Preferred.Node, VrrpPair.Deadline);
            return new ProbeView(pair, probe);
        }
        catch
        {
            await probe.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the client sees node2 as the master; returns the probe's report (null over IPv6).</summary>
    public abstract Task<ProbeReport?> WaitForTheNewMasterAsync();

    public abstract ValueTask DisposeAsync();

    private sealed class ProbeView(VrrpPair pair, ClientProbe probe) : ClientView
    {
        public override async Task<ProbeReport?> WaitForTheNewMasterAsync()
        {
            await probe.WaitForAnswerFromAsync(pair.Other.Node, VrrpPair.Deadline);
            return await probe.StopAsync();
        }

        public override ValueTask DisposeAsync() => probe.DisposeAsync();
    }

    private sealed class NeighborAdvertView : ClientView
    {
        private readonly LabCapture _capture;
        private readonly CancellationTokenSource _giveUp = new(VrrpPair.Deadline);
        private readonly Task<byte[]> _advert;

        public NeighborAdvertView(VrrpPair pair)
        {
            _capture = LabCapture.Open(pair.Lab.Client, ethertype: LabFrames.IPv6Ethertype);
            var (sender, target) = (pair.Other.Node, pair.Address);
            _advert = _capture.NextFrameAsync(frame => LabFrames.IsNeighborAdvertFrom(frame, sender, target), _giveUp.Token);
        }

        public override async Task<ProbeReport?> WaitForTheNewMasterAsync()
        {
            await _advert;
            return null;
        }

        public override ValueTask DisposeAsync()
        {
            _capture.Dispose();
            _giveUp.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
