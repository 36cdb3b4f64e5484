using System.Text.RegularExpressions;
using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// havrrpd pairs in the situations operators meet beyond a plain failover (<see cref="FailoverScenarioTests"/>
/// covers the transports): a pulled cable, reloads, a restart after a crash, a filtered path between the
/// nodes, a failing health check. Observed from outside, like <see cref="HavrrpdLabTests"/>.
/// </summary>
[Collection(HandOverTiming.Name)]
public sealed class HavrrpdScenarioTests
{
    private static readonly Regex StateChangeOrVipRemoval = new(@"Entering \w+ STATE|removing VIPs", RegexOptions.CultureInvariant);

    [RootFact]
    public async Task Master_LosingItsLink_EntersFault_AndTakesTheVipBackWhenTheLinkReturns()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        var preferredLinesBefore = pair.Preferred.Lines.Count;

        pair.Preferred.Node.CutLink();

        await pair.Preferred.WaitForStateAsync("FAULT", preferredLinesBefore);
        await pair.Other.WaitForStateAsync("MASTER");
        await pair.WaitForSoleHolderAsync(pair.Other.Node);
        var otherLinesBefore = pair.Other.Lines.Count;

        pair.Preferred.Node.RestoreLink();

        await pair.Preferred.WaitForStateAsync("MASTER", preferredLinesBefore);
        await pair.Other.WaitForStateAsync("BACKUP", otherLinesBefore);
        await pair.WaitForSoleHolderAsync(pair.Preferred.Node);
    }

    [RootFact]
    public async Task Reload_WithAnUnchangedFile_TouchesNothing_AndWithABrokenFile_KeepsRunning()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        var master = (HavrrpdNode)pair.Preferred;
        await using var probe = pair.StartProbe();
        await probe.WaitForAnswerFromAsync(master.Node, VrrpPair.Deadline);
        var linesBefore = master.Lines.Count;

        master.Reload();
        await master.WaitForLogAsync(new Regex("reloaded: unchanged 1, changed 0, removed 0, added 0"), linesBefore);
        await AdvertWatch.WaitForAdvertsAsync(pair.Other.Node, master.Node, count: 4, VrrpPair.Deadline);

        Assert.Empty(master.LinesMatching(StateChangeOrVipRemoval, linesBefore));
        var linesAfterGoodReload = master.Lines.Count;

        await File.WriteAllTextAsync(master.ConfigurationPath, "instances: [ this is not a configuration\n");
        master.Reload();
        await master.WaitForLogAsync(new Regex("has 1 error\\(s\\); keeping the running configuration"), linesAfterGoodReload);
        await AdvertWatch.WaitForAdvertsAsync(pair.Other.Node, master.Node, count: 4, VrrpPair.Deadline);
        var report = await probe.StopAsync();

        Assert.False(master.Process.HasExited, master.Transcript());
        Assert.Empty(master.LinesMatching(StateChangeOrVipRemoval, linesBefore));
        Assert.Equal([master.Node], VipHolders.Of(pair.Lab, pair.Address));
        Assert.Equal(["node1"], report.ResponderSequence);
        ProbeAssert.NoneLost(report);
    }

    [RootFact]
    public async Task Master_RestartedRightAfterACrash_RemovesItsStaleVip_AndOneHolderRemains()
    {
        // 1 s adverts: the dead master's VIP lives 7 s, long enough to still be there when havrrpd is back.
        using var pair = await VrrpPair.StartAsync(LabProfile.Version2Multicast);
        await pair.WaitForPreferredAsMasterAsync();

        await pair.Preferred.KillAsync();
        var restarted = pair.RestartPreferred(DaemonImplementation.Havrrpd);

        await restarted.WaitForLogAsync(@"\(VI_1\) removing stale VIP .* left by a previous run");
        await restarted.WaitForStateAsync("MASTER");
        await pair.WaitForSoleHolderAsync(restarted.Node);
    }

    [RootFact]
    public async Task CutOffNode_BecomesMasterToo_AndOneMasterRemainsWhenThePathReturns()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        await AdvertWatch.WaitForAdvertsAsync(pair.Other.Node, pair.Preferred.Node, count: 3, VrrpPair.Deadline);
        var otherLinesBefore = pair.Other.Lines.Count;

        // node2 leaves the segment but keeps carrier: it cannot tell a dead master from a deaf path. (Nothing passes,
        // ARP neither, so there is no split-brain evidence either: SplitBrainEvidenceLabTests filters VRRP only.)
        pair.Other.Node.Isolate();

        await pair.Other.WaitForStateAsync("MASTER", otherLinesBefore);
        // The VIP goes on right after the state line: wait for it rather than race it.
        await Eventually.WaitUntilAsync(
            () => VipHolders.Of(pair.Lab, pair.Address).Count == 2, VrrpPair.Deadline, "held by both nodes");
        Assert.Equal([pair.Preferred.Node, pair.Other.Node], VipHolders.Of(pair.Lab, pair.Address));
        var otherLinesWhileSplit = pair.Other.Lines.Count;

        pair.Other.Node.Rejoin();

        await pair.Other.WaitForStateAsync("BACKUP", otherLinesWhileSplit);
        await pair.WaitForSoleHolderAsync(pair.Preferred.Node);
        // The right one stayed master throughout: node1 never stepped down for node2's lower-priority adverts.
        Assert.Empty(pair.Preferred.LinesMatching(DaemonLog.StatePattern("BACKUP"), FirstMasterLine(pair.Preferred)));
    }

    [RootFact]
    public async Task TrackedScriptWithWeightMinus20_MovesTheVipWhileItFails_AndBackWhenItRecovers()
    {
        var scratch = Directory.CreateTempSubdirectory("havrrp-track-");
        try
        {
            var failFlag = Path.Combine(scratch.FullName, "fail");
            var check = Path.Combine(scratch.FullName, "check.sh");
            await File.WriteAllTextAsync(check, $"#!/bin/sh\ntest ! -e {failFlag}\n");
            var profile = LabProfile.Version3;

            using var pair = await VrrpPair.StartAsync(
                profile,
                pair => TrackedConfiguration(pair, $"/bin/sh {check}"),
                pair => profile.Configuration(pair.Lab, pair.Lab.Nodes[1], priority: 90));
            await pair.WaitForPreferredAsMasterAsync();
            var linesBefore = pair.Preferred.Lines.Count;

            await File.WriteAllTextAsync(failFlag, string.Empty);

            await pair.Preferred.WaitForLogAsync(new Regex("Changing effective priority from 100 to 80"), linesBefore);
            await pair.Other.WaitForStateAsync("MASTER");
            await pair.WaitForSoleHolderAsync(pair.Other.Node);
            var linesWhileFailing = pair.Preferred.Lines.Count;

            File.Delete(failFlag);

            await pair.Preferred.WaitForLogAsync(new Regex("Changing effective priority from 80 to 100"), linesWhileFailing);
            await pair.Preferred.WaitForStateAsync("MASTER", linesWhileFailing);
            await pair.WaitForSoleHolderAsync(pair.Preferred.Node);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static HaVrrpConfiguration TrackedConfiguration(VrrpPair pair, string script) => new()
    {
        Global = new GlobalSettings { RouterId = "node1" },
        Scripts = [new VrrpScriptConfig { Name = "chk_service", Script = script, Interval = TimeSpan.FromSeconds(1), Weight = -20 }],
        Instances =
        [
            pair.Profile.Instance(pair.Lab, pair.Lab.Nodes[0], priority: 100) with { TrackScripts = [new TrackReference("chk_service")] },
        ],
    };

    private static int FirstMasterLine(LabDaemon daemon) =>
        daemon.Lines.ToList().FindIndex(line => DaemonLog.StatePattern("MASTER").IsMatch(line.Text));
}
