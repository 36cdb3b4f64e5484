using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// The baseline: two real keepalived daemons in a namespace lab, watched from outside (which node
/// has the address, who answers the client). The HaVrrp end-to-end tests compare with these.
/// Assertions are about who holds the address, never about how fast: parallel tests share 2 cores.
/// </summary>
public sealed class KeepalivedLabTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>keepalived's own default setup (v2, multicast, PASS) on both nodes, node1 preferred.</summary>
    private static Task<VrrpPair> StartKeepalivedPairAsync() =>
        VrrpPair.StartAsync(LabProfile.Version2Multicast, DaemonImplementation.Keepalived, DaemonImplementation.Keepalived);

    [RootFact]
    public async Task TwoKeepalivedNodes_ElectExactlyOneVipHolder_ThePreferredOne()
    {
        using var pair = await StartKeepalivedPairAsync();

        await pair.Preferred.WaitForStateAsync("MASTER");
        await pair.Other.WaitForStateAsync("BACKUP");

        var holders = await Eventually.WaitUntilAsync(
            () => VipHolders.Of(pair.Lab, pair.Address), nodes => nodes.Count == 1, Deadline, "held by exactly one node");
        Assert.Equal(pair.Lab.Nodes[0], Assert.Single(holders));
        Assert.DoesNotContain(pair.Other.Lines, line => line.Text.Contains("Entering MASTER STATE", StringComparison.Ordinal));
    }

    [RootFact]
    public async Task Master_KilledAndCutOff_BackupTakesOver_AndTheClientSeesAnOutage()
    {
        using var pair = await StartKeepalivedPairAsync();
        var (master, backup) = (pair.Preferred, pair.Other);
        await master.WaitForStateAsync("MASTER");
        await backup.WaitForStateAsync("BACKUP");

        await using var probe = ClientProbe.Start(pair.Lab, pair.Address);
        await probe.WaitForAnswerFromAsync(master.Node, Deadline);

        // A crash: the daemon dies without a word and its host drops off the segment.
        await master.KillAsync();
        master.Node.CutLink();

        await backup.WaitForStateAsync("MASTER");
        await probe.WaitForAnswerFromAsync(backup.Node, Deadline);
        var report = await probe.StopAsync();

        Assert.Contains(backup.Node, VipHolders.Of(pair.Lab, pair.Address));
        Assert.Equal(["node1", "node2"], report.ResponderSequence);
        // The backup waits Master_Down_Interval before it takes over, so some probes must go unanswered.
        Assert.True(report.UnansweredCount > 0, report.ToString());
        Assert.True(report.LongestOutage > TimeSpan.Zero, report.ToString());
    }

    [RootFact]
    public async Task Master_StoppedGracefully_BackupTakesOver_AndTheMasterLetsGoOfTheAddress()
    {
        using var pair = await StartKeepalivedPairAsync();
        var (master, backup) = (pair.Preferred, pair.Other);
        await master.WaitForStateAsync("MASTER");
        await backup.WaitForStateAsync("BACKUP");

        await using var probe = ClientProbe.Start(pair.Lab, pair.Address);
        await probe.WaitForAnswerFromAsync(master.Node, Deadline);

        // SIGTERM: keepalived sends priority 0, so the backup takes over after Skew_Time, not Master_Down_Interval.
        Assert.Equal(0, await master.StopGracefullyAsync());
        await master.WaitForLogAsync("sent 0 priority");

        await Eventually.WaitUntilAsync(
            () => VipHolders.Of(pair.Lab, pair.Address), nodes => nodes.SequenceEqual([backup.Node]), Deadline, "held by node2 alone");
        await probe.WaitForAnswerFromAsync(backup.Node, Deadline);
        var report = await probe.StopAsync();

        Assert.Equal(["node1", "node2"], report.ResponderSequence);
        Assert.Equal("node2", report.LastResponder);
        Assert.Equal(0, report.DuplicateReplies);
    }
}
