using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// unicast_ttl on the master of a real unicast pair: its adverts reach the backup with that TTL (a capture on the
/// backup's eth0 reads it), and the backup follows it, since TTL 255 is required of multicast adverts only. keepalived
/// as the master is held to the same.
/// </summary>
public sealed class UnicastTtlLabTests
{
    private const int UnicastTtl = 64;

    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd)]
    [InlineData(DaemonImplementation.Keepalived)]
    public async Task MasterWithUnicastTtl_SendsItsAdvertsWithThatTtl(DaemonImplementation master)
    {
        using var pair = await VrrpPair.StartAsync(
            LabProfile.Version2Unicast,
            pair => pair.PreferredConfiguration().WithEachInstance(instance => instance with { UnicastTtl = UnicastTtl }),
            pair => pair.OtherConfiguration(),
            preferred: master);
        await pair.WaitForPreferredAsMasterAsync();
        using var capture = LabCapture.Open(pair.Other.Node);
        using var giveUp = new CancellationTokenSource(VrrpPair.Deadline);
        var sender = pair.Preferred.Node.MacAddress.GetAddressBytes();

        var frame = await capture.NextFrameAsync(
            candidate => candidate.Length > 34 && candidate.AsSpan(6, 6).SequenceEqual(sender)
                && candidate[12] == 0x08 && candidate[13] == 0x00 && candidate[14 + 9] == 112,
            giveUp.Token);

        Assert.Equal(UnicastTtl, frame[14 + 8]);
        Assert.Empty(pair.Other.LinesMatching(DaemonLog.StatePattern("MASTER")));
    }
}
