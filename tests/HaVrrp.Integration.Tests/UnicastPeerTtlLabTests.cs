using System.Text.RegularExpressions;
using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// unicast_peer { ADDR min_ttl N max_ttl M } on the backup of a real unicast pair (the master sends with TTL 255, one
/// hop): a range that excludes 255 makes the backup discard every advert and take over, a range that includes it
/// changes nothing. keepalived as the backup is held to the same outcome.
/// </summary>
[Collection(HandOverTiming.Name)]
public sealed class UnicastPeerTtlLabTests
{
    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd, 254)]
    [InlineData(DaemonImplementation.Keepalived, 254)]
    [InlineData(DaemonImplementation.Havrrpd, 255)]
    [InlineData(DaemonImplementation.Keepalived, 255)]
    public async Task BackupWithAPeerTtlRange_DiscardsAdvertsOutsideIt(DaemonImplementation backup, int maximumTtl)
    {
        using var pair = await VrrpPair.StartAsync(
            LabProfile.Version2Unicast,
            pair => pair.PreferredConfiguration(),
            pair => WithPeerTtlRange(pair.OtherConfiguration(), minimum: 250, maximum: maximumTtl),
            other: backup);

        if (maximumTtl < 255)
        {
            // keepalived 2.2 writes "not in range 250 - 254", current upstream and havrrpd "not in range [250, 254]".
            await pair.Other.WaitForLogAsync(new Regex($@"TTL/HL 255 .*not in range \[?250(, | - ){maximumTtl}"), 0);
            await pair.Other.WaitForStateAsync("MASTER");
        }
        else
        {
            await pair.WaitForPreferredAsMasterAsync();
            await AdvertWatch.WaitForAdvertsAsync(pair.Other.Node, pair.Preferred.Node, count: 6, VrrpPair.Deadline);
            Assert.Empty(pair.Other.LinesMatching(DaemonLog.StatePattern("MASTER")));
            Assert.Empty(pair.Other.LinesMatching(new Regex("not in range")));
        }
    }

    private static HaVrrpConfiguration WithPeerTtlRange(HaVrrpConfiguration configuration, int minimum, int maximum) =>
        configuration.WithEachInstance(instance => instance with
        {
            UnicastPeers = [.. instance.UnicastPeers.Select(peer => peer with { MinTtl = minimum, MaxTtl = maximum })],
        });
}
