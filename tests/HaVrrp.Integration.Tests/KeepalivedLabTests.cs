using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
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

    [RootFact]
    public async Task TwoKeepalivedNodes_ElectExactlyOneVipHolder_ThePreferredOne()
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        var (preferred, other) = KeepalivedLab.StartPair(lab);
        using var _ = preferred;
        using var __ = other;
        var address = KeepalivedLab.VirtualAddress(lab);

        await preferred.WaitForStateAsync(KeepalivedLab.InstanceName, "MASTER");
        await other.WaitForStateAsync(KeepalivedLab.InstanceName, "BACKUP");

        var holders = await Eventually.WaitUntilAsync(
            () => VipHolders.Of(lab, address), nodes => nodes.Count == 1, Deadline, "held by exactly one node");
        Assert.Equal(lab.Nodes[0], Assert.Single(holders));
        Assert.DoesNotContain(other.Lines, line => line.Text.Contains("Entering MASTER STATE", StringComparison.Ordinal));
    }

    [RootFact]
    public async Task Master_KilledAndCutOff_BackupTakesOver_AndTheClientSeesAnOutage()
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        var (master, backup) = KeepalivedLab.StartPair(lab);
        using var _ = master;
        using var __ = backup;
        var address = KeepalivedLab.VirtualAddress(lab);
        await master.WaitForStateAsync(KeepalivedLab.InstanceName, "MASTER");
        await backup.WaitForStateAsync(KeepalivedLab.InstanceName, "BACKUP");

        await using var probe = ClientProbe.Start(lab, address);
        await probe.WaitForAnswerFromAsync(master.Node, Deadline);

        // A crash: the daemon dies without a word and its host drops off the segment.
        await master.KillAsync();
        master.Node.CutLink();

        await backup.WaitForStateAsync(KeepalivedLab.InstanceName, "MASTER");
        await probe.WaitForAnswerFromAsync(backup.Node, Deadline);
        var report = await probe.StopAsync();

        Assert.Contains(backup.Node, VipHolders.Of(lab, address));
        Assert.Equal(["node1", "node2"], report.ResponderSequence);
        // The backup waits Master_Down_Interval before it takes over, so some probes must go unanswered.
        Assert.True(report.UnansweredCount > 0, report.ToString());
        Assert.True(report.LongestOutage > TimeSpan.Zero, report.ToString());
    }

    [RootFact]
    public async Task Master_StoppedGracefully_BackupTakesOver_AndTheMasterLetsGoOfTheAddress()
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        var (master, backup) = KeepalivedLab.StartPair(lab);
        using var _ = master;
        using var __ = backup;
        var address = KeepalivedLab.VirtualAddress(lab);
        await master.WaitForStateAsync(KeepalivedLab.InstanceName, "MASTER");
        await backup.WaitForStateAsync(KeepalivedLab.InstanceName, "BACKUP");

        await using var probe = ClientProbe.Start(lab, address);
        await probe.WaitForAnswerFromAsync(master.Node, Deadline);

        // SIGTERM: keepalived sends priority 0, so the backup takes over after Skew_Time, not Master_Down_Interval.
        Assert.Equal(0, await master.StopGracefullyAsync());
        await master.WaitForLogAsync("sent 0 priority");

        await Eventually.WaitUntilAsync(
            () => VipHolders.Of(lab, address), nodes => nodes.SequenceEqual([backup.Node]), Deadline, "held by node2 alone");
        await probe.WaitForAnswerFromAsync(backup.Node, Deadline);
        var report = await probe.StopAsync();

        Assert.Equal(["node1", "node2"], report.ResponderSequence);
        Assert.Equal("node2", report.LastResponder);
        Assert.Equal(0, report.DuplicateReplies);
    }
}
