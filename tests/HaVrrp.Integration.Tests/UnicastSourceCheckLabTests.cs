using System.Text.RegularExpressions;
using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// check_unicast_src on the backup of a real unicast pair whose peer list does not name the master: with the check
/// the backup discards the master's adverts ("not a unicast peer") and takes over; without it the adverts count and
/// nothing moves. keepalived as the backup is held to the same outcome.
/// </summary>
[Collection(HandOverTiming.Name)]
public sealed class UnicastSourceCheckLabTests
{
    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd, true)]
    [InlineData(DaemonImplementation.Keepalived, true)]
    [InlineData(DaemonImplementation.Havrrpd, false)]
    [InlineData(DaemonImplementation.Keepalived, false)]
    public async Task BackupWhosePeersLackTheMaster_DiscardsItsAdverts_OnlyWithCheckUnicastSrc(DaemonImplementation backup, bool checkUnicastSource)
    {
        using var pair = await VrrpPair.StartAsync(
            LabProfile.Version2Unicast,
            pair => pair.PreferredConfiguration(),
            pair => WithStrangerAsPeer(pair.OtherConfiguration(), pair.Lab.Nodes[0], checkUnicastSource),
            other: backup);

        if (checkUnicastSource)
        {
            await pair.Other.WaitForLogAsync(new Regex($@"{Regex.Escape(pair.Preferred.Node.IPv4Address.ToString())}.*not a unicast peer|not a unicast peer.*{Regex.Escape(pair.Preferred.Node.IPv4Address.ToString())}"), 0);
            await pair.Other.WaitForStateAsync("MASTER");
        }
        else
        {
            await pair.WaitForPreferredAsMasterAsync();
            await AdvertWatch.WaitForAdvertsAsync(pair.Other.Node, pair.Preferred.Node, count: 6, VrrpPair.Deadline);
            Assert.Empty(pair.Other.LinesMatching(DaemonLog.StatePattern("MASTER")));
            Assert.Empty(pair.Other.LinesMatching(new Regex("not a unicast peer")));
        }
    }

    /// <summary>The backup's only peer is an address nobody has, instead of the master's.</summary>
    private static HaVrrpConfiguration WithStrangerAsPeer(HaVrrpConfiguration configuration, LabNode master, bool checkUnicastSource) =>
        configuration.WithEachInstance(instance => instance with
        {
            UnicastPeers = [new UnicastPeer(SpoofedAdverts.NeighbourOf(master))],
            CheckUnicastSource = checkUnicastSource,
        });
}
