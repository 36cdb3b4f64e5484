using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Runtime;
using HaVrrp.Engine.Tracking;
using HaVrrp.Engine.Warnings;

namespace HaVrrp.Engine.Tests.Runtime;

/// <summary>Tracked scripts, interfaces and files moving priorities and VIPs through the running engine.</summary>
public sealed class TrackingEngineTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static HaVrrpConfiguration WithScript(VrrpInstanceConfig instance, VrrpScriptConfig script, TrackReference? reference = null) => new()
    {
        Scripts = new([script]),
        Instances = new([instance with { TrackScripts = new([reference ?? new TrackReference(script.Name)]) }]),
    };

    private static VrrpScriptConfig Script(string name = "chk", int weight = 0, int rise = 1, int fall = 1) =>
        new() { Name = name, Script = "/usr/local/bin/" + name, Weight = weight, Rise = rise, Fall = fall };

    private static async Task ReportAsync(Cluster cluster, TestNode node, string script, int exitCode)
    {
        var result = new ScriptRunResult(ScriptOutcome.Exited(exitCode), cluster.Clock.GetUtcNow(), TimeSpan.FromMilliseconds(5));
        Assert.True(node.Engine.Post(new ScriptResult(script, result)));
        await cluster.SettleAsync();
    }

    private static async Task PostAsync(Cluster cluster, TestNode node, EngineEvent engineEvent)
    {
        Assert.True(node.Engine.Post(engineEvent));
        await cluster.SettleAsync();
    }

    [Fact]
    public async Task FailingScriptWithWeightMinus20_MovesTheVipToTheBackupAt90_AndBackWhenItRecovers()
    {
        await using var cluster = new Cluster();
        var master = cluster.Add("10.0.0.1", WithScript(TestConfig.Instance(priority: 100), Script(weight: -20)));
        var backup = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 90));
        await cluster.StartAsync();
        await ReportAsync(cluster, master, "chk", 0);
        await cluster.AdvanceAsync(5 * Second);
        Assert.True(master.HoldsVip());
        Assert.Empty((await master.StatusAsync()).Warnings);

        await ReportAsync(cluster, master, "chk", 1);
        await cluster.AdvanceAsync(5 * Second);

        Assert.True(master.Log.Contains("VRRP_Script(chk) failed (exited with status 1)"));
        Assert.True(master.Log.Contains("(VI_1) Changing effective priority from 100 to 80"));
        Assert.Equal(80, (await master.StatusAsync()).EffectivePriority);
        Assert.True(backup.HoldsVip());
        Assert.False(master.HoldsVip());

        await ReportAsync(cluster, master, "chk", 0);
        await cluster.AdvanceAsync(5 * Second);
        Assert.True(master.Log.Contains("VRRP_Script(chk) succeeded"));
        Assert.True(master.HoldsVip());
        Assert.False(backup.HoldsVip());
    }

    [Fact]
    public async Task ScriptWithWeightPlus2_At160Against99_NeverFailsOver_AndTheWarningIsLogged()
    {
        await using var cluster = new Cluster();
        var master = cluster.Add("10.0.0.1", WithScript(TestConfig.Instance(priority: 158), Script("chk_haproxy", weight: 2)));
        var backup = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 99));
        // The backup starts first and is master for a while: its adverts show its priority (backups are silent).
        await cluster.StartAsync(backup);
        await cluster.AdvanceAsync(5 * Second);
        await cluster.StartAsync(master);
        await ReportAsync(cluster, master, "chk_haproxy", 0);
        await cluster.AdvanceAsync(5 * Second);
        Assert.True(master.HoldsVip());
        Assert.Equal(160, (await master.StatusAsync()).EffectivePriority);

        await ReportAsync(cluster, master, "chk_haproxy", 1);
        await cluster.AdvanceAsync(10 * Second);

        Assert.True(master.HoldsVip());
        Assert.Equal(158, (await master.StatusAsync()).EffectivePriority);
        Assert.Equal(1, master.Log.Count(
            "(VI_1) HV0301: chk_haproxy failing lowers VI_1 from 160 to 158, still above peer 10.0.0.2's 99: this failure can never cause a fail-over"));
        // instance.list shows it too, with the priorities it was worked out from; it is no split brain.
        var status = await master.StatusAsync();
        var warning = Assert.Single(status.Warnings);
        Assert.Equal(
            (InstanceWarningCode.CannotFailOver, "HV0301", "chk_haproxy", 160, 158, "10.0.0.2", 99),
            (warning.Code, warning.DiagnosticCode, warning.TrackedObject, warning.Priority, warning.FailedPriority, warning.PeerAddress?.ToString(), warning.PeerPriority));
        Assert.False(status.SplitBrainSuspected);
    }

    [Fact]
    public async Task WeightZeroScript_HoldsTheInstanceUntilItsFirstResult_FaultsOnFailure_AndRecovers()
    {
        await using var cluster = new Cluster();
        var master = cluster.Add("10.0.0.1", WithScript(TestConfig.Instance(priority: 100), Script()));
        var backup = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 90));
        await cluster.StartAsync();

        var waiting = await master.StatusAsync();
        Assert.True(waiting.IsWaitingForTracking);
        Assert.Equal(VrrpState.Initialize, waiting.State);
        var warning = Assert.Single(waiting.Warnings);
        Assert.Equal(InstanceWarningCode.WaitingForTracking, warning.Code);
        Assert.Contains("waiting for the first result of chk before starting", warning.Message, StringComparison.Ordinal);

        await ReportAsync(cluster, master, "chk", 0);
        await cluster.AdvanceAsync(5 * Second);
        Assert.True(master.HoldsVip());

        await ReportAsync(cluster, master, "chk", 2);
        Assert.Equal(VrrpState.Fault, (await master.StatusAsync()).State);
        Assert.True(master.Log.Contains("(VI_1) Entering FAULT STATE"));
        await cluster.AdvanceAsync(Second);
        Assert.True(backup.HoldsVip());
        Assert.False(master.HoldsVip());

        await ReportAsync(cluster, master, "chk", 0);
        Assert.Equal(VrrpState.Backup, (await master.StatusAsync()).State);
        await cluster.AdvanceAsync(5 * Second);
        Assert.True(master.HoldsVip());
    }

    [Fact]
    public async Task RiseAndFall_AreCountedAcrossTheEngine_BeforeThePriorityMoves()
    {
        await using var cluster = new Cluster();
        var node = cluster.Add("10.0.0.1", WithScript(TestConfig.Instance(priority: 100), Script(weight: -20, rise: 2, fall: 3)));
        await cluster.StartAsync();
        await ReportAsync(cluster, node, "chk", 0);
        Assert.Equal(100, (await node.StatusAsync()).EffectivePriority);

        await ReportAsync(cluster, node, "chk", 1);
        await ReportAsync(cluster, node, "chk", 1);
        Assert.Equal(100, (await node.StatusAsync()).EffectivePriority);
        Assert.True(node.Log.Contains("Script `chk` now returning 1"));
        await ReportAsync(cluster, node, "chk", 1);
        Assert.Equal(80, (await node.StatusAsync()).EffectivePriority);

        await ReportAsync(cluster, node, "chk", 0);
        Assert.Equal(80, (await node.StatusAsync()).EffectivePriority);
        await ReportAsync(cluster, node, "chk", 0);
        Assert.Equal(100, (await node.StatusAsync()).EffectivePriority);

        var script = Assert.Single((await node.StatusAsync()).TrackedObjects, tracked => tracked.Kind == TrackedObjectKind.Script);
        Assert.Equal("GOOD", script.State);
        Assert.Equal(0, script.Script!.LastExitCode);
        Assert.Equal(TimeSpan.FromMilliseconds(5), script.Script.LastDuration);
        Assert.Equal(3, script.Script.FailuresToFall);
    }

    [Fact]
    public async Task TrackedInterfaceWithWeight_LowersThePriority_AndWithoutWeight_Faults()
    {
        await using var cluster = new Cluster();
        var weighted = TestConfig.Instance(priority: 100) with { TrackInterfaces = new([new TrackReference("eth1") { Weight = -30 }]) };
        var unweighted = TestConfig.Instance("VI_2", priority: 100, virtualRouterId: 52, virtualAddress: "10.0.0.101")
            with { TrackInterfaces = new([new TrackReference("eth2")]) };
        var node = cluster.Add("10.0.0.1", weighted, unweighted);
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);

        await PostAsync(cluster, node, new LinkStateChanged("eth1", IsUp: false));
        Assert.Equal(70, (await node.StatusAsync("VI_1")).EffectivePriority);
        Assert.Equal(VrrpState.Master, (await node.StatusAsync("VI_2")).State);

        await PostAsync(cluster, node, new LinkStateChanged("eth2", IsUp: false));
        Assert.Equal(VrrpState.Fault, (await node.StatusAsync("VI_2")).State);
        Assert.False(node.HoldsVip("10.0.0.101"));

        await PostAsync(cluster, node, new LinkStateChanged("eth1", IsUp: true));
        await PostAsync(cluster, node, new LinkStateChanged("eth2", IsUp: true));
        Assert.Equal(100, (await node.StatusAsync("VI_1")).EffectivePriority);
        Assert.Equal(VrrpState.Backup, (await node.StatusAsync("VI_2")).State);
        var interfaces = (await node.StatusAsync("VI_2")).TrackedObjects.Where(tracked => tracked.Kind == TrackedObjectKind.Interface).ToList();
        Assert.Contains(interfaces, tracked => tracked.Name == "eth0" && tracked.IsPrimaryInterface);
        Assert.Contains(interfaces, tracked => tracked.Name == "eth2" && tracked.State == "UP");
    }

    [Fact]
    public async Task TrackFile_ValueTimesWeightMovesThePriority_AndMinus254Faults()
    {
        await using var cluster = new Cluster();
        var configuration = new HaVrrpConfiguration
        {
            TrackFiles = new([new TrackFileConfig { Name = "maintenance", File = "/run/havrrp/maintenance", Weight = -10 }]),
            Instances = new([TestConfig.Instance(priority: 100) with { TrackFiles = new([new TrackReference("maintenance")]) }]),
        };
        var node = cluster.Add("10.0.0.1", configuration);
        await cluster.StartAsync();

        await PostAsync(cluster, node, new TrackFileChanged("maintenance", "3\n"));
        Assert.Equal(70, (await node.StatusAsync()).EffectivePriority);
        Assert.True(node.Log.Contains("Track file maintenance value changed to 3"));

        await PostAsync(cluster, node, new TrackFileChanged("maintenance", "254"));
        Assert.Equal(VrrpState.Fault, (await node.StatusAsync()).State);

        await PostAsync(cluster, node, new TrackFileChanged("maintenance", null));
        var status = await node.StatusAsync();
        Assert.Equal(VrrpState.Backup, status.State);
        Assert.Equal(100, status.EffectivePriority);
    }

    [Fact]
    public async Task TrackProcess_WithoutWeight_FaultsWhenTheQuorumIsLost_AfterTerminateDelay_AndRecoversOnExec()
    {
        await using var cluster = new Cluster();
        var configuration = new HaVrrpConfiguration
        {
            TrackProcesses = new([new TrackProcessConfig { Name = "haproxy", Process = "haproxy", TerminateDelay = 2 * Second }]),
            Instances = new([TestConfig.Instance(priority: 100) with { TrackProcesses = new([new TrackReference("haproxy")]) }]),
        };
        var node = cluster.Add("10.0.0.1", configuration);
        await cluster.StartAsync();
        Assert.True((await node.StatusAsync()).IsWaitingForTracking);

        await PostAsync(cluster, node, new ProcessMonitorChanged(ProcessMonitorMethod.Netlink));
        await PostAsync(cluster, node, new TrackedProcessCount("haproxy", 1, ProcessChangeCause.Scan));
        await cluster.AdvanceAsync(5 * Second);
        Assert.True(node.Log.Contains("Tracked process haproxy: 1 running at start, quorum held"));
        Assert.True(node.HoldsVip());
        var tracked = Assert.Single((await node.StatusAsync()).TrackedObjects, t => t.Kind == TrackedObjectKind.Process);
        Assert.Equal(("UP", new ProcessTrackStatus(1, 1, null, ProcessMonitorMethod.Netlink)), (tracked.State, tracked.Process));

        await PostAsync(cluster, node, new TrackedProcessCount("haproxy", 0, ProcessChangeCause.Exit));
        await cluster.AdvanceAsync(Second);
        Assert.Equal(VrrpState.Master, (await node.StatusAsync()).State);
        await cluster.AdvanceAsync(Second);
        Assert.Equal(VrrpState.Fault, (await node.StatusAsync()).State);
        Assert.True(node.Log.Contains("Quorum lost for tracked process haproxy (0 running)"));

        await PostAsync(cluster, node, new TrackedProcessCount("haproxy", 1, ProcessChangeCause.Exec));
        Assert.NotEqual(VrrpState.Fault, (await node.StatusAsync()).State);
        Assert.True(node.Log.Contains("Quorum gained for tracked process haproxy (1 running)"));
    }

    [Fact]
    public async Task TrackProcess_WithNegativeWeight_MovesTheVipToTheBackup_AndBackWhenTheProcessReturns()
    {
        await using var cluster = new Cluster();
        var master = cluster.Add("10.0.0.1", new HaVrrpConfiguration
        {
            TrackProcesses = new([new TrackProcessConfig { Name = "haproxy", Process = "haproxy", Weight = -20 }]),
            Instances = new([TestConfig.Instance(priority: 100) with { TrackProcesses = new([new TrackReference("haproxy")]) }]),
        });
        var backup = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 90));
        await cluster.StartAsync();
        await PostAsync(cluster, master, new TrackedProcessCount("haproxy", 1, ProcessChangeCause.Scan));
        await cluster.AdvanceAsync(5 * Second);
        Assert.True(master.HoldsVip());

        await PostAsync(cluster, master, new TrackedProcessCount("haproxy", 0, ProcessChangeCause.Exit));
        await cluster.AdvanceAsync(5 * Second);
        Assert.Equal(80, (await master.StatusAsync()).EffectivePriority);
        Assert.True(backup.HoldsVip());

        await PostAsync(cluster, master, new TrackedProcessCount("haproxy", 1, ProcessChangeCause.Exec));
        await cluster.AdvanceAsync(5 * Second);
        Assert.True(master.HoldsVip());
        Assert.False(backup.HoldsVip());
    }

    [Fact]
    public async Task SyncGroup_FailsOverTogether_WithGroupNotificationsAfterTheMembers()
    {
        await using var cluster = new Cluster();
        HaVrrpConfiguration Node(int priority, bool tracks) => new()
        {
            Scripts = tracks ? new([Script(weight: -20)]) : ValueList<VrrpScriptConfig>.Empty,
            Instances = new(
            [
                TestConfig.Instance("VI_1", priority) with { TrackScripts = tracks ? new([new TrackReference("chk")]) : ValueList<TrackReference>.Empty },
                TestConfig.Instance("VI_2", priority, virtualRouterId: 52, virtualAddress: "10.0.0.101"),
            ]),
            SyncGroups = new([new SyncGroupConfig { Name = "VG_1", Members = new(["VI_1", "VI_2"]) }]),
        };
        var first = cluster.Add("10.0.0.1", Node(100, tracks: true));
        var second = cluster.Add("10.0.0.2", Node(90, tracks: false));
        await cluster.StartAsync();
        // In a sync group the script's weight is ignored: it faults, so its first result is awaited.
        Assert.True((await first.StatusAsync("VI_1")).IsWaitingForTracking);
        await ReportAsync(cluster, first, "chk", 0);
        await cluster.AdvanceAsync(5 * Second);

        Assert.True(first.HoldsVip("10.0.0.100") && first.HoldsVip("10.0.0.101"));
        Assert.Equal(VrrpState.Master, (await first.StatusAsync("VI_2")).SyncGroupState);
        Assert.Equal("VG_1", (await first.StatusAsync("VI_2")).SyncGroup);
        Assert.True(first.Log.Contains("VRRP_Group(VG_1) Syncing instances to MASTER state"));
        Assert.Equal(
            ["INSTANCE VI_2 Backup", "INSTANCE VI_1 Backup", "GROUP VG_1 Backup", "INSTANCE VI_1 Master", "INSTANCE VI_2 Master", "GROUP VG_1 Master"],
            first.Notifier.Lines.ToArray());

        await ReportAsync(cluster, first, "chk", 1);
        await cluster.AdvanceAsync(5 * Second);

        Assert.True(first.Log.Contains("VRRP_Group(VG_1) Syncing instances to FAULT state"));
        Assert.Equal(VrrpState.Fault, (await first.StatusAsync("VI_2")).State);
        Assert.False(first.HoldsVip("10.0.0.100") || first.HoldsVip("10.0.0.101"));
        Assert.True(second.HoldsVip("10.0.0.100") && second.HoldsVip("10.0.0.101"));
        Assert.Equal(["INSTANCE VI_1 Fault", "INSTANCE VI_2 Fault", "GROUP VG_1 Fault"], first.Notifier.Lines.TakeLast(3));
        Assert.Equal("GROUP VG_1 Master", second.Notifier.Lines.Last());
        Assert.True(second.Log.Contains("VRRP_Group(VG_1) Syncing instances to MASTER state"));

        await ReportAsync(cluster, first, "chk", 0);
        Assert.Equal(["INSTANCE VI_1 Backup", "INSTANCE VI_2 Backup", "GROUP VG_1 Backup"], first.Notifier.Lines.TakeLast(3));
        await cluster.AdvanceAsync(10 * Second);
        Assert.True(first.HoldsVip("10.0.0.100") && first.HoldsVip("10.0.0.101"));
        Assert.False(second.HoldsVip("10.0.0.100") || second.HoldsVip("10.0.0.101"));
    }
}
