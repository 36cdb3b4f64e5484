using System.Net.Sockets;
using System.Net;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;
using HaVrrp.TestSupport;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// A backup acts on priority 0 only from the master it follows (docs/protocol.md, "Priority 0 only from the
/// master"): a spoofed goodbye sent straight to the backup from another address is logged, counted and ignored, and
/// the VIP never moves.
/// </summary>
public sealed class PriorityZeroHardeningLabTests
{
    [RootFact]
    public async Task Backup_IgnoresASpoofedPriorityZero_FromAnotherAddress_AndKeepsItsMaster()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        var backup = (HavrrpdNode)pair.Other;
        await using var client = await VrrpControlClient.ConnectAsync(backup.SocketPath);
        await WaitForBackupFollowingAsync(client, pair.Preferred.Node.IPv4Address);
        var linesBefore = backup.Lines.Count;
        var spoofed = SpoofedAdverts.NeighbourOf(pair.Preferred.Node);

        SpoofedAdverts.Send(pair.Preferred.Node, spoofed, pair.Address, priority: 0, LabProfile.Version3);

        await backup.WaitForLogAsync(
            new System.Text.RegularExpressions.Regex($@"Backup ignored priority 0 advertisement from {System.Text.RegularExpressions.Regex.Escape(spoofed.ToString())}"),
            linesBefore);
        // Longer than Skew_Time (0.3 s here) several times over: a backup that acted on it would be master by now.
        var heardBefore = MasterAdvertsHeard(Assert.Single(await client.ListInstancesAsync()), pair.Preferred.Node.IPv4Address);
        await Eventually.WaitUntilAsync(
            async () => Assert.Single(await client.ListInstancesAsync()),
            instance => MasterAdvertsHeard(instance, pair.Preferred.Node.IPv4Address) >= heardBefore + 4,
            VrrpPair.Deadline,
            "four more adverts from the master");
        var instance = Assert.Single(await client.ListInstancesAsync());
        Assert.Equal(VrrpState.Backup, instance.State);
        Assert.Equal(1, instance.Statistics.PriorityZeroIgnored);
        Assert.Empty(backup.LinesMatching(DaemonLog.StatePattern("MASTER"), linesBefore));
        Assert.False(VipHolders.Holds(backup.Node, pair.Address));
    }

    private static Task<InstanceInfo> WaitForBackupFollowingAsync(VrrpControlClient client, IPAddress master) =>
        Eventually.WaitUntilAsync(
            async () => Assert.Single(await client.ListInstancesAsync()),
            instance => instance.State == VrrpState.Backup && Equals(instance.MasterAddress, master),
            VrrpPair.Deadline,
            $"the backup following {master}");

    private static long MasterAdvertsHeard(InstanceInfo instance, IPAddress master) =>
        instance.Peers.FirstOrDefault(peer => Equals(peer.Address, master))?.Adverts ?? 0;
}
