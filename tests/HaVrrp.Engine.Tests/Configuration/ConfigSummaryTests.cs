using System.Net;
using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Tests.Configuration;

public sealed class ConfigSummaryTests
{
    private static VirtualAddress Vip(string address) => new(IPAddress.Parse(address));

    [Fact]
    public void UnicastMasterWithATrackedScript_ReadsAsOneLine()
    {
        var config = new HaVrrpConfiguration
        {
            Scripts = new[] { new VrrpScriptConfig { Name = "chk_haproxy", Script = "pidof haproxy", Weight = 2 } },
            Instances = new[]
            {
                new VrrpInstanceConfig
                {
                    Name = "VI_1",
                    Interface = "eth0",
                    VirtualRouterId = 51,
                    InitialState = InitialState.Master,
                    VirtualIpAddresses = new[] { Vip("10.1.1.200"), Vip("10.1.1.201") },
                    UnicastPeers = new[] { new UnicastPeer(IPAddress.Parse("10.1.1.17")) },
                    TrackScripts = new[] { new TrackReference("chk_haproxy") },
                },
            },
        };

        Assert.Equal(
            ["VI_1: vrid 51 on eth0, v2, priority 100 (MASTER), 2 VIPs, unicast to 10.1.1.17, tracks chk_haproxy(+2)"],
            ConfigSummary.Describe(config));
    }

    [Fact]
    public void MulticastBackup_ShowsGroupOverridesFaultTrackingAndSyncGroup()
    {
        var config = new HaVrrpConfiguration
        {
            TrackFiles = new[] { new TrackFileConfig { Name = "maint", File = "/run/maint" } },
            Instances = new[]
            {
                new VrrpInstanceConfig
                {
                    Name = "VI_6",
                    Interface = "eth1",
                    VirtualRouterId = 61,
                    Priority = 90,
                    Preempt = false,
                    VirtualIpAddresses = new[] { Vip("2001:db8::10") },
                    TrackInterfaces = new[] { new TrackReference("eth2") },
                    TrackScripts = new[] { new TrackReference("chk_dns") { Weight = -20 } },
                    TrackFiles = new[] { new TrackReference("maint") },
                },
            },
            SyncGroups = new[] { new SyncGroupConfig { Name = "G1", Members = new[] { "VI_6" } } },
        };

        Assert.Equal(
            ["VI_6: vrid 61 on eth1, v3, priority 90 (BACKUP), nopreempt, 1 VIP, multicast to ff02::12, tracks chk_dns(-20), eth2(fault), maint(+1), sync group G1"],
            ConfigSummary.Describe(config));
    }

    [Fact]
    public void InstanceWithoutInterfaceOrAddresses_SaysSo()
    {
        var config = new HaVrrpConfiguration
        {
            Global = new GlobalSettings { VrrpVersion = 3 },
            Instances = new[]
            {
                new VrrpInstanceConfig
                {
                    Name = "VI_2",
                    VirtualRouterId = 7,
                    MulticastDestinationIp = IPAddress.Parse("224.0.0.19"),
                },
            },
        };

        Assert.Equal(["VI_2: vrid 7, v3, priority 100 (BACKUP), 0 VIPs, multicast to 224.0.0.19"],
            ConfigSummary.Describe(config));
    }

    [Fact]
    public void NoInstances_DescribesNothing()
    {
        Assert.Empty(ConfigSummary.Describe(new HaVrrpConfiguration()));
    }
}
