using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// Two real havrrpd daemons in a namespace lab, watched from outside as KeepalivedLabTests watches
/// keepalived: who holds the address, who answers the client, what the daemons log. Never how fast:
/// parallel test classes share two cores, so every wait has a generous deadline.
/// </summary>
[Collection(HandOverTiming.Name)]
public sealed class HavrrpdLabTests
{
    [RootFact]
    public async Task TwoHavrrpdNodes_ElectExactlyOneVipHolder_TheHigherPriorityOne()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);

        await pair.WaitForPreferredAsMasterAsync();

        Assert.Equal([pair.Lab.Nodes[0]], VipHolders.Of(pair.Lab, pair.Address));
        Assert.Empty(pair.Other.LinesMatching(DaemonLog.StatePattern("MASTER")));
    }

    [RootFact]
    public async Task Master_KilledAndCutOff_BackupTakesOver_AndTheClientHearsNode2()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        await using var probe = pair.StartProbe();
        await probe.WaitForAnswerFromAsync(pair.Preferred.Node, VrrpPair.Deadline);

        await pair.Preferred.KillAsync();
        pair.Preferred.Node.CutLink();

        await pair.Other.WaitForStateAsync("MASTER");
        await probe.WaitForAnswerFromAsync(pair.Other.Node, VrrpPair.Deadline);
        var report = await probe.StopAsync();

        Assert.Contains(pair.Other.Node, VipHolders.Of(pair.Lab, pair.Address));
        Assert.Equal(["node1", "node2"], report.ResponderSequence);
    }

    [RootFact]
    public async Task Master_Killed_ItsVipExpiresOnTheDeadNodeByItself_AndOnlyTheNewMasterHoldsIt()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();

        // A crash with the link up: nobody removes the address, nobody refreshes its lifetime.
        await pair.Preferred.KillAsync();

        await pair.Other.WaitForStateAsync("MASTER");
        // keepalived would leave it there forever (two hosts answering); the kernel drops ours when its lifetime ends.
        await pair.WaitForSoleHolderAsync(pair.Other.Node);
    }

    [RootFact]
    public async Task Master_StoppedGracefully_HandsOverWithoutASingleLostProbe()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        await using var probe = pair.StartProbe();
        await probe.WaitForAnswerFromAsync(pair.Preferred.Node, VrrpPair.Deadline);

        Assert.Equal(0, await pair.Preferred.StopGracefullyAsync());

        await pair.Other.WaitForStateAsync("MASTER");
        await pair.WaitForSoleHolderAsync(pair.Other.Node);
        await probe.WaitForAnswerFromAsync(pair.Other.Node, VrrpPair.Deadline);
        var report = await probe.StopAsync();

        Assert.Contains(pair.Preferred.Lines, line => line.Text.Contains("sent 0 priority", StringComparison.Ordinal));
        Assert.Contains(pair.Preferred.Lines, line => line.Text.Contains("new master", StringComparison.Ordinal));
        Assert.Equal(["node1", "node2"], report.ResponderSequence);
        ProbeAssert.NoneLost(report);
    }

    [RootFact]
    public async Task PreferredNode_RestartedAfterAStop_TakesTheVipBack()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        Assert.Equal(0, await pair.Preferred.StopGracefullyAsync());
        await pair.WaitForSoleHolderAsync(pair.Other.Node);
        var otherLinesBefore = pair.Other.Lines.Count;

        var restarted = pair.RestartPreferred(DaemonImplementation.Havrrpd);

        await restarted.WaitForStateAsync("MASTER");
        await pair.Other.WaitForStateAsync("BACKUP", otherLinesBefore);
        await pair.WaitForSoleHolderAsync(restarted.Node);
    }

    [RootFact]
    public async Task PreferredNode_WithNopreempt_RestartedAfterAStop_LeavesTheVipWithTheCurrentMaster()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        Assert.Equal(0, await pair.Preferred.StopGracefullyAsync());
        await pair.WaitForSoleHolderAsync(pair.Other.Node);

        var restarted = pair.RestartPreferred(DaemonImplementation.Havrrpd, pair.PreferredConfiguration(preempt: false));

        await restarted.WaitForStateAsync("BACKUP");
        // Ten of node2's lower-priority adverts reach node1: a preempting node would have taken over long before.
        await AdvertWatch.WaitForAdvertsAsync(restarted.Node, pair.Other.Node, count: 10, VrrpPair.Deadline);
        await pair.WaitForSoleHolderAsync(pair.Other.Node);
        Assert.Empty(restarted.LinesMatching(DaemonLog.StatePattern("MASTER")));
    }
}
