using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Observers;
using HaVrrp.TestSupport;
using Xunit.Abstractions;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// instance.failover on two havrrpd nodes in namespaces, through each node's control socket: the planned
/// switchover of docs/daemon.md. Measures zero loss at 10 ms probes, so it runs with the other timing classes.
/// </summary>
[Collection(HandOverTiming.Name)]
public sealed class PlannedSwitchoverLabTests(ITestOutputHelper output)
{
    private static async Task<VrrpControlClient> ClientOf(LabDaemon daemon) =>
        await VrrpControlClient.ConnectAsync(((HavrrpdNode)daemon).SocketPath);

    [RootFact]
    public async Task StepDown_MovesTheVipWithoutASingleLostProbe_AndReleaseLetsNode1PreemptBack()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        await using var preferred = await ClientOf(pair.Preferred);
        await using var probe = pair.StartProbe();
        await probe.WaitForAnswerFromAsync(pair.Preferred.Node, VrrpPair.Deadline);

        // Answers once node2's advert has been heard and node1's VIP is gone: the switchover is done.
        var stepDown = await preferred.FailoverAsync(LabProfile.InstanceName, FailoverMode.StepDown);

        await pair.WaitForSoleHolderAsync(pair.Other.Node);
        await probe.WaitForAnswerFromAsync(pair.Other.Node, VrrpPair.Deadline);
        var report = await probe.StopAsync();
        output.WriteLine($"stepDown: {report}");

        Assert.True(stepDown.Changed);
        Assert.Equal(VrrpState.Backup, stepDown.Instance.State);
        Assert.Equal(InstanceHold.SteppedDown, stepDown.Instance.Hold);
        Assert.False(stepDown.Instance.HoldsVirtualAddresses);
        Assert.Equal(["node1", "node2"], report.ResponderSequence);
        ProbeAssert.NoneLost(report);

        // Held, node1 does not preempt node2's lower priority; released, it does.
        var again = await preferred.FailoverAsync(LabProfile.InstanceName, FailoverMode.StepDown);
        Assert.False(again.Changed);
        Assert.Equal([pair.Other.Node], VipHolders.Of(pair.Lab, pair.Address));

        var release = await preferred.FailoverAsync(LabProfile.InstanceName, FailoverMode.Release);

        Assert.True(release.Changed);
        Assert.Equal(InstanceHold.None, release.Instance.Hold);
        await preferred.WaitAsync([LabProfile.InstanceName], VrrpState.Master, VrrpPair.Deadline);
        await pair.WaitForSoleHolderAsync(pair.Preferred.Node);
    }

    /// <summary>
    /// The hold stops node1 preempting, not covering for a master that is gone: when node2 dies, node1 takes the
    /// silent segment over after Master_Down_Interval like any backup, and the hold ends (docs/daemon.md, "Planned
    /// switchover").
    /// </summary>
    [RootFact]
    public async Task SteppedDown_WhenTheNewMasterDies_Node1StillTakesTheSegmentOver()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        await using var preferred = await ClientOf(pair.Preferred);
        var stepDown = await preferred.FailoverAsync(LabProfile.InstanceName, FailoverMode.StepDown);
        Assert.Equal(InstanceHold.SteppedDown, stepDown.Instance.Hold);
        await pair.WaitForSoleHolderAsync(pair.Other.Node);

        await pair.Other.KillAsync();

        var instances = await preferred.WaitAsync([LabProfile.InstanceName], VrrpState.Master, VrrpPair.Deadline);
        await pair.WaitForSoleHolderAsync(pair.Preferred.Node);
        var after = Assert.Single(instances);
        output.WriteLine($"node1 after node2 died: {after.State}, hold {after.Hold}, last transition {after.LastTransitionReason}");
        Assert.Equal(VrrpTransitionReason.MasterDownTimerExpired, after.LastTransitionReason);
        Assert.Equal(InstanceHold.None, after.Hold);
        await pair.Preferred.WaitForLogAsync(@"\(VI_1\) no other master left; MASTER despite the step-down, which is cleared");
    }

    [RootFact]
    public async Task StepDown_OnALoneMaster_IsNotPossible_AndNode1KeepsTheVip()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        Assert.Equal(0, await pair.Other.StopGracefullyAsync());
        await using var preferred = await ClientOf(pair.Preferred);

        var error = await Assert.ThrowsAsync<VrrpControlException>(
            () => preferred.FailoverAsync(LabProfile.InstanceName, FailoverMode.StepDown));
        output.WriteLine(error.Message);

        Assert.Equal(ControlErrorKind.NotPossible, error.Kind);
        // Master_Down_Interval of priority 150 at 0.5 s adverts: 1.5 s + (256 - 150) * 0.5 s / 256.
        Assert.Equal($"{LabProfile.InstanceName}: no backup took over within 1.71 s; still master", error.Message);
        var after = Assert.Single(await preferred.ListInstancesAsync());
        Assert.Equal(VrrpState.Master, after.State);
        Assert.Equal(InstanceHold.None, after.Hold);
        Assert.Equal([pair.Preferred.Node], VipHolders.Of(pair.Lab, pair.Address));
    }
}
