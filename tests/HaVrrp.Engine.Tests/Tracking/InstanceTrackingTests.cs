using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Tests.Tracking;

public class InstanceTrackingTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static VrrpScriptConfig Script(string name, int weight = 0, bool reverse = false) =>
        new() { Name = name, Script = "/bin/true", Weight = weight, WeightReverse = reverse };

    private static VrrpInstanceConfig Instance(string name = "VI_1", int priority = 100) =>
        new() { Name = name, Interface = "eth0", VirtualRouterId = 51, Priority = priority };

    private static void Report(ScriptTracker tracker, bool success)
    {
        tracker.TryBeginRun(tracker.NextRunDue);
        tracker.CompleteRun(success ? ScriptOutcome.Success : ScriptOutcome.Exited(2), tracker.NextRunDue);
    }

    [Fact]
    public void UnicastFaultNoPeer_WithoutPeers_FaultsTheInstance_AndSaysWhy()
    {
        var config = new HaVrrpConfiguration { Instances = [Instance() with { UnicastFaultNoPeer = true }] };

        var tracking = new TrackerSet(config, Start, _ => true).Instance("VI_1");

        Assert.True(tracking.Totals().AnyZeroWeightFailed);
        var why = Assert.Single(tracking.Describe().Objects, tracked => tracked.Kind == TrackedObjectKind.Configuration);
        Assert.Equal(("unicast_fault_no_peer", "no unicast peer"), (why.Name, why.State));
    }

    [Fact]
    public void UnicastFaultNoPeer_WithPeers_ChangesNothing()
    {
        var instance = Instance() with { UnicastFaultNoPeer = true, UnicastPeers = [new UnicastPeer(System.Net.IPAddress.Parse("10.0.0.3"))] };

        var tracking = new TrackerSet(new HaVrrpConfiguration { Instances = [instance] }, Start, _ => true).Instance("VI_1");

        Assert.False(tracking.Totals().AnyZeroWeightFailed);
    }

    [Fact]
    public void WeightedScripts_AddUpWhileTheyAreGoodAndBad()
    {
        var config = new HaVrrpConfiguration
        {
            Scripts = new[] { Script("chk_plus", weight: 10), Script("chk_minus", weight: -30) },
            Instances = new[] { Instance() with { TrackScripts = new[] { new TrackReference("chk_plus"), new TrackReference("chk_minus") } } },
        };
        var trackers = new TrackerSet(config, Start, _ => true);
        var tracking = trackers.Instance("VI_1");

        Assert.Equal(new TrackingTotals(0, false, false), tracking.Totals());
        Report(trackers.Script("chk_plus"), success: true);
        Report(trackers.Script("chk_minus"), success: false);

        var totals = tracking.Totals();
        Assert.Equal(new TrackingTotals(-20, false, false), totals);
        Assert.Equal(80, totals.EffectivePriority(100));
    }

    [Fact]
    public void UnweightedScript_HoldsTheInstanceUntilItsFirstResult_ThenFaultsOnFailure()
    {
        var config = new HaVrrpConfiguration
        {
            Scripts = new[] { Script("chk") },
            Instances = new[] { Instance() with { TrackScripts = new[] { new TrackReference("chk") } } },
        };
        var trackers = new TrackerSet(config, Start, _ => true);
        var tracking = trackers.Instance("VI_1");

        Assert.True(tracking.Totals().AnyPending);
        Report(trackers.Script("chk"), success: false);

        Assert.Equal(new TrackingTotals(0, AnyZeroWeightFailed: true, AnyPending: false), tracking.Totals());
    }

    [Fact]
    public void PerInstanceWeight_OverridesTheScriptsWeight()
    {
        var config = new HaVrrpConfiguration
        {
            Scripts = new[] { Script("chk", weight: -10) },
            Instances = new[]
            {
                Instance("VI_1") with { TrackScripts = new[] { new TrackReference("chk") } },
                Instance("VI_2") with { TrackScripts = new[] { new TrackReference("chk") { Weight = -50 } } },
            },
        };
        var trackers = new TrackerSet(config, Start, _ => true);

        Report(trackers.Script("chk"), success: false);

        Assert.Equal(-10, trackers.Instance("VI_1").Totals().WeightSum);
        Assert.Equal(-50, trackers.Instance("VI_2").Totals().WeightSum);
    }

    [Fact]
    public void TrackedInterfaceWithoutWeight_FaultsWhenDown_WithWeightLowersPriority()
    {
        var config = new HaVrrpConfiguration
        {
            Instances = new[]
            {
                Instance() with
                {
                    TrackInterfaces = new[] { new TrackReference("eth1"), new TrackReference("eth2") { Weight = -15 } },
                },
            },
        };
        var trackers = new TrackerSet(config, Start, _ => true);
        var tracking = trackers.Instance("VI_1");

        trackers.Interface("eth2").Update(false, Start);
        Assert.Equal(new TrackingTotals(-15, false, false), tracking.Totals());
        trackers.Interface("eth1").Update(false, Start);

        Assert.True(tracking.Totals().AnyZeroWeightFailed);
    }

    [Fact]
    public void PrimaryInterfaceDown_Faults_UnlessDontTrackPrimary()
    {
        var config = new HaVrrpConfiguration
        {
            Instances = new[] { Instance("VI_1"), Instance("VI_2") with { DontTrackPrimary = true } },
        };
        var trackers = new TrackerSet(config, Start, _ => false);

        Assert.True(trackers.Instance("VI_1").Totals().AnyZeroWeightFailed);
        Assert.False(trackers.Instance("VI_2").Totals().AnyZeroWeightFailed);
    }

    [Fact]
    public void TrackInterfaceNamingTheOwnInterface_IsIgnoredWeightAndAll_AsKeepalivedDoes()
    {
        var config = new HaVrrpConfiguration
        {
            Instances = new[]
            {
                Instance("VI_1") with { TrackInterfaces = new[] { new TrackReference("eth0") { Weight = -20 } } },
                Instance("VI_2") with { DontTrackPrimary = true, TrackInterfaces = new[] { new TrackReference("eth0") } },
            },
        };
        var trackers = new TrackerSet(config, Start, _ => false);

        // VI_1 faults for its primary interface, not -20 for the entry; VI_2 does not react to eth0 at all.
        Assert.Equal(new TrackingTotals(0, AnyZeroWeightFailed: true, AnyPending: false), trackers.Instance("VI_1").Totals());
        Assert.Equal(new TrackingTotals(0, AnyZeroWeightFailed: false, AnyPending: false), trackers.Instance("VI_2").Totals());
    }

    [Fact]
    public void InterfacesCarryingVipsAndRoutes_FaultTheInstanceWhenDown_UnlessNoTrack()
    {
        static VirtualAddress Vip(string address, string device, bool noTrack = false) =>
            new(System.Net.IPAddress.Parse(address)) { Device = device, NoTrack = noTrack };
        var config = new HaVrrpConfiguration
        {
            Instances = new[]
            {
                Instance("VI_VIP") with { VirtualIpAddresses = new[] { Vip("10.0.1.1", "eth1") } },
                Instance("VI_EXCLUDED") with { ExcludedVirtualIpAddresses = new[] { Vip("10.0.2.1", "eth2") } },
                Instance("VI_ROUTE") with
                {
                    VirtualRoutes = new[] { new VirtualRoute(System.Net.IPNetwork.Parse("10.9.0.0/16")) { Device = "eth3" } },
                },
                Instance("VI_NO_TRACK") with
                {
                    VirtualIpAddresses = new[] { Vip("10.0.4.1", "eth4", noTrack: true) },
                    VirtualRoutes = new[] { new VirtualRoute(System.Net.IPNetwork.Parse("10.8.0.0/16")) { Device = "eth4", NoTrack = true } },
                },
            },
        };
        var trackers = new TrackerSet(config, Start, name => name == "eth0");

        Assert.True(trackers.Instance("VI_VIP").Totals().AnyZeroWeightFailed);
        Assert.True(trackers.Instance("VI_EXCLUDED").Totals().AnyZeroWeightFailed);
        Assert.True(trackers.Instance("VI_ROUTE").Totals().AnyZeroWeightFailed);
        Assert.False(trackers.Instance("VI_NO_TRACK").Totals().AnyZeroWeightFailed);
        Assert.Contains(trackers.Instance("VI_VIP").Describe().Objects, tracked => tracked.Name == "eth1" && !tracked.IsPrimaryInterface);
    }

    [Fact]
    public void TheMacvlanOfUseVmacAddr_IsTrackedAsTheAddressesLink_UnlessNoTrack()
    {
        var elsewhere = new VirtualAddress(System.Net.IPAddress.Parse("10.0.1.1")) { Device = "eth1" };
        var tracked = Instance("VI_1") with { UseVirtualMacForAddresses = true, VirtualIpAddresses = new[] { elsewhere } };
        var untracked = Instance("VI_2") with { UseVirtualMacForAddresses = true, VirtualIpAddresses = new[] { elsewhere with { NoTrack = true } } };
        var trackers = new TrackerSet(new HaVrrpConfiguration { Instances = new[] { tracked, untracked } }, Start, name => name != "vrrp1.51");

        Assert.True(trackers.Instance("VI_1").Totals().AnyZeroWeightFailed);
        Assert.Contains(trackers.Instance("VI_1").Describe().Objects, entry => entry.Name == "vrrp1.51" && !entry.IsPrimaryInterface);
        Assert.False(trackers.Instance("VI_2").Totals().AnyZeroWeightFailed);
    }

    [Fact]
    public void TrackFile_ValueTimesWeightFromTheFile()
    {
        var config = new HaVrrpConfiguration
        {
            TrackFiles = new[] { new TrackFileConfig { Name = "tf", File = "/run/tf", Weight = -10 } },
            Instances = new[] { Instance() with { TrackFiles = new[] { new TrackReference("tf") } } },
        };
        var trackers = new TrackerSet(config, Start, _ => true);

        trackers.File("tf").Update("3", Start);

        Assert.Equal(-30, trackers.Instance("VI_1").Totals().WeightSum);
    }

    [Fact]
    public void SyncGroupMember_WeightsBecomeFaults_UnlessTrackingWeightIsSet()
    {
        var script = Script("chk", weight: -10);
        var member = Instance() with { TrackScripts = new[] { new TrackReference("chk") } };
        HaVrrpConfiguration Config(bool trackingWeight) => new()
        {
            Scripts = new[] { script },
            Instances = new[] { member },
            SyncGroups = new[] { new SyncGroupConfig { Name = "VG_1", Members = new[] { "VI_1" }, TrackingWeight = trackingWeight } },
        };

        var ignored = new TrackerSet(Config(trackingWeight: false), Start, _ => true);
        var kept = new TrackerSet(Config(trackingWeight: true), Start, _ => true);
        Report(ignored.Script("chk"), success: false);
        Report(kept.Script("chk"), success: false);

        Assert.Equal(new TrackingTotals(0, true, false), ignored.Instance("VI_1").Totals());
        Assert.Equal(new TrackingTotals(-10, false, false), kept.Instance("VI_1").Totals());
    }

    [Fact]
    public void SyncGroupTracking_AppliesToEveryMember()
    {
        var config = new HaVrrpConfiguration
        {
            Scripts = new[] { Script("chk") },
            Instances = new[] { Instance("VI_1"), Instance("VI_2") },
            SyncGroups = new[]
            {
                new SyncGroupConfig { Name = "VG_1", Members = new[] { "VI_1", "VI_2" }, TrackScripts = new[] { new TrackReference("chk") } },
            },
        };
        var trackers = new TrackerSet(config, Start, _ => true);

        Report(trackers.Script("chk"), success: false);

        Assert.True(trackers.Instance("VI_1").Totals().AnyZeroWeightFailed);
        Assert.True(trackers.Instance("VI_2").Totals().AnyZeroWeightFailed);
    }

    [Fact]
    public void Describe_ShowsEachObjectsStateRunAndEffect()
    {
        var config = new HaVrrpConfiguration
        {
            Scripts = new[] { Script("chk_haproxy", weight: -20) with { Rise = 2, Fall = 3 } },
            Instances = new[] { Instance() with { TrackScripts = new[] { new TrackReference("chk_haproxy") } } },
        };
        var trackers = new TrackerSet(config, Start, _ => true);
        var script = trackers.Script("chk_haproxy");
        script.TryBeginRun(Start);
        script.CompleteRun(ScriptOutcome.Exited(7), Start + TimeSpan.FromMilliseconds(12));

        var state = trackers.Instance("VI_1").Describe();

        Assert.Equal(2, state.Objects.Count);
        var primary = state.Objects[0];
        Assert.True(primary.IsPrimaryInterface);
        Assert.Equal("UP", primary.State);
        var status = state.Objects[1];
        Assert.Equal("BAD", status.State);
        Assert.Equal(TrackedEffect.Adjust(-20), status.Effect);
        Assert.Equal(7, status.Script?.LastExitCode);
        Assert.Equal(Start, status.Script?.LastStarted);
        Assert.Equal(TimeSpan.FromMilliseconds(12), status.Script?.LastDuration);
        Assert.Equal(2, status.Script?.SuccessesToRise);
    }
}
