using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using static HaVrrp.Engine.Tests.Protocol.Simulation.SimulatedSegment;

namespace HaVrrp.Engine.Tests.Protocol.Simulation;

/// <summary>
/// Routers on a virtual segment, in virtual time. Each scenario asserts who is master, when it
/// became master (against the RFC 9568 §6.1 timer formulas), and that nobody flapped needlessly.
/// Adverts take 1 ms to cross the segment unless a test says otherwise.
/// </summary>
public class SimulatedNetworkTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(1);

    private static VrrpRouterSettings Settings(string address, int priority, int virtualRouterId = 51, int version = 3,
        bool preempt = true, TimeSpan? preemptDelay = null) => new()
        {
            Name = $"VI_{virtualRouterId}",
            VirtualRouterId = virtualRouterId,
            Version = version,
            BasePriority = priority,
            Preempt = preempt,
            PreemptDelay = preemptDelay ?? TimeSpan.Zero,
            PrimaryAddress = VrrpAddress.Parse(address),
        };

    private static TimeSpan MasterDownInterval(int priority) => VrrpTimers.MasterDownInterval(priority, OneSecond);

    private static TimeSpan SkewTime(int priority) => VrrpTimers.SkewTime(priority, OneSecond);

    private static TimeSpan BecameMasterAt(SimulatedSegment segment, string host, int virtualRouterId = 51) =>
        segment.TransitionsOf(host, virtualRouterId).Last(t => t.To == VrrpState.Master).At;

    private static int TimesBecameMaster(SimulatedSegment segment, string host, int virtualRouterId = 51) =>
        segment.TransitionsOf(host, virtualRouterId).Count(t => t.To == VrrpState.Master);

    private static Transition LastTransition(SimulatedSegment segment, string host) => segment.TransitionsOf(host)[^1];

    private static SimulatedRouter SoleMaster(SimulatedSegment segment, int virtualRouterId = 51) =>
        Assert.Single(segment.Masters(virtualRouterId));

    [Fact]
    public void TwoRouters_Startup_HigherPriorityBecomesMasterAfterItsMasterDownInterval()
    {
        var segment = new SimulatedSegment();
        var a = segment.Add("a", Settings("10.0.0.11", 100));
        var b = segment.Add("b", Settings("10.0.0.12", 90));
        segment.At(0, a.Start);
        segment.At(0, b.Start);

        segment.RunUntil(30);

        Assert.Same(a, SoleMaster(segment));
        Assert.True(a.HasVirtualAddresses);
        Assert.False(b.HasVirtualAddresses);
        Assert.Equal(MasterDownInterval(100), BecameMasterAt(segment, "a"));   // 3.609375 s
        Assert.Equal(1, TimesBecameMaster(segment, "a"));
        Assert.Equal(0, TimesBecameMaster(segment, "b"));
        Assert.Equal(3, segment.Transitions.Count);                             // Initialize->Backup twice, then a: Backup->Master
    }

    [Fact]
    public void ThreeRouters_MasterCrash_NextHighestTakesOverOneMasterDownIntervalAfterTheLastAdvert()
    {
        var segment = new SimulatedSegment();
        var a = segment.Add("a", Settings("10.0.0.11", 100));
        var b = segment.Add("b", Settings("10.0.0.12", 90));
        var c = segment.Add("c", Settings("10.0.0.13", 80));
        segment.At(0, a.Start);
        segment.At(0, b.Start);
        segment.At(0, c.Start);
        segment.At(10.2, a.Crash);

        segment.RunUntil(40);

        Assert.Same(b, SoleMaster(segment));
        // a became master at MDI(100) and advertised every second; its last advert before 10.2 s
        // left at MDI(100) + 6 s and arrived 1 ms later.
        var lastAdvertArrived = MasterDownInterval(100) + TimeSpan.FromSeconds(6) + Delay;
        Assert.Equal(lastAdvertArrived + MasterDownInterval(90), BecameMasterAt(segment, "b"));
        Assert.Equal(1, TimesBecameMaster(segment, "b"));
        Assert.Equal(0, TimesBecameMaster(segment, "c"));
    }

    [Fact]
    public void MasterShutdown_BackupTakesOverAfterSkewTime()
    {
        var segment = new SimulatedSegment();
        var a = segment.Add("a", Settings("10.0.0.11", 100));
        var b = segment.Add("b", Settings("10.0.0.12", 90));
        var c = segment.Add("c", Settings("10.0.0.13", 80));
        foreach (var router in segment.Routers)
        {
            segment.At(0, router.Start);
        }
        segment.At(10.2, a.Shutdown);

        segment.RunUntil(40);

        Assert.Same(b, SoleMaster(segment));
        Assert.Equal(Time(10.2) + Delay + SkewTime(90), BecameMasterAt(segment, "b"));   // 648 ms, not 3.6 s
        Assert.False(a.HasVirtualAddresses);
        Assert.Equal(0, TimesBecameMaster(segment, "c"));
    }

    [Fact]
    public void MasterRestart_PreemptsBackOneMasterDownIntervalAfterStarting()
    {
        var segment = new SimulatedSegment();
        var a = segment.Add("a", Settings("10.0.0.11", 100));
        var b = segment.Add("b", Settings("10.0.0.12", 90));
        segment.At(0, a.Start);
        segment.At(0, b.Start);
        segment.At(10.2, a.Crash);
        segment.At(20.5, a.Start);

        segment.RunUntil(40);

        Assert.Same(a, SoleMaster(segment));
        // As in keepalived's log sample: the restarted router discards the lower adverts and preempts.
        Assert.Equal(Time(20.5) + MasterDownInterval(100), BecameMasterAt(segment, "a"));
        Assert.Equal(1, TimesBecameMaster(segment, "b"));
        Assert.Equal(2, TimesBecameMaster(segment, "a"));
    }

    [Fact]
    public void PartitionThenHeal_TwoMastersThenExactlyTheRightOne()
    {
        var segment = new SimulatedSegment();
        var a = segment.Add("a", Settings("10.0.0.11", 100));
        var b = segment.Add("b", Settings("10.0.0.12", 90));
        segment.At(0, a.Start);
        segment.At(0, b.Start);
        segment.At(10.2, () => segment.Partition(["a"], ["b"]));
        segment.At(20.2, segment.Heal);

        segment.RunUntil(20);
        Assert.Equal(2, segment.Masters(51).Count);

        segment.RunUntil(40);
        Assert.Same(a, SoleMaster(segment));
        Assert.Equal(1, TimesBecameMaster(segment, "a"));   // a never left master
        Assert.Equal(1, TimesBecameMaster(segment, "b"));
        // b's first advert after the heal reaches a, which answers at once (RFC 9568 §6.4.3), and b
        // yields on that answer: convergence within one advert interval plus two delays.
        var bFirstAdvertAfterHeal = BecameMasterAt(segment, "b") + TimeSpan.FromSeconds(7);
        Assert.Equal(bFirstAdvertAfterHeal + Delay + Delay, LastTransition(segment, "b").At);
        Assert.Equal(VrrpState.Backup, LastTransition(segment, "b").To);
    }

    [Fact]
    public void EqualPriorities_StartingTogether_TheHigherAddressWins()
    {
        var segment = new SimulatedSegment();
        var low = segment.Add("low", Settings("10.0.0.11", 100));
        var high = segment.Add("high", Settings("10.0.0.12", 100));
        segment.At(0, low.Start);
        segment.At(0, high.Start);

        segment.RunUntil(30);

        // Both timers fire at the same instant, both become master, and the tie-break of
        // RFC 9568 §6.4.3 sends the lower address back to backup one delay later.
        Assert.Same(high, SoleMaster(segment));
        Assert.Equal(1, TimesBecameMaster(segment, "low"));
        Assert.Equal(MasterDownInterval(100) + Delay, LastTransition(segment, "low").At);
    }

    [Fact]
    public void EqualPriorities_TheFirstMasterStays_ABackupDoesNotPreemptOnAddress()
    {
        var segment = new SimulatedSegment();
        var low = segment.Add("low", Settings("10.0.0.11", 100));
        var high = segment.Add("high", Settings("10.0.0.12", 100));
        segment.At(0, low.Start);
        segment.At(2, high.Start);

        segment.RunUntil(30);

        // RFC 9568 §6.4.2: a backup accepts an advert of equal priority; the tie-break is for masters only.
        Assert.Same(low, SoleMaster(segment));
        Assert.Equal(0, TimesBecameMaster(segment, "high"));
    }

    [Fact]
    public void NopreemptEverywhere_TheFirstMasterKeepsItUntilItFails()
    {
        var segment = new SimulatedSegment();
        var a = segment.Add("a", Settings("10.0.0.11", 100, preempt: false));
        var b = segment.Add("b", Settings("10.0.0.12", 90, preempt: false));
        segment.At(0, b.Start);
        segment.At(5, a.Start);
        segment.At(20.2, b.Crash);

        segment.RunUntil(20);
        Assert.Same(b, SoleMaster(segment));
        Assert.Equal(0, TimesBecameMaster(segment, "a"));

        segment.RunUntil(40);
        Assert.Same(a, SoleMaster(segment));
        Assert.Equal(1, TimesBecameMaster(segment, "a"));
    }

    [Fact]
    public void PreemptDelay_TheHigherRouterWaitsTheDelayBeforePreempting()
    {
        var segment = new SimulatedSegment();
        var a = segment.Add("a", Settings("10.0.0.11", 100, preemptDelay: TimeSpan.FromSeconds(10)));
        var b = segment.Add("b", Settings("10.0.0.12", 90));
        segment.At(0, b.Start);
        segment.At(5, a.Start);

        segment.RunUntil(40);

        Assert.Same(a, SoleMaster(segment));
        // b advertises at MDI(90) + n s. a hears the first at 5.649437 s: the delay runs to 15.649437 s.
        // The last advert it accepts arrives one second before that; a preempts MDI(100) later.
        var firstHeard = MasterDownInterval(90) + TimeSpan.FromSeconds(2) + Delay;
        var lastAccepted = firstHeard + TimeSpan.FromSeconds(9);
        Assert.Equal(lastAccepted + MasterDownInterval(100), BecameMasterAt(segment, "a"));
        Assert.Equal(1, TimesBecameMaster(segment, "b"));
    }

    [Fact]
    public void FlappingTrackedObject_FasterThanMasterDownInterval_CausesNoFailover()
    {
        var segment = new SimulatedSegment();
        var a = segment.Add("a", Settings("10.0.0.11", 100));
        var b = segment.Add("b", Settings("10.0.0.12", 90));
        segment.At(0, a.Start);
        segment.At(0, b.Start);
        // The check fails for 2 s, recovers for 2 s, ten times: weight -20 takes a to 80 < 90 each time.
        for (var i = 0; i < 10; i++)
        {
            segment.At(10 + (4 * i), () => a.SetTracking(-20, anyZeroWeightFailed: false));
            segment.At(12 + (4 * i), () => a.SetTracking(0, anyZeroWeightFailed: false));
        }

        segment.RunUntil(60);

        // b discards the priority-80 adverts, but a recovers before b's Master_Down_Timer runs out.
        Assert.Same(a, SoleMaster(segment));
        Assert.Equal(1, TimesBecameMaster(segment, "a"));
        Assert.Equal(0, TimesBecameMaster(segment, "b"));
    }

    [Fact]
    public void TrackedObjectFailingLongerThanMasterDownInterval_FailsOverOnceAndBackOnce()
    {
        var segment = new SimulatedSegment();
        var a = segment.Add("a", Settings("10.0.0.11", 100));
        var b = segment.Add("b", Settings("10.0.0.12", 90));
        segment.At(0, a.Start);
        segment.At(0, b.Start);
        segment.At(10.2, () => a.SetTracking(-20, anyZeroWeightFailed: false));
        segment.At(25.2, () => a.SetTracking(0, anyZeroWeightFailed: false));

        segment.RunUntil(20);
        Assert.Same(b, SoleMaster(segment));

        segment.RunUntil(50);
        Assert.Same(a, SoleMaster(segment));
        Assert.Equal(2, TimesBecameMaster(segment, "a"));
        Assert.Equal(1, TimesBecameMaster(segment, "b"));
    }

    [Fact]
    public void ZeroWeightTrackedFailure_FaultsTheMasterAndTheBackupTakesOverAfterSkewTime()
    {
        var segment = new SimulatedSegment();
        var a = segment.Add("a", Settings("10.0.0.11", 100));
        var b = segment.Add("b", Settings("10.0.0.12", 90));
        segment.At(0, a.Start);
        segment.At(0, b.Start);
        segment.At(10.2, () => a.SetTracking(0, anyZeroWeightFailed: true));

        segment.RunUntil(30);

        Assert.Same(b, SoleMaster(segment));
        Assert.Equal(VrrpState.Fault, a.State);
        Assert.Equal(Time(10.2) + Delay + SkewTime(90), BecameMasterAt(segment, "b"));
    }

    [Fact]
    public void StepDownAndTakeOver_MoveMastershipWithoutFlapping()
    {
        var segment = new SimulatedSegment();
        var a = segment.Add("a", Settings("10.0.0.11", 100));
        var b = segment.Add("b", Settings("10.0.0.12", 90));
        segment.At(0, a.Start);
        segment.At(0, b.Start);
        segment.At(10.2, a.StepDown);

        segment.RunUntil(20);
        Assert.Same(b, SoleMaster(segment));
        Assert.Equal(Time(10.2) + Delay + SkewTime(90), BecameMasterAt(segment, "b"));

        segment.At(20.2, a.TakeOver);
        segment.RunUntil(40);
        Assert.Same(a, SoleMaster(segment));
        Assert.Equal(Time(20.2), BecameMasterAt(segment, "a"));
        Assert.Equal(2, TimesBecameMaster(segment, "a"));
        Assert.Equal(1, TimesBecameMaster(segment, "b"));
    }

    [Fact]
    public void TwoHundredFiftyFiveVirtualRouters_OnOneSegment_EachElectsTheRightMaster()
    {
        var segment = new SimulatedSegment();
        for (var id = 1; id <= 255; id++)
        {
            // Active-active: odd VRIDs prefer host one, even VRIDs host two.
            var one = segment.Add("one", Settings("10.0.0.11", id % 2 == 1 ? 100 : 90, id));
            var two = segment.Add("two", Settings("10.0.0.12", id % 2 == 1 ? 90 : 100, id));
            segment.At(0, one.Start);
            segment.At(0, two.Start);
        }

        segment.RunUntil(30);

        for (var id = 1; id <= 255; id++)
        {
            Assert.Equal(id % 2 == 1 ? "one" : "two", SoleMaster(segment, id).Host);
        }
        Assert.Equal(255, segment.Transitions.Count(t => t.To == VrrpState.Master));
    }

    [Fact]
    public void MixedVersions_V3RouterDropsV2Adverts_SoBothBecomeMaster()
    {
        // keepalived speaks one version per instance and drops adverts of the other version, so a
        // v2 and a v3 router with the same VRID never see each other: both are master (split brain).
        // HaVrrp does the same on purpose; the configuration validator is where to warn about it.
        var segment = new SimulatedSegment();
        var v3 = segment.Add("v3", Settings("10.0.0.11", 100, version: 3));
        var v2 = segment.Add("v2", Settings("10.0.0.12", 90, version: 2));
        segment.At(0, v3.Start);
        segment.At(0, v2.Start);

        segment.RunUntil(30);

        Assert.Equal(2, segment.Masters(51).Count);
        Assert.Equal(0, v3.Router.Counters.AdvertsReceived);
        Assert.Equal(0, v2.Router.Counters.AdvertsReceived);
        Assert.Equal(1, TimesBecameMaster(segment, "v3"));
        Assert.Equal(1, TimesBecameMaster(segment, "v2"));
    }

    [Fact]
    public void LossySegment_TenPercentLoss_EndsWithTheRightSingleMaster()
    {
        var segment = new SimulatedSegment(seed: 42) { LossRate = 0.10 };
        var a = segment.Add("a", Settings("10.0.0.11", 100));
        var b = segment.Add("b", Settings("10.0.0.12", 90));
        var c = segment.Add("c", Settings("10.0.0.13", 80));
        foreach (var router in segment.Routers)
        {
            segment.At(0, router.Start);
        }

        segment.RunUntil(120);

        // Three adverts in a row must be lost for a backup to time out; any such flap heals at the next advert.
        Assert.Same(a, SoleMaster(segment));
        var flaps = segment.Transitions.Count(t => t.Host != "a" && t.To == VrrpState.Master);
        Assert.True(flaps <= 2, $"expected at most a rare flap at 10% loss, saw {flaps}");
    }

    [Fact]
    public void SlowSegment_DelayBelowSkewDifference_StillElectsWithoutFlaps()
    {
        var segment = new SimulatedSegment { Delay = TimeSpan.FromMilliseconds(30) };
        var a = segment.Add("a", Settings("10.0.0.11", 100));
        var b = segment.Add("b", Settings("10.0.0.12", 99));
        segment.At(0, a.Start);
        segment.At(0, b.Start);

        segment.RunUntil(30);

        // MDI(99) - MDI(100) is 3.9 ms < 30 ms: both time out, then b yields on a's advert.
        Assert.Same(a, SoleMaster(segment));
        Assert.Equal(1, TimesBecameMaster(segment, "b"));
        Assert.Equal(MasterDownInterval(100) + TimeSpan.FromMilliseconds(30), LastTransition(segment, "b").At);
    }
}
