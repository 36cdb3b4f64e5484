using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using static HaVrrp.Engine.Tests.Protocol.RouterHarness;

namespace HaVrrp.Engine.Tests.Protocol;

/// <summary>One test per rule of RFC 9568 §6.4 (and keepalived's reading of it), each naming its section.</summary>
public class VrrpRouterRuleTests
{
    // ---- §6.4.1 Initialize ----

    [Fact]
    [Trait("RFC", "9568 6.4.1")]
    public void Initialize_AddressOwner_BecomesMasterAtOnceAndAdvertises()
    {
        var harness = Create(priority: 255);

        var actions = harness.Start(TimeSpan.Zero);

        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.Equal(VrrpTransitionReason.StartupAsAddressOwner, harness.Router.LastTransitionReason);
        Assert.Equal(["AddVirtualAddresses", "SendGratuitousArp(5, BecameMaster)", "RunNotify(Master)", "SendAdvert(255)"], actions.Effects());
        Assert.Equal(TimeSpan.FromSeconds(1), harness.Router.AdvertTimerExpiresAt);
    }

    [Fact]
    [Trait("RFC", "9568 6.4.1")]
    public void Initialize_NonOwner_BecomesBackupAndWaitsMasterDownInterval()
    {
        var harness = Create(priority: 90);

        var actions = harness.Start(Seconds(10));

        Assert.Equal(VrrpState.Backup, harness.Router.State);
        Assert.Equal(Seconds(10) + Microseconds(3_648_437), harness.Router.MasterDownTimerExpiresAt);
        Assert.Equal(TimeSpan.FromSeconds(1), harness.Router.MasterAdvertInterval);
        Assert.Equal(["(VI_1) removing VIPs.", "(VI_1) Entering BACKUP STATE (init)"], actions.LogLines());
        Assert.Equal(["RemoveVirtualAddresses", "RunNotify(Backup)"], actions.Effects());
    }

    [Fact]
    [Trait("keepalived", "VIP deleted by hand")]
    public void Master_WhoseVipWasDeleted_StepsBack_AndReclaimsMastershipAfterSkewTime()
    {
        var harness = StartedAsMaster(out var becameMasterAt, priority: 90);
        var deletedAt = becameMasterAt + Seconds(0.3);

        var actions = harness.Step(() => Assert.True(harness.Router.OnVirtualAddressDeleted(deletedAt, harness.Buffer)));

        Assert.Equal(VrrpState.Backup, harness.Router.State);
        Assert.Equal(VrrpTransitionReason.VirtualAddressDeleted, harness.Router.LastTransitionReason);
        Assert.Equal(["RemoveVirtualAddresses", "RunNotify(Backup)"], actions.Effects());
        Assert.Equal(deletedAt + Microseconds(648_437), harness.Router.MasterDownTimerExpiresAt);

        var reclaimed = harness.Timer(deletedAt + Microseconds(648_437));
        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.Contains("AddVirtualAddresses", reclaimed.Effects());
    }

    [Fact]
    [Trait("keepalived", "VIP deleted by hand")]
    public void Backup_IgnoresAVipDeleted()
    {
        var harness = Started(priority: 90);

        var actions = harness.Step(() => Assert.False(harness.Router.OnVirtualAddressDeleted(Seconds(1), harness.Buffer)));

        Assert.Empty(actions);
        Assert.Equal(VrrpState.Backup, harness.Router.State);
    }

    [Fact]
    [Trait("keepalived", "down_timer_adverts")]
    public void Backup_WithDownTimerAdverts_WaitsThatManyIntervalsPlusSkew_AndAfterEachAdvert()
    {
        var harness = Create(Settings(priority: 90) with { DownTimerAdverts = 6 });

        harness.Start(Seconds(10));
        Assert.Equal(Seconds(16) + Microseconds(648_437), harness.Router.MasterDownTimerExpiresAt);

        harness.Receive(Seconds(11), HigherAddress, priority: 100);
        Assert.Equal(Seconds(17) + Microseconds(648_437), harness.Router.MasterDownTimerExpiresAt);
        Assert.Equal(Seconds(6) + Microseconds(648_437), harness.Router.MasterDownInterval);
    }

    [Fact]
    [Trait("RFC", "9568 6.4.1")]
    public void Initialize_StateMasterBelowOwnerPriority_StartsAsBackupLikeKeepalived()
    {
        var configured = new HaVrrp.Engine.Configuration.VrrpInstanceConfig
        {
            Name = "VI_1",
            VirtualRouterId = 51,
            Priority = 100,
            InitialState = HaVrrp.Engine.Configuration.InitialState.Master,
        };
        var harness = Create(HaVrrp.Engine.Runtime.ProtocolSettings.Router(configured, new(), Settings().PrimaryAddress));

        harness.Start(TimeSpan.Zero);

        Assert.Equal(VrrpState.Backup, harness.Router.State);
        Assert.Equal(Microseconds(3_609_375), harness.Router.MasterDownTimerExpiresAt);
    }

    [Fact]
    [Trait("keepalived", "FAULT")]
    public void Initialize_InterfaceDown_EntersFault()
    {
        var harness = Create();
        harness.Step(() => harness.Router.SetInterfaceState(TimeSpan.Zero, isUp: false, harness.Buffer));

        var actions = harness.Start(TimeSpan.Zero);

        Assert.Equal(VrrpState.Fault, harness.Router.State);
        Assert.Null(harness.Router.NextDeadline);
        Assert.Equal(["(VI_1) Entering FAULT STATE"], actions.LogLines());
    }

    // ---- §6.4.2 Backup ----

    [Fact]
    [Trait("RFC", "9568 6.4.2")]
    public void Backup_MasterDownTimerFires_BecomesMasterAdvertisesAndAnnouncesAddresses()
    {
        var harness = Started(priority: 90);

        var actions = harness.Timer(Microseconds(3_648_437));

        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.Equal(
            ["(VI_1) Receive advertisement timeout", "(VI_1) Entering MASTER STATE", "(VI_1) setting VIPs."],
            actions.LogLines());
        Assert.Equal(["AddVirtualAddresses", "SendGratuitousArp(5, BecameMaster)", "RunNotify(Master)", "SendAdvert(90)"], actions.Effects());
        Assert.Equal(Microseconds(4_648_437), harness.Router.AdvertTimerExpiresAt);
        Assert.Equal(1, harness.Router.Counters.BecameMaster);
    }

    [Fact]
    [Trait("RFC", "9568 6.4.2")]
    public void Backup_TimerNotYetDue_DoesNothing()
    {
        var harness = Started(priority: 90);

        var actions = harness.Timer(Microseconds(3_648_436));

        Assert.Empty(actions);
        Assert.Equal(VrrpState.Backup, harness.Router.State);
    }

    [Fact]
    [Trait("RFC", "9568 6.4.2")]
    public void Backup_ReceivingPriorityZero_TakesOverAfterSkewTime()
    {
        var harness = Started(priority: 90);
        harness.Receive(Seconds(1), HigherAddress, 100);

        var actions = harness.Receive(Seconds(1.5), HigherAddress, 0);

        Assert.Equal(["(VI_1) Backup received priority 0 advertisement"], actions.LogLines());
        Assert.Equal(Seconds(1.5) + Microseconds(648_437), harness.Router.MasterDownTimerExpiresAt);
        harness.Timer(Seconds(1.5) + Microseconds(648_437));
        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.Equal(VrrpTransitionReason.MasterSentPriorityZero, harness.Router.LastTransitionReason);
        Assert.Equal(1, harness.Router.Counters.PriorityZeroReceived);
    }

    [Fact]
    [Trait("HaVrrp", "hardening")]
    public void Backup_IgnoresPriorityZeroFromAnotherRouterThanItsMaster_AndCountsIt()
    {
        var harness = Started(priority: 90);
        harness.Receive(Seconds(1), HigherAddress, 100);
        var masterDown = harness.Router.MasterDownTimerExpiresAt;

        var actions = harness.Receive(Seconds(1.5), VrrpAddress.Parse("10.0.0.66"), 0);

        Assert.Equal(["(VI_1) Backup ignored priority 0 advertisement from 10.0.0.66: not the master it follows"], actions.LogLines());
        Assert.Equal(masterDown, harness.Router.MasterDownTimerExpiresAt);
        Assert.Equal(1, harness.Router.Counters.PriorityZeroIgnored);
        harness.Timer(Seconds(1.5) + Microseconds(648_437));
        Assert.Equal(VrrpState.Backup, harness.Router.State);
    }

    [Fact]
    [Trait("RFC", "9568 6.4.2")]
    public void Backup_ThatHasHeardNoMaster_ActsOnAnyPriorityZero()
    {
        var harness = Started(priority: 90);

        var actions = harness.Receive(Seconds(0.5), VrrpAddress.Parse("10.0.0.66"), 0);

        Assert.Equal(["(VI_1) Backup received priority 0 advertisement"], actions.LogLines());
        Assert.Equal(Seconds(0.5) + Microseconds(648_437), harness.Router.MasterDownTimerExpiresAt);
        Assert.Equal(0, harness.Router.Counters.PriorityZeroIgnored);
    }

    [Theory]
    [Trait("RFC", "9568 6.4.2")]
    [InlineData(100)]
    [InlineData(90)]
    public void Backup_ReceivingHigherOrEqualPriority_RestartsMasterDownTimer(int priority)
    {
        var harness = Started(priority: 90);

        var actions = harness.Receive(Seconds(2), HigherAddress, priority);

        Assert.Empty(actions);
        Assert.Equal(Seconds(2) + Microseconds(3_648_437), harness.Router.MasterDownTimerExpiresAt);
        Assert.Equal(HigherAddress, harness.Router.MasterAddress);
        Assert.Equal(priority, harness.Router.MasterPriority);
    }

    [Fact]
    [Trait("RFC", "9568 6.4.2")]
    public void Backup_ReceivingLowerPriorityWithPreempt_DiscardsSoTheTimerPreempts()
    {
        var harness = Started(priority: 100);

        var actions = harness.Receive(Seconds(1), VrrpAddress.Parse("192.168.3.101"), 98);

        Assert.Equal(["(VI_1) received lower priority (98) advert from 192.168.3.101 - discarding"], actions.LogLines());
        Assert.Equal(Microseconds(3_609_375), harness.Router.MasterDownTimerExpiresAt);
        harness.Timer(Microseconds(3_609_375));
        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.Equal(VrrpTransitionReason.Preempted, harness.Router.LastTransitionReason);
    }

    [Fact]
    [Trait("RFC", "9568 6.4.2")]
    public void Backup_ReceivingLowerPriorityWithNopreempt_AcceptsTheMaster()
    {
        var harness = Started(priority: 100, preempt: false);

        var actions = harness.Receive(Seconds(1), HigherAddress, 50);

        Assert.Empty(actions);
        Assert.Equal(Seconds(1) + Microseconds(3_609_375), harness.Router.MasterDownTimerExpiresAt);
    }

    [Fact]
    [Trait("RFC", "9568 6.4.2")]
    public void Backup_V3_LearnsMasterAdvertIntervalAndUsesItForTheTimers()
    {
        var harness = Started(priority: 90);

        var actions = harness.Receive(Seconds(1), HigherAddress, 100, interval: TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(2), harness.Router.MasterAdvertInterval);
        Assert.Equal(["(VI_1) advertisement interval updated to 2000 milli-sec from 1000 milli-sec"], actions.LogLines());
        // 3 * 2 s + (166 * 2 s / 256) = 6 s + 1.296875 s
        Assert.Equal(Seconds(1) + Microseconds(7_296_875), harness.Router.MasterDownTimerExpiresAt);
    }

    [Fact]
    [Trait("keepalived", "preempt_delay")]
    public void Backup_PreemptDelay_ToleratesALowerMasterUntilTheDelayEnds()
    {
        var harness = Started(priority: 100, preemptDelay: TimeSpan.FromSeconds(5));

        // The first lower advert starts the delay; until it ends the lower master is accepted.
        Assert.Empty(harness.Receive(Seconds(1), LowerAddress, 50));
        Assert.Empty(harness.Receive(Seconds(5.5), LowerAddress, 50));
        Assert.Equal(Seconds(5.5) + Microseconds(3_609_375), harness.Router.MasterDownTimerExpiresAt);

        // From t=6 on it is discarded, so the timer set at 5.5 s runs out and we preempt.
        var discarded = harness.Receive(Seconds(6), LowerAddress, 50);
        Assert.Single(discarded.LogLines());
        harness.Timer(Seconds(5.5) + Microseconds(3_609_375));
        Assert.Equal(VrrpState.Master, harness.Router.State);
    }

    [Fact]
    [Trait("keepalived", "preempt_delay")]
    public void Backup_PreemptDelay_IsRestartedByAHigherMaster()
    {
        var harness = Started(priority: 100, preemptDelay: TimeSpan.FromSeconds(5));
        harness.Receive(Seconds(1), LowerAddress, 50);
        harness.Receive(Seconds(2), HigherAddress, 150);

        Assert.Empty(harness.Receive(Seconds(6.5), LowerAddress, 50));   // a fresh delay from 6.5 s
        Assert.Empty(harness.Receive(Seconds(11), LowerAddress, 50));
        Assert.NotEmpty(harness.Receive(Seconds(11.5), LowerAddress, 50));
    }

    // ---- §6.4.3 Master ----

    [Fact]
    [Trait("RFC", "9568 6.4.3")]
    public void AdverTimer_FiredLate_IsRestartedFromWhenItWasDue_SoIntervalsDoNotStretch()
    {
        var harness = Create(priority: 255);
        harness.Start(TimeSpan.Zero);

        var actions = harness.Timer(Seconds(1.003));

        Assert.Equal(["SendAdvert(255)"], actions.Effects());
        Assert.Equal(Seconds(2), harness.Router.AdvertTimerExpiresAt);
    }

    [Fact]
    [Trait("RFC", "9568 6.4.3")]
    public void AdverTimer_FiredAfterAStallLongerThanAnInterval_SendsOneAdvertAndRestartsFromNow()
    {
        var harness = Create(priority: 255);
        harness.Start(TimeSpan.Zero);

        var actions = harness.Timer(Seconds(2.5));

        Assert.Equal(["SendAdvert(255)"], actions.Effects());
        Assert.Equal(Seconds(3.5), harness.Router.AdvertTimerExpiresAt);
    }

    [Fact]
    [Trait("RFC", "9568 6.4.3")]
    public void Master_AdverTimerFires_SendsAnAdvertAndRestartsTheTimer()
    {
        var harness = StartedAsMaster(out var since);

        var actions = harness.Timer(since + TimeSpan.FromSeconds(1));

        Assert.Equal(["SendAdvert(90)"], actions.Effects());
        Assert.Equal(since + TimeSpan.FromSeconds(2), harness.Router.AdvertTimerExpiresAt);
    }

    [Fact]
    [Trait("RFC", "9568 6.4.3")]
    public void Master_ReceivingPriorityZero_SendsAnAdvertAtOnceAndRestartsAdverTimer()
    {
        var harness = StartedAsMaster(out var since);

        var actions = harness.Receive(since + Seconds(0.3), HigherAddress, 0);

        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.Equal(["SendAdvert(90)"], actions.Effects());
        Assert.Equal(since + Seconds(1.3), harness.Router.AdvertTimerExpiresAt);
    }

    [Fact]
    [Trait("RFC", "9568 6.4.3")]
    public void Master_ReceivingHigherPriority_BecomesBackupAndDropsTheAddresses()
    {
        var harness = StartedAsMaster(out var since);
        var at = since + Seconds(0.5);

        var actions = harness.Receive(at, VrrpAddress.Parse("10.99.0.11"), 100);

        Assert.Equal(VrrpState.Backup, harness.Router.State);
        Assert.Equal(
            ["(VI_1) Master received advert from 10.99.0.11 with higher priority 100, ours 90",
             "(VI_1) Entering BACKUP STATE",
             "(VI_1) removing VIPs."],
            actions.LogLines());
        Assert.Equal(["RemoveVirtualAddresses", "RunNotify(Backup)"], actions.Effects());
        Assert.Equal(at + Microseconds(3_648_437), harness.Router.MasterDownTimerExpiresAt);
        Assert.Null(harness.Router.AdvertTimerExpiresAt);
        Assert.Equal(1, harness.Router.Counters.ReleasedMaster);
    }

    [Fact]
    [Trait("RFC", "9568 6.4.3")]
    public void Master_ReceivingEqualPriorityFromAHigherAddress_BecomesBackup()
    {
        var harness = StartedAsMaster(out var since);

        var actions = harness.Receive(since + Seconds(0.5), HigherAddress, 90);

        Assert.Equal(VrrpState.Backup, harness.Router.State);
        Assert.Contains("(VI_1) Master received advert from 10.0.0.11 with same priority 90 but higher IP address than ours", actions.LogLines());
    }

    [Fact]
    [Trait("RFC", "9568 6.4.3")]
    public void Master_ReceivingEqualPriorityFromALowerAddress_StaysMasterAndAnswers()
    {
        var harness = StartedAsMaster(out var since);

        var actions = harness.Receive(since + Seconds(0.5), LowerAddress, 90);

        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.Equal("SendAdvert(90)", actions.Effects()[0]);
    }

    [Fact]
    [Trait("RFC", "9568 6.4.3")]
    public void Master_ReceivingLowerPriority_StaysMasterAndAdvertisesAtOnce()
    {
        var harness = StartedAsMaster(out var since, priority: 100);

        var actions = harness.Receive(since + Seconds(0.5), VrrpAddress.Parse("10.99.0.12"), 90);

        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.Equal(["(VI_1) Received advert from 10.99.0.12 with lower priority 90, ours 100, forcing new election"], actions.LogLines());
        Assert.Equal(["SendAdvert(100)", "SendGratuitousArp(5, LowerPriorityAdvert)", "RunNotify(MasterReceivedLowerPriority)"], actions.Effects());
    }

    [Fact]
    [Trait("RFC", "5798 6.4.3")]
    public void Master_WithLowerPriorityNoAdvert_DiscardsLowerPriorityLikeRfc5798()
    {
        var harness = Create(Settings(priority: 255) with { LowerPriorityNoAdvert = true });
        harness.Start(TimeSpan.Zero);

        var actions = harness.Receive(Seconds(0.5), HigherAddress, 90);

        Assert.DoesNotContain(actions.Effects(), effect => effect.StartsWith("SendAdvert", StringComparison.Ordinal));
        Assert.Equal(["(VI_1) Received advert from 10.0.0.11 with lower priority 90, ours 255"], actions.LogLines());
        Assert.Equal(VrrpState.Master, harness.Router.State);
    }

    [Fact]
    public void Master_WithHigherPrioritySendAdvert_AdvertisesOnceMoreAsItYields()
    {
        var harness = Create(Settings() with { HigherPrioritySendAdvert = true });
        harness.Start(TimeSpan.Zero);
        harness.Timer(harness.Router.NextDeadline!.Value);
        Assert.Equal(VrrpState.Master, harness.Router.State);

        var actions = harness.Receive(harness.Router.NextDeadline!.Value - Seconds(0.5), VrrpAddress.Parse("10.99.0.11"), 100);

        Assert.Equal(VrrpState.Backup, harness.Router.State);
        Assert.Equal(["SendAdvert(90)", "RemoveVirtualAddresses", "RunNotify(Backup)"], actions.Effects());
    }

    [Fact]
    public void Master_WithHigherPrioritySendAdvert_DoesNotAnswerALowerPriorityTwice()
    {
        var harness = Create(Settings(priority: 100) with { HigherPrioritySendAdvert = true });
        harness.Start(TimeSpan.Zero);
        harness.Timer(harness.Router.NextDeadline!.Value);

        var actions = harness.Receive(harness.Router.NextDeadline!.Value - Seconds(0.5), VrrpAddress.Parse("10.99.0.12"), 90);

        Assert.Single(actions.Effects(), effect => effect.StartsWith("SendAdvert", StringComparison.Ordinal));
    }

    [Fact]
    public void Owner_WithOwnerIgnoreAdverts_DropsEveryAdvert_AndLogsEachSourceOnce()
    {
        var harness = Create(Settings(priority: 255) with { OwnerIgnoreAdverts = true });
        harness.Start(TimeSpan.Zero);
        Assert.Equal(VrrpState.Master, harness.Router.State);

        var first = harness.Receive(Seconds(0.5), HigherAddress, 255);
        var again = harness.Receive(Seconds(1.5), HigherAddress, 255);
        var lower = harness.Receive(Seconds(1.6), LowerAddress, 0);

        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.Equal(["(VI_1) Dropping packet(s) from 10.0.0.11 since we are address owner"], first.LogLines());
        Assert.Empty(again.LogLines());
        Assert.Equal(["(VI_1) Dropping packet(s) from 10.0.0.1 since we are address owner"], lower.LogLines());
        Assert.Empty(first.Effects().Concat(again.Effects()).Concat(lower.Effects()));
        Assert.Equal(0, harness.Router.Counters.AdvertsReceived);
    }

    [Fact]
    public void Owner_WithoutOwnerIgnoreAdverts_YieldsToAnOwnerWithAHigherAddress()
    {
        var harness = Create(Settings(priority: 255));
        harness.Start(TimeSpan.Zero);

        harness.Receive(Seconds(0.5), HigherAddress, 255);

        Assert.Equal(VrrpState.Backup, harness.Router.State);
    }

    [Fact]
    public void Owner_WithOwnerIgnoreAdverts_StillHearsTheNewMasterWhenSteppingDown()
    {
        var harness = Create(Settings(priority: 255) with { OwnerIgnoreAdverts = true });
        harness.Start(TimeSpan.Zero);
        harness.Step(() => harness.Router.StepDown(Seconds(1), harness.Buffer));

        var actions = harness.Receive(Seconds(1.2), HigherAddress, 100);

        Assert.Contains("(VI_1) new master 10.0.0.11 heard; removing VIPs.", actions.LogLines());
    }

    [Fact]
    [Trait("RFC", "9568 6.4.3")]
    public void Master_Shutdown_SendsPriorityZeroAndRemovesTheAddresses()
    {
        var harness = StartedAsMaster(out var since);

        var actions = harness.Step(() => harness.Router.Shutdown(since + Seconds(2), harness.Buffer));

        Assert.Equal(VrrpState.Initialize, harness.Router.State);
        Assert.Equal(["SendAdvert(0)", "RemoveVirtualAddresses", "RunNotify(Stop)"], actions.Effects());
        Assert.Equal(["(VI_1) sent 0 priority", "(VI_1) removing VIPs."], actions.LogLines());
        Assert.Null(harness.Router.NextDeadline);
        Assert.Equal(1, harness.Router.Counters.PriorityZeroSent);
    }

    [Fact]
    [Trait("RFC", "9568 6.4.2")]
    public void Backup_Shutdown_RemovesTheAddressesWithoutAdvertising()
    {
        var harness = Started();

        var actions = harness.Step(() => harness.Router.Shutdown(Seconds(1), harness.Buffer));

        Assert.Equal(["RemoveVirtualAddresses", "RunNotify(Stop)"], actions.Effects());
    }

    // ---- §7.1 receive rules: version and a v2 interval are AdvertisementValidator's (AdvertisementRejectionTests) ----

    [Fact]
    [Trait("RFC", "3768 6.4.2")]
    public void V2Backup_UsesItsOwnIntervalForTheTimers()
    {
        var harness = Started(priority: 90, version: 2);

        harness.Receive(Seconds(1), HigherAddress, 100);

        Assert.Equal(Seconds(1) + Microseconds(3_648_437), harness.Router.MasterDownTimerExpiresAt);
    }

    // ---- FAULT (keepalived) ----

    [Fact]
    [Trait("keepalived", "FAULT")]
    public void Master_InterfaceDown_EntersFaultSaysGoodbyeAndDropsTheAddresses()
    {
        var harness = StartedAsMaster(out var since);

        var actions = harness.Step(() => harness.Router.SetInterfaceState(since + Seconds(1.5), isUp: false, harness.Buffer));

        Assert.Equal(VrrpState.Fault, harness.Router.State);
        Assert.Equal(["(VI_1) Entering FAULT STATE", "(VI_1) sent 0 priority", "(VI_1) removing VIPs."], actions.LogLines());
        Assert.Equal(["SendAdvert(0)", "RemoveVirtualAddresses", "RunNotify(Fault)"], actions.Effects());
        Assert.Null(harness.Router.NextDeadline);
    }

    [Fact]
    [Trait("keepalived", "FAULT")]
    public void Fault_InterfaceBackUp_ReturnsToBackupWithAFullMasterDownInterval()
    {
        var harness = Started();
        harness.Step(() => harness.Router.SetInterfaceState(Seconds(1), isUp: false, harness.Buffer));

        var actions = harness.Step(() => harness.Router.SetInterfaceState(Seconds(3), isUp: true, harness.Buffer));

        Assert.Equal(VrrpState.Backup, harness.Router.State);
        Assert.Equal(["(VI_1) Entering BACKUP STATE"], actions.LogLines());
        Assert.Equal(Seconds(3) + Microseconds(3_648_437), harness.Router.MasterDownTimerExpiresAt);
    }

    [Fact]
    [Trait("keepalived", "FAULT")]
    public void Fault_IgnoresAdverts()
    {
        var harness = Started();
        harness.Step(() => harness.Router.SetTrackingState(Seconds(1), 0, anyZeroWeightFailed: true, harness.Buffer));

        var actions = harness.Receive(Seconds(2), HigherAddress, 0);

        Assert.Empty(actions);
        Assert.Equal(VrrpState.Fault, harness.Router.State);
        Assert.Equal(VrrpTransitionReason.TrackedObjectFailed, harness.Router.LastTransitionReason);
    }

    // ---- Effective priority ----

    [Fact]
    [Trait("keepalived", "tracking")]
    public void TrackingWeights_ChangeTheEffectivePriority()
    {
        var harness = Started(priority: 100);

        var actions = harness.Step(() => harness.Router.SetTrackingState(Seconds(1), -20, anyZeroWeightFailed: false, harness.Buffer));

        Assert.Equal(80, harness.Router.EffectivePriority);
        Assert.Equal(100, harness.Router.BasePriority);
        Assert.Equal(["(VI_1) Changing effective priority from 100 to 80"], actions.LogLines());
    }

    [Fact]
    [Trait("keepalived", "tracking")]
    public void TrackingWeights_NeverChangeTheAddressOwner()
    {
        var harness = Started(priority: 255);

        harness.Step(() => harness.Router.SetTrackingState(Seconds(1), -50, anyZeroWeightFailed: false, harness.Buffer));

        Assert.Equal(255, harness.Router.EffectivePriority);
    }

    [Fact]
    [Trait("HaVrrp", "control")]
    public void PriorityOverride_WithExpiry_RevertsAtTheDeadline()
    {
        var harness = Started(priority: 100);
        harness.Step(() => harness.Router.SetTrackingState(Seconds(0.5), -10, anyZeroWeightFailed: false, harness.Buffer));

        harness.Step(() => harness.Router.OverridePriority(Seconds(1), 50, TimeSpan.FromSeconds(2), harness.Buffer));

        Assert.Equal(40, harness.Router.EffectivePriority);   // weights still apply
        Assert.Equal(Seconds(3), harness.Router.NextDeadline);
        harness.Timer(Seconds(3));
        Assert.Equal(90, harness.Router.EffectivePriority);
        Assert.Null(harness.Router.PriorityOverride);
    }

    // ---- Step down and take over ----

    // ---- Planned switchover: step down, hold, release (docs/protocol.md "Runtime controls") ----

    [Fact]
    [Trait("HaVrrp", "control")]
    public void Master_SteppingDown_KeepsVipsUntilTheNewMasterIsHeard_ThenReleasesThem()
    {
        var harness = StartedAsMaster(out var since, priority: 100);
        var at = since + Seconds(0.5);
        var result = StepDownResult.Unchanged;

        var stepDown = harness.Step(() => result = harness.Router.StepDown(at, harness.Buffer));

        Assert.Equal(StepDownResult.HandingOver, result);
        Assert.Equal(["SendAdvert(0)"], stepDown.Effects());
        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.True(harness.Router.IsSteppingDown);
        Assert.Null(harness.Router.AdvertTimerExpiresAt);
        Assert.Empty(harness.Timer(since + Seconds(1)).Effects());

        // A priority-50 backup takes over after its Skew_Time and advertises: that is the new master.
        var heardAt = at + Microseconds(804_687);
        var heard = harness.Receive(heardAt, LowerAddress, 50);

        Assert.Equal(["RunNotify(Backup)"], heard.Effects());
        Assert.Contains("(VI_1) new master 10.0.0.1 heard; removing VIPs.", heard.LogLines());
        Assert.Equal(VrrpState.Backup, harness.Router.State);
        Assert.Equal(VrrpTransitionReason.StepDown, harness.Router.LastTransitionReason);
        Assert.Equal(LowerAddress, harness.Router.MasterAddress);
        Assert.Empty(harness.Timer(heardAt + VrrpTimers.HandOverLinger - Microseconds(1)).Effects());

        var released = harness.Timer(heardAt + VrrpTimers.HandOverLinger);

        Assert.Equal(["RemoveVirtualAddresses", "StepDownFinished(NewMasterHeard)"], released.Effects());
        Assert.False(harness.Router.IsSteppingDown);
        Assert.True(harness.Router.IsSteppedDown);
        Assert.Equal(1, harness.Router.Counters.ReleasedMaster);
    }

    [Fact]
    [Trait("HaVrrp", "control")]
    public void Master_SteppingDown_WithNobodyTakingOver_StaysMaster_AndReportsNotPossible()
    {
        var harness = StartedAsMaster(out var since, priority: 100);
        harness.Step(() => harness.Router.StepDown(since, harness.Buffer));
        var deadline = since + Microseconds(3_609_375);

        Assert.Empty(harness.Timer(deadline - Microseconds(1)).Effects());
        var actions = harness.Timer(deadline);

        Assert.Equal(["SendAdvert(100)", "StepDownFinished(NobodyTookOver)"], actions.Effects());
        Assert.Equal(TimeSpan.FromMicroseconds(3_609_375), actions.Single(action => action.Kind == VrrpActionKind.StepDownFinished).Waited);
        Assert.Contains("(VI_1) no backup took over within 3.609 s; staying MASTER", actions.LogLines());
        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.False(harness.Router.IsSteppedDown);
        Assert.False(harness.Router.IsSteppingDown);
        Assert.Equal(deadline + Seconds(1), harness.Router.AdvertTimerExpiresAt);
    }

    [Fact]
    [Trait("HaVrrp", "control")]
    public void Master_SteppingDown_IgnoresAnotherRoutersGoodbye_InsteadOfReasserting()
    {
        var harness = StartedAsMaster(out var since, priority: 100);
        harness.Step(() => harness.Router.StepDown(since, harness.Buffer));

        var actions = harness.Receive(since + Seconds(0.2), LowerAddress, Priority.Shutdown);

        Assert.Empty(actions.Effects());
        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.True(harness.Router.IsSteppingDown);
    }

    [Fact]
    [Trait("HaVrrp", "control")]
    public void Master_SteppingDown_AgainWhileWaiting_JoinsTheHandOverInProgress()
    {
        var harness = StartedAsMaster(out var since, priority: 100);
        harness.Step(() => harness.Router.StepDown(since, harness.Buffer));
        var result = StepDownResult.Unchanged;

        var actions = harness.Step(() => result = harness.Router.StepDown(since + Seconds(0.1), harness.Buffer));

        Assert.Equal(StepDownResult.AlreadyHandingOver, result);
        Assert.Empty(actions);
    }

    [Fact]
    [Trait("HaVrrp", "control")]
    public void Master_ReleasedWhileSteppingDown_CarriesOnAsMaster_AndReportsInterrupted()
    {
        var harness = StartedAsMaster(out var since, priority: 100);
        harness.Step(() => harness.Router.StepDown(since, harness.Buffer));

        var actions = harness.Step(() => Assert.True(harness.Router.ClearStepDown(since + Seconds(0.3), harness.Buffer)));

        Assert.Equal(["StepDownFinished(Interrupted)", "SendAdvert(100)"], actions.Effects());
        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.False(harness.Router.IsSteppingDown);
        Assert.Equal(since + Seconds(1.3), harness.Router.AdvertTimerExpiresAt);
    }

    [Fact]
    [Trait("HaVrrp", "control")]
    public void Master_FaultWhileSteppingDown_RemovesVips_AndReportsInterrupted()
    {
        var harness = StartedAsMaster(out var since, priority: 100);
        harness.Step(() => harness.Router.StepDown(since, harness.Buffer));

        var actions = harness.Step(() => harness.Router.SetInterfaceState(since + Seconds(0.3), isUp: false, harness.Buffer));

        Assert.Equal(["StepDownFinished(Interrupted)", "SendAdvert(0)", "RemoveVirtualAddresses", "RunNotify(Fault)"], actions.Effects());
        Assert.Equal(VrrpState.Fault, harness.Router.State);
        Assert.Null(harness.Router.NextDeadline);
    }

    [Fact]
    [Trait("HaVrrp", "control")]
    public void SteppedDown_FaultDuringTheLinger_RemovesVipsAtOnce()
    {
        var harness = StartedAsMaster(out var since, priority: 100);
        harness.Step(() => harness.Router.StepDown(since, harness.Buffer));
        harness.Receive(since + Seconds(0.8), LowerAddress, 50);

        var actions = harness.Step(() => harness.Router.SetInterfaceState(since + Seconds(0.81), isUp: false, harness.Buffer));

        Assert.Equal(["RemoveVirtualAddresses", "StepDownFinished(NewMasterHeard)", "RunNotify(Fault)"], actions.Effects());
        Assert.False(harness.Router.IsSteppingDown);
    }

    [Fact]
    [Trait("HaVrrp", "stop")]
    public void Master_StoppingWithAHandOverBound_KeepsVipsUntilTheNewMasterIsHeard()
    {
        var harness = StartedAsMaster(out var since, priority: 100);

        var stop = harness.Step(() => harness.Router.Shutdown(since, harness.Buffer, handOver: true));

        Assert.Equal(["SendAdvert(0)", "RunNotify(Stop)"], stop.Effects());
        Assert.Equal(VrrpState.Initialize, harness.Router.State);
        Assert.True(harness.Router.IsHandingOverOnStop);
        Assert.Empty(harness.Receive(since + Seconds(0.5), LowerAddress, Priority.Shutdown).Effects());

        var heard = harness.Receive(since + Seconds(0.8), LowerAddress, 50);
        var released = harness.Timer(since + Seconds(0.8) + VrrpTimers.HandOverLinger);

        Assert.Equal(["(VI_1) new master 10.0.0.1 heard; removing VIPs."], heard.LogLines());
        Assert.Empty(heard.Effects());
        Assert.Equal(["RemoveVirtualAddresses"], released.Effects());
        Assert.False(harness.Router.IsHandingOverOnStop);
        Assert.Null(harness.Router.NextDeadline);
    }

    [Fact]
    [Trait("HaVrrp", "stop")]
    public void LoneMaster_StoppingWithAHandOver_WaitsOneIntervalAndAMargin_AndSaysSo()
    {
        var harness = StartedAsMaster(out var since, priority: 100);

        var stop = harness.Step(() => harness.Router.Shutdown(since, harness.Buffer, handOver: true));

        // Never heard a peer: one advert interval plus VrrpTimers.UnknownPeerMargin, shorter than Master_Down_Interval.
        Assert.Equal(Seconds(1.25), harness.Router.HandOverBound);
        Assert.Equal(since + Seconds(1.25), harness.Router.NextDeadline);
        Assert.Equal("(VI_1) keeping VIPs until the new master is heard (at most 00:00:01.2500000)", stop.LogLines()[^1]);
    }

    [Fact]
    [Trait("HaVrrp", "stop")]
    public void MasterThatHeardAPeer_StoppingWithAHandOver_WaitsMasterDownInterval()
    {
        var harness = Started(priority: 100);
        harness.Receive(Seconds(0.5), LowerAddress, 50);
        var since = harness.Router.MasterDownTimerExpiresAt!.Value;
        harness.Timer(since);
        Assert.Equal(VrrpState.Master, harness.Router.State);

        harness.Step(() => harness.Router.Shutdown(since, harness.Buffer, handOver: true));

        Assert.Equal(harness.Router.MasterDownInterval, harness.Router.HandOverBound);
        Assert.Equal(since + harness.Router.MasterDownInterval, harness.Router.NextDeadline);
    }

    [Fact]
    [Trait("HaVrrp", "stop")]
    public void MasterWithUnicastPeers_StoppingWithAHandOver_WaitsMasterDownInterval()
    {
        var harness = Create(Settings(priority: 100) with { HasUnicastPeers = true });
        harness.Start(TimeSpan.Zero);
        var since = harness.Router.MasterDownTimerExpiresAt!.Value;
        harness.Timer(since);

        harness.Step(() => harness.Router.Shutdown(since, harness.Buffer, handOver: true));

        Assert.Equal(since + harness.Router.MasterDownInterval, harness.Router.NextDeadline);
    }

    [Fact]
    [Trait("HaVrrp", "stop")]
    public void Backup_StoppingWithAHandOver_DropsEverythingAtOnce()
    {
        var harness = Started(priority: 100);

        var stop = harness.Step(() => harness.Router.Shutdown(Seconds(1), harness.Buffer, handOver: true));

        Assert.Equal(["RemoveVirtualAddresses", "RunNotify(Stop)"], stop.Effects());
        Assert.False(harness.Router.IsHandingOverOnStop);
        Assert.Null(harness.Router.NextDeadline);
    }

    [Fact]
    [Trait("HaVrrp", "stop")]
    public void Master_StoppingWithAHandOverBound_DropsVipsWhenNobodyIsHeardWithinIt()
    {
        var harness = StartedAsMaster(out var since, priority: 100);
        harness.Step(() => harness.Router.Shutdown(since, harness.Buffer, handOver: true));

        Assert.Empty(harness.Timer(since + Seconds(1.25) - Microseconds(1)).Effects());
        var timedOut = harness.Timer(since + Seconds(1.25));

        Assert.Equal(["RemoveVirtualAddresses"], timedOut.Effects());
        Assert.Equal(
            ["(VI_1) no new master heard within 00:00:01.2500000; removing VIPs.", "(VI_1) removing VIPs."],
            timedOut.LogLines());
        Assert.False(harness.Router.IsHandingOverOnStop);
    }

    [Fact]
    [Trait("HaVrrp", "control")]
    public void Backup_StepDown_SetsTheHold_OnceOnly()
    {
        var harness = Started(priority: 100);

        Assert.Equal(StepDownResult.HoldSet, harness.Router.StepDown(Seconds(0.5), harness.Buffer));
        Assert.Equal(StepDownResult.Unchanged, harness.Router.StepDown(Seconds(0.6), harness.Buffer));
        Assert.True(harness.Router.ClearStepDown(Seconds(0.7), harness.Buffer));
        Assert.False(harness.Router.ClearStepDown(Seconds(0.8), harness.Buffer));
        Assert.Equal(VrrpState.Backup, harness.Router.State);
    }

    [Fact]
    [Trait("HaVrrp", "control")]
    public void HeldBackup_DoesNotPreempt_UntilReleased()
    {
        var harness = Started(priority: 100);
        harness.Step(() => harness.Router.StepDown(Seconds(0.5), harness.Buffer));

        // A lower master is accepted while held: the timer restarts, nothing is discarded.
        Assert.Empty(harness.Receive(Seconds(1), LowerAddress, 50).LogLines());
        Assert.Equal(Seconds(1) + Microseconds(3_609_375), harness.Router.MasterDownTimerExpiresAt);

        harness.Step(() => harness.Router.ClearStepDown(Seconds(1.5), harness.Buffer));
        var discarded = harness.Receive(Seconds(2), LowerAddress, 50);

        Assert.Contains("(VI_1) received lower priority (50) advert from 10.0.0.1 - discarding", discarded.LogLines());
        harness.Timer(Seconds(1) + Microseconds(3_609_375));
        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.Equal(VrrpTransitionReason.Preempted, harness.Router.LastTransitionReason);
    }

    [Fact]
    [Trait("HaVrrp", "control")]
    public void HeldBackup_WhenTheNewMasterFallsSilent_StillTakesOverAfterMasterDownInterval_AndTheHoldEnds()
    {
        var harness = StartedAsMaster(out var since, priority: 100);
        harness.Step(() => harness.Router.StepDown(since, harness.Buffer));
        var heardAt = since + Seconds(0.8);
        harness.Receive(heardAt, LowerAddress, 50);

        var tookOver = harness.Timer(heardAt + Microseconds(3_609_375));

        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.Equal(VrrpTransitionReason.MasterDownTimerExpired, harness.Router.LastTransitionReason);
        Assert.False(harness.Router.IsSteppedDown);
        Assert.Contains("(VI_1) no other master left; MASTER despite the step-down, which is cleared", tookOver.LogLines());
    }

    [Fact]
    [Trait("HaVrrp", "control")]
    public void HeldBackup_WhenTheNewMasterStops_TakesOverAfterSkewTime_AndTheHoldEnds()
    {
        var harness = Started(priority: 100);
        harness.Step(() => harness.Router.StepDown(Seconds(0.5), harness.Buffer));
        harness.Receive(Seconds(1), LowerAddress, 50);

        harness.Receive(Seconds(2), LowerAddress, Priority.Shutdown);
        harness.Timer(Seconds(2) + Microseconds(609_375));

        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.Equal(VrrpTransitionReason.MasterSentPriorityZero, harness.Router.LastTransitionReason);
        Assert.False(harness.Router.IsSteppedDown);
    }

    [Fact]
    [Trait("HaVrrp", "control")]
    public void Backup_TakeOver_BecomesMasterAboveTheHeardMasterEvenWithNopreempt()
    {
        var harness = Started(priority: 90, preempt: false);
        harness.Receive(Seconds(1), HigherAddress, 150);

        var actions = harness.Step(() => Assert.True(harness.Router.TakeOver(Seconds(1.5), harness.Buffer)));

        Assert.Equal(VrrpState.Master, harness.Router.State);
        Assert.Equal(151, harness.Router.EffectivePriority);
        Assert.Contains("SendAdvert(151)", actions.Effects());
        Assert.Equal(VrrpTransitionReason.TakeOver, harness.Router.LastTransitionReason);
    }

    [Fact]
    [Trait("HaVrrp", "control")]
    public void TakeOver_NeverAdvertisesAbove254()
    {
        var harness = Started(priority: 90);
        harness.Receive(Seconds(1), HigherAddress, 255);

        harness.Step(() => harness.Router.TakeOver(Seconds(1.5), harness.Buffer));

        Assert.Equal(254, harness.Router.EffectivePriority);
    }

    [Fact]
    [Trait("HaVrrp", "control")]
    public void TakeOver_InFault_IsRefused()
    {
        var harness = Started();
        harness.Step(() => harness.Router.SetInterfaceState(Seconds(1), isUp: false, harness.Buffer));

        Assert.False(harness.Router.TakeOver(Seconds(2), harness.Buffer));
        Assert.Equal(VrrpState.Fault, harness.Router.State);
    }

    // ---- Gratuitous ARP timing (keepalived) ----

    [Fact]
    [Trait("keepalived", "garp")]
    public void Master_SendsTheSecondGratuitousArpBurstAfterGarpMasterDelay()
    {
        var harness = StartedAsMaster(out var since);

        var actions = harness.Timer(since + TimeSpan.FromSeconds(5));

        Assert.Contains("SendGratuitousArp(5, MasterDelay)", actions.Effects());
    }

    [Fact]
    [Trait("keepalived", "garp")]
    public void Master_WithGarpMasterRefresh_RepeatsBurstsPeriodically()
    {
        var timing = GratuitousArpTiming.Defaults with { MasterRefresh = TimeSpan.FromSeconds(10), MasterRefreshRepeat = 2 };
        var harness = Create(Settings(priority: 255) with { GratuitousArp = timing });
        harness.Start(TimeSpan.Zero);

        Assert.Contains("SendGratuitousArp(2, MasterRefresh)", harness.Timer(TimeSpan.FromSeconds(10)).Effects());
        Assert.Contains("SendGratuitousArp(2, MasterRefresh)", harness.Timer(TimeSpan.FromSeconds(20)).Effects());
    }

    [Fact]
    [Trait("keepalived", "garp")]
    public void Master_HearingLowerPriority_SendsTheDelayedLowerPriorityBurst()
    {
        var harness = StartedAsMaster(out var since, priority: 100);
        harness.Receive(since + Seconds(0.5), LowerAddress, 50);

        var actions = harness.Timer(since + Seconds(5.5));

        Assert.Contains("SendGratuitousArp(5, LowerPriorityAdvert)", harness.Receive(since + Seconds(6), LowerAddress, 50).Effects());
        Assert.Contains("SendGratuitousArp(5, LowerPriorityDelay)", actions.Effects());
    }

    [Fact]
    public void Counters_CountAdvertsSentAndReceived()
    {
        var harness = StartedAsMaster(out var since, priority: 100);
        harness.Timer(since + TimeSpan.FromSeconds(1));
        harness.Receive(since + Seconds(1.5), LowerAddress, 50);

        Assert.Equal(3, harness.Router.Counters.AdvertsSent);   // on becoming master, timer, answer
        Assert.Equal(1, harness.Router.Counters.AdvertsReceived);
    }
}
