using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Runtime;
using HaVrrp.Engine.Tests.Protocol;
using HaVrrp.Engine.Warnings;

namespace HaVrrp.Engine.Tests.Runtime;

public sealed class VrrpEngineTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task TwoEngines_ElectTheHigherPriority_AndOnlyTheMasterHoldsTheVip()
    {
        await using var cluster = new Cluster();
        var high = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        var low = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 100));
        await cluster.StartAsync();

        await cluster.AdvanceAsync(5 * Second);

        Assert.Equal(VrrpState.Master, (await high.StatusAsync()).State);
        Assert.Equal(VrrpState.Backup, (await low.StatusAsync()).State);
        Assert.True(high.HoldsVip());
        Assert.False(low.HoldsVip());
        Assert.True(high.GratuitousArp.Bursts > 0);
        Assert.True(high.Log.Contains("(VI_1) Entering MASTER STATE"));
        Assert.True(high.Log.Contains("(VI_1) setting VIPs."));
        Assert.True(high.Log.Contains("Sending gratuitous ARP on eth0 for 10.0.0.100"));
        Assert.True(low.Log.Contains("(VI_1) Entering BACKUP STATE"));
        Assert.Contains(high.Notifier.Notifications, notification => notification.Kind == NotifyKind.Master);
        Assert.Equal(IPAddressOf(high), (await low.StatusAsync()).MasterAddress?.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ABackupHearingAnotherVipList_CountsEachMismatch_UnlessSkipCheckAdvAddrSkipsItsMastersAdverts(bool skipCheckAdvAddr)
    {
        await using var cluster = new Cluster();
        var master = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150, virtualAddress: "10.0.0.101"));
        var backup = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 100) with { SkipCheckAdvertAddresses = skipCheckAdvAddr });
        await cluster.StartAsync();

        await cluster.AdvanceAsync(10 * Second);

        var status = await backup.StatusAsync();
        Assert.Equal(VrrpState.Backup, status.State);
        Assert.Equal(IPAddressOf(master), status.MasterAddress?.ToString());
        // The first advert comes from a master it does not follow yet, so even the skipping backup checks that one.
        if (skipCheckAdvAddr)
        {
            Assert.Equal(1, status.AddressListMismatches);
        }
        else
        {
            Assert.True(status.AddressListMismatches >= 5, $"{status.AddressListMismatches} mismatches counted");
        }
    }

    [Fact]
    public async Task UnicastTtl_IsTheTtlOfEveryAdvertToAPeer_AndThePeerStillAcceptsThem()
    {
        await using var cluster = new Cluster();
        var master = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150, unicastPeers: "10.0.0.2") with { UnicastTtl = 64 });
        var backup = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 100, unicastPeers: "10.0.0.1"));
        await cluster.StartAsync();

        await cluster.AdvanceAsync(5 * Second);

        Assert.Equal(VrrpState.Master, (await master.StatusAsync()).State);
        Assert.Equal(64, Assert.Single(master.Transports.Opened).LastTimeToLive);
        var heard = await backup.StatusAsync();
        Assert.Equal(VrrpState.Backup, heard.State);
        Assert.Equal(IPAddressOf(master), heard.MasterAddress?.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AdvertsForAVridNobodyRunsHere_AreLoggedInKeepalivedsWords_OnlyWithLogUnknownVrids_AndRateLimited(bool logUnknownVrids)
    {
        await using var cluster = new Cluster();
        var listener = cluster.Add("10.0.0.1", TestConfig.Of(TestConfig.Instance(virtualRouterId: 51)) with
        {
            Global = new Engine.Configuration.GlobalSettings { LogUnknownVrids = logUnknownVrids },
        });
        cluster.Add("10.0.0.2", TestConfig.Instance(virtualRouterId: 52, virtualAddress: "10.0.0.102"));
        await cluster.StartAsync();

        await cluster.AdvanceAsync(9 * Second);

        var logged = listener.Log.Lines.Count(line => line.Contains("Unknown VRID(52) received on interface(eth0) from 10.0.0.2. ignoring...", StringComparison.Ordinal));
        Assert.Equal(logUnknownVrids ? 1 : 0, logged);
    }

    [Fact]
    public async Task ThreeEngines_NeverHaveTwoVipHolders_OnceElected()
    {
        await using var cluster = new Cluster();
        var nodes = new[]
        {
            cluster.Add("10.0.0.1", TestConfig.Instance(priority: 100)),
            cluster.Add("10.0.0.2", TestConfig.Instance(priority: 120)),
            cluster.Add("10.0.0.3", TestConfig.Instance(priority: 110)),
        };
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);

        await cluster.AdvanceAsync(20 * Second, () => Assert.Equal(1, nodes.Count(node => node.HoldsVip())));

        Assert.True(nodes[1].HoldsVip());
    }

    [Fact]
    public async Task MasterCrash_BackupTakesOverWithinMasterDownInterval_AndTheDeadMastersVipExpires()
    {
        await using var cluster = new Cluster();
        var master = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        var backup = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 100));
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);
        Assert.True(master.HoldsVip());

        await master.CrashAsync();
        var crashedAt = cluster.Clock.Elapsed;
        var masterDownInterval = VrrpTimers.MasterDownInterval(100, Second);

        // The backup's Master_Down_Timer restarted on the last advert, less than one interval before the crash.
        await cluster.AdvanceAsync(masterDownInterval - Second - TimeSpan.FromMilliseconds(10));
        Assert.Equal(VrrpState.Backup, (await backup.StatusAsync()).State);
        await cluster.AdvanceAsync(Second + TimeSpan.FromMilliseconds(20));
        Assert.Equal(VrrpState.Master, (await backup.StatusAsync()).State);
        Assert.True(backup.HoldsVip());

        // Nobody refreshes the dead master's VIP: the kernel drops it within its lifetime.
        Assert.True(master.HoldsVip());
        var lifetime = VirtualAddressLifetime.For(Second);
        await cluster.AdvanceAsync(crashedAt + lifetime - cluster.Clock.Elapsed);
        Assert.False(master.HoldsVip());
        Assert.True(backup.HoldsVip());
    }

    [Fact]
    public async Task GracefulStop_MasterKeepsItsVipUntilTheNewMastersAdvertArrives_ThenRemovesIt()
    {
        await using var cluster = new Cluster();
        var master = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150, unicastPeers: "10.0.0.2"));
        var backup = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 100, unicastPeers: "10.0.0.1"));
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);
        Assert.True(master.HoldsVip());

        master.Engine.RequestStop();
        await cluster.SettleAsync();

        Assert.True(master.HoldsVip());
        Assert.True((await master.StatusAsync()).IsHandingOver);
        Assert.True(master.Log.Contains("(VI_1) sent 0 priority"));

        // The backup takes over after Skew_Time; until its advert arrives the VIP never leaves the segment.
        await cluster.AdvanceAsync(Second, () => Assert.True(master.HoldsVip() || backup.HoldsVip()));

        Assert.True(backup.HoldsVip());
        Assert.False(master.HoldsVip());
        Assert.True(master.Log.Contains("(VI_1) new master 10.0.0.2 heard; removing VIPs."));
        await master.Run.WaitAsync(Cluster.Patience);
        Assert.Equal(
            ["add 10.0.0.100 eth0", "remove 10.0.0.100 eth0"],
            master.Addresses.Journal);
    }

    [Fact]
    public async Task GracefulStop_MasterThatNeverHeardAPeer_WaitsOnlyOneAdvertIntervalForASilentBackup()
    {
        await using var cluster = new Cluster();
        var alone = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);
        Assert.True(alone.HoldsVip());

        // A multicast backup never speaks while it is a backup, so "never heard a peer" does not mean "alone":
        // the master waits longer than any backup's Skew_Time (< one advert interval), and no longer.
        alone.Engine.RequestStop();
        await cluster.SettleAsync();
        Assert.True(alone.HoldsVip());
        await cluster.AdvanceAsync(Second + TimeSpan.FromMilliseconds(250));
        await alone.Run.WaitAsync(Cluster.Patience);

        Assert.False(alone.HoldsVip());
        Assert.True(alone.Log.Contains("no new master heard within 00:00:01.2500000"));
        Assert.True(alone.Log.Contains("(VI_1) removing VIPs."));
        Assert.Contains(alone.Notifier.Notifications, notification => notification.Kind == NotifyKind.Stop);
    }

    [Fact]
    public async Task GracefulStop_HandOverIsBoundedByMasterDownInterval_WhenTheNewMasterIsNeverHeard()
    {
        await using var cluster = new Cluster();
        var master = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150, unicastPeers: "10.0.0.2"));
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);

        master.Engine.RequestStop();
        await cluster.SettleAsync();
        Assert.True(master.HoldsVip());
        await cluster.AdvanceAsync(VrrpTimers.MasterDownInterval(150, Second));

        Assert.False(master.HoldsVip());
        Assert.True(master.Log.Contains("no new master heard within"));
        await master.Run.WaitAsync(Cluster.Patience);
    }

    [Fact]
    public async Task VirtualRules_AreAddedWhenMaster_AfterTheVips_AndRemovedBeforeThemOnLeaving()
    {
        await using var cluster = new Cluster();
        var rule = new HaVrrp.Engine.Configuration.RoutingRule { From = System.Net.IPNetwork.Parse("192.168.2.0/24"), Preference = 100, Table = "100" };
        var master = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150, unicastPeers: "10.0.0.2") with { VirtualRules = new[] { rule } });
        var backup = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 100, unicastPeers: "10.0.0.1") with { VirtualRules = new[] { rule } });
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);

        Assert.Equal(["add 10.0.0.100 eth0", "add rule from 192.168.2.0/24 preference 100 table 100"], master.Addresses.Journal);
        Assert.Empty(backup.Addresses.Journal);

        master.Engine.RequestStop();
        await cluster.AdvanceAsync(Second);
        await master.Run.WaitAsync(Cluster.Patience);

        Assert.Equal(["remove rule from 192.168.2.0/24 preference 100 table 100", "remove 10.0.0.100 eth0"], master.Addresses.Journal.Skip(2));
        Assert.Equal(["add 10.0.0.100 eth0", "add rule from 192.168.2.0/24 preference 100 table 100"], backup.Addresses.Journal);
    }

    [Fact]
    public async Task Start_RemovesVirtualRulesACrashedRunLeftBehind_BeforeJoining()
    {
        await using var cluster = new Cluster();
        var rule = new HaVrrp.Engine.Configuration.RoutingRule { From = System.Net.IPNetwork.Parse("192.168.2.0/24"), Preference = 100, Table = "100" };
        var node = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 100) with { VirtualRules = new[] { rule } });
        cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        node.Addresses.AddRule(rule);

        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);

        Assert.False(node.Addresses.HasRule(rule));
        Assert.True(node.Log.Contains("(VI_1) removing stale rule from 192.168.2.0/24 preference 100 table 100 left by a previous run"));
    }

    [Fact]
    public async Task Backup_StopsWithoutTouchingAnyAddress()
    {
        await using var cluster = new Cluster();
        cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        var backup = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 100));
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);

        backup.Engine.RequestStop();
        await backup.Run.WaitAsync(Cluster.Patience);

        Assert.Empty(backup.Addresses.Journal);
        Assert.Contains(backup.Notifier.Notifications, notification => notification.Kind == NotifyKind.Stop);
    }

    [Fact]
    public async Task Master_RefreshesItsVipLifetimeEverySecond_SoALiveVipNeverExpires()
    {
        await using var cluster = new Cluster();
        var node = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        await cluster.StartAsync();
        await cluster.AdvanceAsync(4 * Second);
        var refreshesBefore = node.Addresses.Refreshes;

        await cluster.AdvanceAsync(30 * Second, () => Assert.True(node.HoldsVip()));

        Assert.InRange(node.Addresses.Refreshes - refreshesBefore, 29, 31);
        Assert.True(node.Addresses.ExpiresAt("10.0.0.100") > cluster.Clock.Elapsed + TimeSpan.FromSeconds(5));
        Assert.Equal(["add 10.0.0.100 eth0"], node.Addresses.Journal);
    }

    [Fact]
    public async Task Start_RemovesVipsThatACrashedRunLeftBehind_BeforeJoining()
    {
        await using var cluster = new Cluster();
        var node = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 100));
        cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        node.Addresses.AddPermanent("eth0", "10.0.0.100");

        await cluster.StartAsync();

        Assert.False(node.HoldsVip());
        Assert.Equal("remove 10.0.0.100 eth0", node.Addresses.Journal[0]);
        Assert.True(node.Log.Contains("(VI_1) removing stale VIP 10.0.0.100/24 from eth0 left by a previous run"));
    }

    [Fact]
    public async Task Reload_KeepsAnUnchangedInstanceWithoutAFlap_AndRestartsAChangedOne()
    {
        await using var cluster = new Cluster();
        var first = TestConfig.Instance("VI_1", priority: 150, virtualRouterId: 51, virtualAddress: "10.0.0.100");
        var second = TestConfig.Instance("VI_2", priority: 150, virtualRouterId: 52, virtualAddress: "10.0.0.101");
        var node = cluster.Add("10.0.0.1", first, second);
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);
        Assert.True(node.HoldsVip("10.0.0.100") && node.HoldsVip("10.0.0.101"));
        var journalBefore = node.Addresses.Journal.Count;

        var plan = await node.Engine.ReloadAsync(TestConfig.Of(first, second with { Priority = 140 })).WaitAsync(Cluster.Patience);
        await cluster.AdvanceAsync(10 * Second, () => Assert.True(node.HoldsVip("10.0.0.100")));

        Assert.Equal(["VI_1"], plan.Unchanged);
        Assert.Equal(["VI_2"], plan.Changed);
        var afterReload = node.Addresses.Journal.Skip(journalBefore).ToArray();
        Assert.DoesNotContain(afterReload, entry => entry.Contains("10.0.0.100", StringComparison.Ordinal));
        Assert.Equal(["remove 10.0.0.101 eth0", "add 10.0.0.101 eth0"], afterReload);
        var restarted = await node.StatusAsync("VI_2");
        Assert.Equal(140, restarted.BasePriority);
        Assert.Equal(VrrpState.Master, restarted.State);
        Assert.Equal(VrrpState.Master, (await node.StatusAsync("VI_1")).State);
    }

    [Fact]
    public async Task Reload_StopsRemovedInstances_AndStartsNewOnes()
    {
        await using var cluster = new Cluster();
        var first = TestConfig.Instance("VI_1", priority: 150, virtualRouterId: 51, virtualAddress: "10.0.0.100");
        var added = TestConfig.Instance("VI_3", priority: 150, virtualRouterId: 53, virtualAddress: "10.0.0.103");
        var node = cluster.Add("10.0.0.1", first);
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);

        var plan = await node.Engine.ReloadAsync(TestConfig.Of(added)).WaitAsync(Cluster.Patience);
        await cluster.AdvanceAsync(5 * Second);

        Assert.Equal(["VI_1"], plan.Removed);
        Assert.Equal(["VI_3"], plan.Added);
        Assert.False(node.HoldsVip("10.0.0.100"));
        Assert.True(node.HoldsVip("10.0.0.103"));
        var status = await node.Engine.GetStatusAsync().WaitAsync(Cluster.Patience);
        Assert.Equal(["VI_3"], status.Instances.Select(instance => instance.Name));
    }

    [Fact]
    public async Task RejectedAdverts_AreCountedPerReason()
    {
        await using var cluster = new Cluster();
        var node = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        await cluster.StartAsync();
        var profile = ProtocolSettings.Profile(TestConfig.Instance(), new());
        var key = new TransportKey("eth0", System.Net.Sockets.AddressFamily.InterNetwork);
        var peer = VrrpAddress.Parse("10.0.0.9");
        var group = VrrpAddress.Parse("224.0.0.18");
        var good = TestPackets.Message(profile, 100, peer, group);

        node.Engine.Post(new PacketReceived(key, good, peer, group, timeToLive: 64));
        node.Engine.Post(new PacketReceived(key, good, peer, group, timeToLive: 64));
        var corrupted = (byte[])good.Clone();
        corrupted[7] ^= 0xFF;
        node.Engine.Post(new PacketReceived(key, corrupted, peer, group, timeToLive: 255));
        var otherRouter = TestPackets.Message(ProtocolSettings.Profile(TestConfig.Instance(virtualRouterId: 99), new()), 100, peer, group);
        node.Engine.Post(new PacketReceived(key, otherRouter, peer, group, timeToLive: 255));
        await cluster.SettleAsync();

        var status = await node.Engine.GetStatusAsync().WaitAsync(Cluster.Patience);
        var instance = status.Instances.Single();
        Assert.Equal([new RejectionCount(AdvertisementRejectReason.TtlNot255, 2)], instance.Rejections);
        var transport = status.Transports.Single();
        Assert.Contains(new RejectionCount(AdvertisementRejectReason.BadChecksum, 1), transport.Rejections);
        Assert.Contains(new RejectionCount(AdvertisementRejectReason.VirtualRouterIdNotOurs, 1), transport.Rejections);
        Assert.Equal(1, node.Log.Count("(VI_1) invalid TTL/HL. expect 255 from 10.0.0.9 - discarding"));
    }

    [Fact]
    public async Task Peers_AreRecordedWithTheChecksumVariantTheyUse()
    {
        await using var cluster = new Cluster();
        var high = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        var low = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 100));
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);

        var peer = Assert.Single((await low.StatusAsync()).Peers);

        Assert.Equal("10.0.0.1", peer.Address.ToString());
        Assert.Equal(ChecksumVariant.PseudoHeader, peer.Checksum);
        Assert.Equal(150, peer.LastPriority);
        Assert.True(low.Log.Contains("(VI_1) peer 10.0.0.1 uses the PseudoHeader VRRPv3 IPv4 checksum"));
        Assert.False((await high.StatusAsync()).SplitBrainSuspected);
    }

    [Fact]
    public async Task HealthyPair_ProbesItsVip_AndNeitherNodeWarns()
    {
        await using var cluster = new Cluster();
        var master = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        var backup = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 100));
        await cluster.StartAsync();

        for (var second = 0; second < 60; second++)
        {
            await cluster.AdvanceAsync(Second);
            Assert.Empty((await master.StatusAsync()).Warnings);
            Assert.Empty((await backup.StatusAsync()).Warnings);
        }

        Assert.True(master.AddressProbe.Probes >= 25, $"the master probed {master.AddressProbe.Probes} times in 60 s");
        Assert.False(master.Log.Contains("split brain"));
        Assert.False(backup.Log.Contains("split brain"));
    }

    [Fact]
    public async Task FilteredVrrp_BothMastersWarnNamingTheOther_AndTheWarningsClearWhenVrrpPassesAgain()
    {
        await using var cluster = new Cluster();
        var first = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        var second = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 100));
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);

        cluster.Segment.Passes = (_, _) => false;
        await cluster.AdvanceAsync(10 * Second);

        Assert.Equal(VrrpState.Master, (await first.StatusAsync()).State);
        Assert.Equal(VrrpState.Master, (await second.StatusAsync()).State);
        var firstWarning = Assert.Single((await first.StatusAsync()).Warnings);
        Assert.Equal(InstanceWarningCode.AddressConflict, firstWarning.Code);
        Assert.Equal(second.HardwareAddress, firstWarning.HardwareAddress);
        Assert.Equal(["10.0.0.100"], firstWarning.Addresses.Select(address => address.ToString()));
        // The second node heard the first's adverts before they stopped, and probed its address: it names it.
        var secondWarning = Assert.Single((await second.StatusAsync()).Warnings);
        Assert.Equal(InstanceWarningCode.VanishedMasterAnswers, secondWarning.Code);
        Assert.Equal(first.HardwareAddress, secondWarning.HardwareAddress);
        Assert.Equal("10.0.0.1", secondWarning.PeerAddress?.ToString());
        Assert.True((await second.StatusAsync()).SplitBrainSuspected);
        Assert.Equal(1, first.Log.Count("answers for our VIP 10.0.0.100 while this node is MASTER: split brain"));

        cluster.Segment.Passes = (_, _) => true;
        await cluster.AdvanceAsync(10 * Second);

        Assert.Equal(VrrpState.Backup, (await second.StatusAsync()).State);
        Assert.Empty((await first.StatusAsync()).Warnings);
        Assert.Empty((await second.StatusAsync()).Warnings);
        Assert.True(first.Log.Contains("(VI_1) split-brain evidence gone"));
    }

    [Fact]
    public async Task SplitBrainEvidence_IsPublishedToEventWatchers_WhenRaisedAndWhenCleared()
    {
        await using var cluster = new Cluster();
        var first = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        var second = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 100));
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);
        using var events = first.Engine.Events.Subscribe(_ => true);

        cluster.Segment.Passes = (_, _) => false;
        await cluster.AdvanceAsync(10 * Second);
        cluster.Segment.Passes = (_, _) => true;
        await cluster.AdvanceAsync(10 * Second);

        var seen = new List<EngineEventInfo>();
        while (events.PendingMissed == 0 && seen.Count < 2)
        {
            var item = await events.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Cluster.Patience);
            seen.Add(item.Item!);
        }
        Assert.Equal([EngineEventKind.SplitBrainRaised, EngineEventKind.SplitBrainCleared], seen.Select(info => info.Kind));
        Assert.All(seen, info => Assert.Equal((InstanceWarningCode.AddressConflict, second.HardwareAddress), (info.Warning!.Code, info.Warning.HardwareAddress)));
        Assert.True(seen[0].Warning!.SplitBrain);
    }

    [Fact]
    public async Task VrrpFilteredOneWay_TheMasterThatHearsALowerMasterNamesIt()
    {
        await using var cluster = new Cluster();
        var high = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        var low = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 100));
        await cluster.StartAsync();
        await cluster.AdvanceAsync(3 * Second);

        // Adverts from high to low are lost; low to high pass.
        cluster.Segment.Passes = (from, _) => from != high.Address;
        await cluster.AdvanceAsync(12 * Second);

        var warnings = (await high.StatusAsync()).Warnings;
        var anotherMaster = Assert.Single(warnings, warning => warning.Code == InstanceWarningCode.AnotherMaster);
        Assert.Equal("10.0.0.2", anotherMaster.PeerAddress?.ToString());
        Assert.Equal(100, anotherMaster.PeerPriority);
        Assert.Contains(warnings, warning => warning.Code == InstanceWarningCode.AddressConflict && warning.HardwareAddress == low.HardwareAddress);
    }

    [Fact]
    public async Task StepDown_AnswersWhenTheNewMasterIsHeard_WithoutBlockingTheLoop_AndTakeOverBringsItBack()
    {
        await using var cluster = new Cluster();
        var master = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        var backup = cluster.Add("10.0.0.2", TestConfig.Instance(priority: 100));
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);

        var stepDown = new StepDownCommand("VI_1");
        master.Engine.Post(stepDown);
        await cluster.SettleAsync();

        // Priority 0 is out, the backup has not taken over yet: the reply waits, the loop does not.
        Assert.False(stepDown.Task.IsCompleted);
        Assert.True(master.HoldsVip());
        Assert.Equal(VrrpState.Master, (await master.StatusAsync()).State);

        // The backup takes over after its Skew_Time; the VIP is never off the segment meanwhile.
        await cluster.AdvanceAsync(Second, () => Assert.True(master.HoldsVip() || backup.HoldsVip()));

        Assert.Equal(new CommandResult(CommandOutcome.Done, Changed: true), await stepDown.Task.WaitAsync(Cluster.Patience));
        Assert.True(backup.HoldsVip());
        Assert.False(master.HoldsVip());
        var stepped = await master.StatusAsync();
        Assert.Equal(VrrpState.Backup, stepped.State);
        Assert.True(stepped.IsSteppedDown);
        Assert.True(master.Log.Contains("(VI_1) new master 10.0.0.2 heard; removing VIPs."));

        var again = new StepDownCommand("VI_1");
        master.Engine.Post(again);
        Assert.Equal(new CommandResult(CommandOutcome.Done, Changed: false), await again.Task.WaitAsync(Cluster.Patience));

        var takeOver = new TakeOverCommand("VI_1");
        master.Engine.Post(takeOver);
        Assert.Equal(CommandOutcome.Done, await takeOver.Task.WaitAsync(Cluster.Patience));
        await cluster.AdvanceAsync(Second);
        Assert.True(master.HoldsVip());
        Assert.False(backup.HoldsVip());
        var unknown = new TakeOverCommand("VI_9");
        backup.Engine.Post(unknown);
        Assert.Equal(CommandOutcome.InstanceNotFound, await unknown.Task.WaitAsync(Cluster.Patience));
    }

    [Fact]
    public async Task StepDown_OnALoneMaster_AnswersNotPossibleAfterMasterDownInterval_AndKeepsTheVip()
    {
        await using var cluster = new Cluster();
        var alone = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);

        var stepDown = new StepDownCommand("VI_1");
        alone.Engine.Post(stepDown);
        await cluster.SettleAsync();
        await cluster.AdvanceAsync(VrrpTimers.MasterDownInterval(150, Second) - TimeSpan.FromMilliseconds(1), () => Assert.True(alone.HoldsVip()));
        Assert.False(stepDown.Task.IsCompleted);

        // The loop wakes on whole milliseconds, so the deadline fires within the next two.
        await cluster.AdvanceAsync(TimeSpan.FromMilliseconds(2));

        var result = await stepDown.Task.WaitAsync(Cluster.Patience);
        Assert.Equal(CommandOutcome.NotPossible, result.Outcome);
        Assert.Equal("no backup took over within 3.41 s; still master", result.Reason);
        var status = await alone.StatusAsync();
        Assert.Equal(VrrpState.Master, status.State);
        Assert.False(status.IsSteppedDown);
        Assert.Equal(["add 10.0.0.100 eth0"], alone.Addresses.Journal);
    }

    [Fact]
    public async Task StepDown_ThenStop_BeforeANewMasterIsHeard_AnswersNotPossible()
    {
        await using var cluster = new Cluster();
        var alone = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);

        var stepDown = new StepDownCommand("VI_1");
        alone.Engine.Post(stepDown);
        await cluster.SettleAsync();
        alone.Engine.RequestStop();
        await cluster.SettleAsync();

        var result = await stepDown.Task.WaitAsync(Cluster.Patience);
        Assert.Equal(CommandOutcome.NotPossible, result.Outcome);
        Assert.Contains("ended before a new master was heard", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StepDown_UnknownInstance_IsInstanceNotFound()
    {
        await using var cluster = new Cluster();
        var node = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        await cluster.StartAsync();

        var stepDown = new StepDownCommand("VI_9");
        node.Engine.Post(stepDown);

        Assert.Equal(CommandResult.InstanceNotFound, await stepDown.Task.WaitAsync(Cluster.Patience));
    }

    [Fact]
    public async Task PriorityOverride_ExpiresOnTheEngineClock()
    {
        await using var cluster = new Cluster();
        var node = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 100));
        await cluster.StartAsync();

        var command = new OverridePriorityCommand("VI_1", 50, Expiry: 10 * Second);
        node.Engine.Post(command);
        Assert.Equal(CommandOutcome.Done, await command.Task.WaitAsync(Cluster.Patience));
        Assert.Equal(50, (await node.StatusAsync()).EffectivePriority);

        await cluster.AdvanceAsync(11 * Second);
        Assert.Equal(100, (await node.StatusAsync()).EffectivePriority);
        var invalid = new OverridePriorityCommand("VI_1", 300);
        node.Engine.Post(invalid);
        Assert.Equal(CommandOutcome.NotPossible, await invalid.Task.WaitAsync(Cluster.Patience));
    }

    [Fact]
    public async Task LinkDown_PutsTheMasterInFault_AndRemovesItsVip()
    {
        await using var cluster = new Cluster();
        var node = cluster.Add("10.0.0.1", TestConfig.Instance(priority: 150));
        await cluster.StartAsync();
        await cluster.AdvanceAsync(5 * Second);

        node.Engine.Post(new LinkStateChanged("eth0", IsUp: false));
        await cluster.SettleAsync();

        Assert.Equal(VrrpState.Fault, (await node.StatusAsync()).State);
        Assert.False(node.HoldsVip());
        Assert.True(node.Log.Contains("(VI_1) Entering FAULT STATE"));
    }

    private static string IPAddressOf(TestNode node) => node.Address.ToString();
}
