using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// Two real havrrpd daemons in a namespace lab, in what only havrrpd promises beyond the
/// <see cref="FailoverScenario"/>: a crashed master's address expires by itself, and a preferred node
/// restarted after a stop preempts back (or, with nopreempt, does not). Watched from outside: who
/// holds the address and what the daemons log. Never how fast: every wait has a generous deadline.
/// </summary>
[Collection(HandOverTiming.Name)]
public sealed class HavrrpdLabTests
{
    [RootTheory]
    [InlineData("v3-multicast-0.5s")]
    [InlineData("v3-ipv6")]
    public async Task Master_Killed_ItsVipExpiresOnTheDeadNodeByItself_AndOnlyTheNewMasterHoldsIt(string profile)
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Named(profile));
        await pair.WaitForPreferredAsMasterAsync();

        // A crash with the link up: nobody removes the address, nobody refreshes its lifetime.
        await pair.Preferred.KillAsync();

        await pair.Other.WaitForStateAsync("MASTER");
        // keepalived would leave it there forever (two hosts answering); the kernel drops ours when its lifetime ends.
        await pair.WaitForSoleHolderAsync(pair.Other.Node);
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
