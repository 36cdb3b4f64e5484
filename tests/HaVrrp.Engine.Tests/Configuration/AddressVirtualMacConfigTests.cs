using System.Net.NetworkInformation;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using HaVrrp.Engine.Configuration.Yaml;
using static HaVrrp.Engine.Tests.Configuration.Keepalived.KeepalivedTestSupport;
using static HaVrrp.Engine.Tests.Configuration.Validation.ValidationFixtures;

namespace HaVrrp.Engine.Tests.Configuration;

/// <summary>
/// use_vmac_addr and the per-address use_vmac flag: both formats, both writers, where each VIP goes, the macvlans'
/// names and MACs, and keepalived's warnings.
/// </summary>
public sealed class AddressVirtualMacConfigTests
{
    [Fact]
    public void Keepalived_UseVmacAddr_AndTheAddressFlag_AreRead_ButNotOnStaticAddresses()
    {
        var (configuration, diagnostics) = Read("""
            static_ipaddress {
                192.168.9.1/24 dev eth0 use_vmac
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                use_vmac_addr
                virtual_ipaddress {
                    10.1.1.200/24
                    10.2.1.200/24 dev eth1 use_vmac
                }
                virtual_ipaddress_excluded {
                    2001:db8::1/64 use_vmac no_track
                }
            }
            """);

        var instance = Assert.Single(configuration.Instances);
        Assert.True(instance.UseVirtualMacForAddresses);
        Assert.Equal([false, true], instance.VirtualIpAddresses.Select(address => address.UseVirtualMac));
        Assert.True(instance.ExcludedVirtualIpAddresses[0].UseVirtualMac);
        Assert.True(instance.ExcludedVirtualIpAddresses[0].NoTrack);
        Assert.False(configuration.StaticAddresses[0].UseVirtualMac);
        Assert.Equal(["keepalived.conf:2:29: warning HV0020: unknown option 'use_vmac' in static_ipaddress; ignored"], Lines(diagnostics));
    }

    [Fact]
    public void Yaml_UseVmacAddr_AndTheAddressFlag_InBothForms_ButNotOnStaticAddresses()
    {
        var diagnostics = new DiagnosticBag();
        var configuration = YamlConfigReader.ReadText("""
            static_ipaddress:
              - { address: 192.168.9.1/24, use_vmac: true }
            vrrp_instances:
              VI_1:
                interface: eth0
                virtual_router_id: 51
                use_vmac_addr: true
                virtual_ipaddress:
                  - 10.2.1.200/24 dev eth1 use_vmac
                  - { address: 10.3.1.200/24, dev: eth2, use_vmac: true }
                  - 10.1.1.200/24
            """, "havrrp.yaml", diagnostics);

        var instance = Assert.Single(configuration.Instances);
        Assert.True(instance.UseVirtualMacForAddresses);
        Assert.Equal([true, true, false], instance.VirtualIpAddresses.Select(address => address.UseVirtualMac));
        Assert.Contains(diagnostics.Items, diagnostic => diagnostic.Code == "HV0052" && diagnostic.Message.Contains("use_vmac", StringComparison.Ordinal));
        Assert.Single(diagnostics.Items);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void BothWriters_RoundTripBoth(bool forAddresses, bool onAddress)
    {
        var configuration = Config(Instance() with
        {
            UseVirtualMacForAddresses = forAddresses,
            VirtualIpAddresses = new[] { Vip("10.1.1.200") with { Device = "eth1", UseVirtualMac = onAddress } },
            ExcludedVirtualIpAddresses = new[] { Vip("2001:db8::1") with { PrefixLength = 64, UseVirtualMac = onAddress } },
        });

        var keepalived = Assert.Single(ReadClean(KeepalivedConfigWriter.Write(configuration)).Instances);
        var yamlDiagnostics = new DiagnosticBag();
        var yaml = Assert.Single(YamlConfigReader.ReadText(YamlConfigWriter.Write(configuration), "havrrp.yaml", yamlDiagnostics).Instances);

        Assert.Empty(yamlDiagnostics.Items);
        foreach (var read in new[] { keepalived, yaml })
        {
            Assert.Equal(forAddresses, read.UseVirtualMacForAddresses);
            Assert.Equal(onAddress, read.VirtualIpAddresses[0].UseVirtualMac);
            Assert.Equal(onAddress, read.ExcludedVirtualIpAddresses[0].UseVirtualMac);
        }
    }

    [Fact]
    public void Model_UseVmacAddr_GivesOtherLinksAndTheOtherFamilyMacvlans_NeverTheInstancesOwnName()
    {
        var instance = Instance() with
        {
            VirtualMac = new VirtualMacConfig(),
            UseVirtualMacForAddresses = true,
            VirtualIpAddresses = new[] { Vip("10.1.1.200"), Vip("10.2.1.200") with { Device = "eth1" }, Vip("10.2.1.201") with { Device = "eth1" } },
            ExcludedVirtualIpAddresses = new[] { Vip("2001:db8::1"), Vip("2001:db8:1::1") with { Device = "eth1" } },
        };

        Assert.Equal(
            [new AddressVirtualMac("vrrp1.51", "eth1", false), new AddressVirtualMac("vrrp6.51", "eth0", true), new AddressVirtualMac("vrrp2.51", "eth1", true)],
            instance.AddressVirtualMacs);
        Assert.Equal("vrrp.51", instance.InterfaceFor(instance.VirtualIpAddresses[0]));
        Assert.Equal("vrrp1.51", instance.InterfaceFor(instance.VirtualIpAddresses[2]));
        Assert.Equal("vrrp6.51", instance.InterfaceFor(instance.ExcludedVirtualIpAddresses[0]));
        Assert.Equal("vrrp2.51", instance.InterfaceFor(instance.ExcludedVirtualIpAddresses[1]));
        Assert.Equal(["vrrp.51", "vrrp1.51", "vrrp6.51", "vrrp2.51"], instance.AllVirtualMacInterfaces);
        var global = new GlobalSettings();
        Assert.Equal(PhysicalAddress.Parse("00-00-5E-00-01-33"), instance.AddressVirtualMacAddress(instance.AddressVirtualMacs[0], global));
        Assert.Equal(PhysicalAddress.Parse("00-00-5E-00-02-33"), instance.AddressVirtualMacAddress(instance.AddressVirtualMacs[1], global));
    }

    [Fact]
    public void Model_TheAddressFlag_WorksAlone_AndOnTheInstancesLinkOnlyWithoutItsOwnMacvlan()
    {
        var flagged = Vip("10.1.1.201") with { UseVirtualMac = true };
        var elsewhere = Vip("10.2.1.200") with { Device = "eth1" };
        var instance = Instance() with { VirtualIpAddresses = new[] { Vip("10.1.1.200"), flagged, elsewhere } };

        Assert.Equal("eth0", instance.InterfaceFor(instance.VirtualIpAddresses[0]));
        Assert.Equal("vrrp1.51", instance.InterfaceFor(flagged));
        Assert.Equal("eth1", instance.InterfaceFor(elsewhere));
        Assert.Equal("vrrp.51", (instance with { VirtualMac = new VirtualMacConfig() }).InterfaceFor(flagged));
        Assert.Equal("vrrp2.51", (instance with { UseVirtualMacForAddresses = true }).InterfaceFor(elsewhere));
        Assert.Equal("eth0", (instance with { UseVirtualMacForAddresses = true }).InterfaceFor(instance.VirtualIpAddresses[0]));
    }

    [Fact]
    public void Model_NamesSkipWhatTheInstanceUses_AndMacsFollowUseVmacsMac_ExceptInStrictMode()
    {
        var instance = Instance() with
        {
            VirtualMac = new VirtualMacConfig { InterfaceName = "vrrp1.51", Address = "02:00:00:aa:bb" },
            UseVirtualMacForAddresses = true,
            VirtualIpAddresses = new[] { Vip("10.1.1.200"), Vip("10.2.1.200") with { Device = "vrrp2.51" } },
        };
        var entry = Assert.Single(instance.AddressVirtualMacs);

        Assert.Equal("vrrp3.51", entry.Name);
        Assert.Equal(PhysicalAddress.Parse("02-00-00-AA-BB-33"), instance.AddressVirtualMacAddress(entry, new GlobalSettings()));
        Assert.Equal(PhysicalAddress.Parse("00-00-5E-00-01-33"), instance.AddressVirtualMacAddress(entry, new GlobalSettings { VrrpStrict = true }));
    }

    [Fact]
    public void AFlagThatChangesNothing_IsHV0163_AsKeepalivedWarns()
    {
        var onOwnMacvlan = Vip("10.1.1.201", line: 14) with { UseVirtualMac = true };
        onOwnMacvlan.Source.Set("use_vmac", At(14, 28));
        var repeated = Vip("10.2.1.200", line: 15) with { Device = "eth1", UseVirtualMac = true };
        repeated.Source.Set("use_vmac", At(15, 32));
        var instance = Instance() with
        {
            VirtualMac = new VirtualMacConfig(),
            VirtualIpAddresses = new[] { Vip("10.1.1.200"), onOwnMacvlan, repeated },
        };

        Assert.Empty(Validate(Config(instance)).Where(diagnostic => diagnostic.Code == "HV0163").Skip(1));
        var both = Validate(Config(instance with { UseVirtualMacForAddresses = true })).Where(diagnostic => diagnostic.Code == "HV0163").ToList();

        Assert.Equal(2, both.Count);
        AssertDiagnostic(both[0], DiagnosticSeverity.Warning, "HV0163",
            "vrrp_instance VI_1: use_vmac on 10.1.1.201 and on the instance; the address goes on the instance's macvlan vrrp.51", At(14, 28));
        AssertDiagnostic(both[1], DiagnosticSeverity.Warning, "HV0163",
            "vrrp_instance VI_1: use_vmac on 10.2.1.200 repeats use_vmac_addr, which gives it a macvlan already", At(15, 32));
    }

    [Fact]
    public void TwoInstancesNeedingOneName_OrOneMacOnOneLink_IsHV0164()
    {
        var first = Instance() with { VirtualMac = new VirtualMacConfig { InterfaceName = "vrrp1.51" } };
        var second = Instance("VI_2", line: 20) with
        {
            Interface = "eth1",
            UseVirtualMacForAddresses = true,
            VirtualIpAddresses = new[] { Vip("10.2.1.200"), Vip("10.1.1.201") with { Device = "eth2" } },
        };
        var sameMac = Instance("VI_3", line: 30) with
        {
            Interface = "eth1",
            VirtualIpAddresses = new[] { Vip("10.3.1.200"), Vip("10.1.1.202") with { Device = "eth0", UseVirtualMac = true } },
        };

        var clash = Assert.Single(Validate(Config(first, second)), diagnostic => diagnostic.Code == "HV0164");
        Assert.Equal(
            "vrrp_instance VI_2 needs macvlan vrrp1.51 for its addresses on eth2, which vrrp_instance VI_1 already uses; give that instance's use_vmac another NAME, or the instances different VRIDs",
            clash.Message);
        Assert.Equal(DiagnosticSeverity.Error, clash.Severity);
        var link = Assert.Single(Validate(Config(Instance() with { VirtualMac = new VirtualMacConfig() }, sameMac)), diagnostic => diagnostic.Code == "HV0164");
        Assert.Contains("needs a macvlan on eth0 with MAC 00:00:5e:00:01:33, which vrrp.51 of vrrp_instance VI_1 carries already", link.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("macvlan", false)]
    [InlineData("vlan", true)]
    public void ANameTakenByAnotherKindOfLink_IsHV0165(string? kind, bool refused)
    {
        var host = QuietHost with { LinkKindOf = name => name == "vrrp1.51" ? kind : null };
        var instance = Instance() with { UseVirtualMacForAddresses = true, VirtualIpAddresses = new[] { Vip("10.1.1.200") with { Device = "eth1" } } };

        var diagnostics = Validate(Config(instance), host);

        Assert.Equal(refused, diagnostics.Any(diagnostic => diagnostic.Code == "HV0165" && diagnostic.Severity == DiagnosticSeverity.Error));
    }
}
