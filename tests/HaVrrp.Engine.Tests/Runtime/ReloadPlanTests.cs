using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Tests.Runtime;

public sealed class ReloadPlanTests
{
    private static readonly VrrpInstanceConfig First = TestConfig.Instance("VI_1", virtualRouterId: 51);
    private static readonly VrrpInstanceConfig Second = TestConfig.Instance("VI_2", virtualRouterId: 52, virtualAddress: "10.0.0.101");

    [Fact]
    public void SameConfiguration_LeavesEveryInstanceUnchanged()
    {
        var plan = ReloadPlan.Compute(TestConfig.Of(First, Second), TestConfig.Of(First, Second));

        Assert.Equal(["VI_1", "VI_2"], plan.Unchanged);
        Assert.Empty(plan.Changed);
        Assert.Empty(plan.Removed);
        Assert.Empty(plan.Added);
    }

    [Fact]
    public void EqualContentFromAnotherFileOrLine_IsUnchanged()
    {
        var moved = First with { Source = new SourceMap(new SourceLocation("other.conf", 40, 1)) };
        var rebuilt = First with { VirtualIpAddresses = new([new VirtualAddress(IPAddress.Parse("10.0.0.100")) { PrefixLength = 24 }]) };

        Assert.Equal(["VI_1"], ReloadPlan.Compute(TestConfig.Of(First), TestConfig.Of(moved)).Unchanged);
        Assert.Equal(["VI_1"], ReloadPlan.Compute(TestConfig.Of(First), TestConfig.Of(rebuilt)).Unchanged);
    }

    [Fact]
    public void EditedInstance_IsChanged_RemovedAndNewOnesAreListed()
    {
        var third = TestConfig.Instance("VI_3", virtualRouterId: 53, virtualAddress: "10.0.0.103");

        var plan = ReloadPlan.Compute(TestConfig.Of(First, Second), TestConfig.Of(First with { Priority = 90 }, third));

        Assert.Equal(["VI_1"], plan.Changed);
        Assert.Equal(["VI_2"], plan.Removed);
        Assert.Equal(["VI_3"], plan.Added);
        Assert.Empty(plan.Unchanged);
    }

    [Fact]
    public void GlobalSettingThatShapesInstances_ChangesThemAll()
    {
        var running = TestConfig.Of(First, Second);
        var next = running with { Global = new GlobalSettings { MulticastGroup4 = IPAddress.Parse("224.0.0.19") } };

        Assert.Equal(["VI_1", "VI_2"], ReloadPlan.Compute(running, next).Changed);
    }

    [Fact]
    public void GlobalSettingThatChangesNothingOnTheWire_RestartsNothing()
    {
        var running = TestConfig.Of(First);
        var next = running with { Global = new GlobalSettings { RouterId = "lb2", NotificationEmailFrom = "ops@example.org" } };

        Assert.Equal(["VI_1"], ReloadPlan.Compute(running, next).Unchanged);
    }

    [Fact]
    public void EditedScriptOrSyncGroup_RestartsTheInstancesThatDependOnIt_AndNoOthers()
    {
        var script = new VrrpScriptConfig { Name = "chk", Script = "/bin/true", Weight = -20 };
        HaVrrpConfiguration With(VrrpScriptConfig chk, SyncGroupConfig? group = null) => new()
        {
            Scripts = new([chk, new VrrpScriptConfig { Name = "unused", Script = "/bin/true" }]),
            Instances = new([First with { TrackScripts = new([new TrackReference("chk")]) }, Second]),
            SyncGroups = group is null ? ValueList<SyncGroupConfig>.Empty : new([group]),
        };
        var running = With(script);

        Assert.Equal(["VI_1"], ReloadPlan.Compute(running, With(script with { Weight = -30 })).Changed);
        Assert.Empty(ReloadPlan.Compute(running, running with { Scripts = new([script, new VrrpScriptConfig { Name = "unused", Script = "/bin/false" }]) }).Changed);
        var group = new SyncGroupConfig { Name = "VG_1", Members = new(["VI_1", "VI_2"]) };
        Assert.Equal(["VI_1", "VI_2"], ReloadPlan.Compute(running, With(script, group)).Changed);
    }
}

public sealed class VirtualAddressLifetimeTests
{
    [Theory]
    [InlineData(1000, 7)]
    [InlineData(3000, 15)]
    [InlineData(100, 5)]
    [InlineData(2500, 13)]
    public void Lifetime_OutlastsAnyBackupsMasterDownIntervalPlusThreeMissedRefreshes(int advertIntervalMilliseconds, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), VirtualAddressLifetime.For(TimeSpan.FromMilliseconds(advertIntervalMilliseconds)));

    [Fact]
    public void Lifetime_IsLongerThanTheLongestMasterDownInterval()
    {
        foreach (var priority in new[] { 1, 100, 254 })
        {
            var interval = TimeSpan.FromSeconds(1);
            Assert.True(VirtualAddressLifetime.For(interval) > HaVrrp.Engine.Protocol.Router.VrrpTimers.MasterDownInterval(priority, interval) + VirtualAddressLifetime.RefreshPeriod);
        }
    }
}

public sealed class VirtualAddressCleanupTests
{
    [Fact]
    public void Cleanup_RemovesConfiguredVipsThatArePresent_AndNothingElse()
    {
        var clock = new ManualTimeProvider();
        var addresses = new FakeAddressManager(clock);
        addresses.AddPermanent("eth0", "10.0.0.1");
        addresses.AddPermanent("eth0", "10.0.0.100");
        var logger = new ListLogger();

        var removed = VirtualAddressCleanup.RemoveConfigured(
            TestConfig.Of(TestConfig.Instance("VI_1"), TestConfig.Instance("VI_2", virtualRouterId: 52, virtualAddress: "10.0.0.101")),
            addresses,
            logger);

        Assert.Equal(1, removed);
        Assert.False(addresses.Has("10.0.0.100"));
        Assert.True(addresses.Has("10.0.0.1"));
        Assert.True(logger.Contains("Cleanup: removing VIP 10.0.0.100/24 of VI_1 from eth0"));
    }

    [Fact]
    public void Cleanup_RemovesTheVirtualRules_ButNoStaticRule()
    {
        var addresses = new FakeAddressManager(new ManualTimeProvider());
        var rule = new RoutingRule { To = System.Net.IPNetwork.Parse("10.9.0.0/16"), Preference = 7, Action = RoutingRuleAction.Blackhole };
        var configuration = TestConfig.Of(TestConfig.Instance("VI_1") with { VirtualRules = new[] { rule } }) with
        {
            StaticRules = new[] { rule with { Preference = 8 } },
        };

        addresses.AddRule(rule);
        addresses.AddRule(rule with { Preference = 8 });

        VirtualAddressCleanup.RemoveConfigured(configuration, addresses, new ListLogger());

        Assert.False(addresses.HasRule(rule));
        Assert.True(addresses.HasRule(rule with { Preference = 8 }));
    }

    [Fact]
    public void Cleanup_NeverRemovesAnAddressOwnersAddresses()
    {
        var addresses = new FakeAddressManager(new ManualTimeProvider());
        addresses.AddPermanent("eth0", "10.0.0.100");

        var removed = VirtualAddressCleanup.RemoveConfigured(TestConfig.Of(TestConfig.Instance(priority: 255)), addresses, new ListLogger());

        Assert.Equal(0, removed);
        Assert.True(addresses.Has("10.0.0.100"));
    }
}
