using System.Net;
using HaVrrp.Engine.Configuration;
using static HaVrrp.Engine.Tests.Configuration.Validation.ValidationFixtures;

namespace HaVrrp.Engine.Tests.Configuration.Validation;

public sealed class ReferenceRuleTests
{
    private static VrrpScriptConfig Script(string name) => new() { Name = name, Script = "/usr/bin/true" };

    private static TrackFileConfig TrackFile(string name) => new() { Name = name, File = "/run/" + name };

    private static TrackReference Reference(string name, int? weight = null, int line = 30) =>
        new(name) { Weight = weight, Source = MapAt(line, 9) };

    [Fact]
    public void TrackScriptToAMisspeltScript_IsAnErrorSuggestingTheNearestName()
    {
        var config = Config(Instance() with { TrackScripts = new[] { Reference("chk_nginx") } }) with
        {
            Scripts = new[] { Script("chk_nginx2"), Script("chk_haproxy") },
        };

        AssertDiagnostic(Single(config), DiagnosticSeverity.Error, "HV0201",
            "track_script chk_nginx refers to no vrrp_script (did you mean chk_nginx2?)", At(30, 9));
    }

    [Fact]
    public void TrackScriptToNothingAlike_IsAnErrorWithoutASuggestion()
    {
        var config = Config(Instance() with { TrackScripts = new[] { Reference("chk_dns") } }) with
        {
            Scripts = new[] { Script("check_haproxy_backend") },
        };

        AssertDiagnostic(Single(config), DiagnosticSeverity.Error, "HV0201",
            "track_script chk_dns refers to no vrrp_script; define vrrp_script chk_dns or remove the reference",
            At(30, 9));
    }

    [Fact]
    public void TrackFileToAMissingTrackFile_IsAnError()
    {
        var config = Config(Instance() with { TrackFiles = new[] { Reference("maint") } }) with
        {
            TrackFiles = new[] { TrackFile("maint_file") },
        };

        AssertDiagnostic(Single(config), DiagnosticSeverity.Error, "HV0203",
            "track_file maint refers to no vrrp_track_file; define vrrp_track_file maint or remove the reference",
            At(30, 9));
    }

    [Fact]
    public void TrackFileToAMisspeltTrackFile_SuggestsTheNearestName()
    {
        var config = Config(Instance() with { TrackFiles = new[] { Reference("maintenance") } }) with
        {
            TrackFiles = new[] { TrackFile("maintenanse") },
        };

        Assert.Equal("track_file maintenance refers to no vrrp_track_file (did you mean maintenanse?)",
            Single(config).Message);
    }

    [Fact]
    public void TrackInterfaceMissingOnThisHost_IsAWarningOnlyWhenInterfacesAreChecked()
    {
        var config = Config(Instance() with { TrackInterfaces = new[] { Reference("eth7") } });
        var host = QuietHost with { InterfaceExists = name => name == "eth0" };

        AssertDiagnostic(Single(config, host), DiagnosticSeverity.Warning, "HV0202",
            "track_interface eth7 does not exist on this host; check the name with 'ip link'", At(30, 9));
        Assert.Empty(Validate(config));
    }

    [Theory]
    [InlineData(254)]
    [InlineData(-254)]
    public void TrackScriptWeightOverrideOutOfRange_IsAnError(int weight)
    {
        var reference = Reference("chk_haproxy", weight);
        reference.Source.Set("weight:value", At(30, 28));
        var config = Config(Instance() with { TrackScripts = new[] { reference } }) with
        {
            Scripts = new[] { Script("chk_haproxy") },
        };

        AssertDiagnostic(Single(config), DiagnosticSeverity.Error, "HV0108",
            $"track_script chk_haproxy weight {weight} is out of range -253 to 253", At(30, 28));
    }

    [Fact]
    public void TrackInterfaceWeightOutOfRange_IsAnError()
    {
        var config = Config(Instance() with { TrackInterfaces = new[] { Reference("eth1", 300) } });

        AssertDiagnostic(Single(config), DiagnosticSeverity.Error, "HV0108",
            "track_interface eth1 weight 300 is out of range -253 to 253", At(30, 9));
    }

    [Fact]
    public void VrrpScriptWeightOutOfRange_IsAnErrorAtTheScript()
    {
        var script = Script("chk_haproxy") with { Weight = -300, Source = MapAt(5).Set("weight:value", At(8, 12)) };

        AssertDiagnostic(Single(Config(Instance()) with { Scripts = new[] { script } }), DiagnosticSeverity.Error,
            "HV0108", "vrrp_script chk_haproxy weight -300 is out of range -253 to 253", At(8, 12));
    }

    [Fact]
    public void WeightsAtTheLimits_AreFine()
    {
        var config = Config(Instance() with
        {
            TrackScripts = new[] { Reference("chk_haproxy", -253) },
            TrackInterfaces = new[] { Reference("eth1", 253) },
            TrackFiles = new[] { Reference("maint", -254) },
        }) with
        {
            Scripts = new[] { Script("chk_haproxy") with { Weight = 253 } },
            TrackFiles = new[] { TrackFile("maint") with { Weight = 254 } },
        };

        Assert.Empty(Validate(config));
    }

    [Fact]
    public void TrackFileWeightOutOfRange_IsAnErrorWithTheTrackFileRange()
    {
        var trackFile = TrackFile("maint") with { Weight = 255, Source = MapAt(6).Set("weight:value", At(8, 12)) };
        var config = Config(Instance() with { TrackFiles = new[] { Reference("maint", -255) } }) with
        {
            TrackFiles = new[] { trackFile },
        };

        var diagnostics = Validate(config);

        Assert.Collection(diagnostics,
            d => AssertDiagnostic(d, DiagnosticSeverity.Error, "HV0127",
                "track_file maint weight -255 is out of range -254 to 254", At(30, 9)),
            d => AssertDiagnostic(d, DiagnosticSeverity.Error, "HV0127",
                "vrrp_track_file maint weight 255 is out of range -254 to 254", At(8, 12)));
    }

    [Fact]
    public void SameVirtualRouterIdOnOneInterface_IsAnErrorAtTheSecondNamingTheFirst()
    {
        var first = Instance("VI_1", line: 10);
        first.Source.Set("virtual_router_id:value", At(12, 23));
        var second = Instance("VI_2", line: 40);
        second.Source.Set("virtual_router_id:value", At(42, 23));

        AssertDiagnostic(Single(Config(first, second)), DiagnosticSeverity.Error, "HV0109",
            "virtual_router_id 51 is already used on eth0 for IPv4 by vrrp_instance VI_1 (keepalived.conf:12:23); give each instance its own virtual_router_id",
            At(42, 23));
    }

    [Fact]
    public void SameVirtualRouterId_OnAnotherInterfaceOrFamily_IsFine()
    {
        var onEth1 = Instance("VI_2") with { Interface = "eth1" };
        var ipv6 = Instance("VI_3") with { VirtualIpAddresses = new[] { Vip("2001:db8::10") } };

        Assert.Empty(Validate(Config(Instance(), onEth1, ipv6)));
    }

    [Fact]
    public void SameVirtualRouterId_WithADifferentMulticastDestination_IsFine()
    {
        var second = Instance("VI_2") with { MulticastDestinationIp = IPAddress.Parse("224.0.0.19") };

        Assert.Empty(Validate(Config(Instance(), second)));
    }

    [Fact]
    public void SameVirtualRouterId_WithAnExplicitDefaultMulticastDestination_StillClashes()
    {
        var second = Instance("VI_2") with { MulticastDestinationIp = IPAddress.Parse("224.0.0.18") };

        Assert.Equal("HV0109", Single(Config(Instance(), second)).Code);
    }

    [Fact]
    public void SameVirtualRouterId_WithSeparateUnicastPeers_IsFine()
    {
        var first = Instance("VI_1") with { UnicastPeers = new[] { new UnicastPeer(IPAddress.Parse("10.1.1.17")) } };
        var second = Instance("VI_2") with { UnicastPeers = new[] { new UnicastPeer(IPAddress.Parse("10.1.1.18")) } };
        var multicast = Instance("VI_3");

        Assert.Empty(Validate(Config(first, second, multicast)));
    }

    [Fact]
    public void SameVirtualRouterId_WithOverlappingUnicastPeers_IsAnError()
    {
        var first = Instance("VI_1") with { UnicastPeers = new[] { new UnicastPeer(IPAddress.Parse("10.1.1.17")) } };
        var second = Instance("VI_2") with
        {
            UnicastPeers = new[] { new UnicastPeer(IPAddress.Parse("10.1.1.18")), new UnicastPeer(IPAddress.Parse("10.1.1.17")) },
        };

        Assert.Equal("HV0109", Single(Config(first, second)).Code);
    }

    [Fact]
    public void SyncGroupMemberThatDoesNotExist_IsAnErrorSuggestingTheNearestInstance()
    {
        var group = new SyncGroupConfig
        {
            Name = "G1",
            Members = new[] { "VI_1", "VI_3" },
            Source = MapAt(50).Set("group", At(51, 5)),
        };
        var config = Config(Instance("VI_1"), Instance("VI_2") with { VirtualRouterId = 52 }) with
        {
            SyncGroups = new[] { group },
        };

        AssertDiagnostic(Single(config), DiagnosticSeverity.Error, "HV0204",
            "vrrp_sync_group G1 member VI_3 refers to no vrrp_instance (did you mean VI_1?)", At(51, 5));
    }

    [Fact]
    public void InstanceInTwoSyncGroups_IsAnErrorAtTheSecondGroup()
    {
        var first = new SyncGroupConfig { Name = "G1", Members = new[] { "VI_1", "VI_2" }, Source = MapAt(50) };
        var second = new SyncGroupConfig
        {
            Name = "G2",
            Members = new[] { "VI_2", "VI_3" },
            Source = MapAt(60).Set("group", At(61, 5)),
        };
        var config = Config(Instance("VI_1"), Instance("VI_2") with { VirtualRouterId = 52 },
            Instance("VI_3") with { VirtualRouterId = 53 }) with
        {
            SyncGroups = new[] { first, second },
        };

        AssertDiagnostic(Single(config), DiagnosticSeverity.Error, "HV0205",
            "vrrp_instance VI_2 is already in vrrp_sync_group G1 (keepalived.conf:50:1); an instance can belong to one sync group only",
            At(61, 5));
    }

    [Fact]
    public void SyncGroupWithOneMember_IsAWarning()
    {
        var group = new SyncGroupConfig { Name = "G1", Members = new[] { "VI_1" }, Source = MapAt(50) };

        AssertDiagnostic(Single(Config(Instance()) with { SyncGroups = new[] { group } }), DiagnosticSeverity.Warning,
            "HV0208",
            "vrrp_sync_group G1 has 1 member and keepalived ignores sync groups with fewer than 2; add members or remove the group",
            At(50, 1));
    }

    [Fact]
    public void SyncGroupTrackScript_IsCheckedLikeAnInstances()
    {
        var group = new SyncGroupConfig
        {
            Name = "G1",
            Members = new[] { "VI_1", "VI_2" },
            TrackScripts = new[] { Reference("chk_gone", line: 55) },
            Source = MapAt(50),
        };
        var config = Config(Instance("VI_1"), Instance("VI_2") with { VirtualRouterId = 52 }) with
        {
            SyncGroups = new[] { group },
        };

        AssertDiagnostic(Single(config), DiagnosticSeverity.Error, "HV0201",
            "track_script chk_gone refers to no vrrp_script; define vrrp_script chk_gone or remove the reference",
            At(55, 9));
    }
}
