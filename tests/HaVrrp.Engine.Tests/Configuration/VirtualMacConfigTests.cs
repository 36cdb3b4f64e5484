using System.Net;
using System.Net.NetworkInformation;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Configuration.Yaml;
using static HaVrrp.Engine.Tests.Configuration.Keepalived.KeepalivedTestSupport;
using static HaVrrp.Engine.Tests.Configuration.Validation.ValidationFixtures;

namespace HaVrrp.Engine.Tests.Configuration;

/// <summary>use_vmac and vmac_xmit_base: reading both formats, writing them back, the rules, and what the model derives.</summary>
public sealed class VirtualMacConfigTests
{
    private static VrrpInstanceConfig ReadKeepalivedInstance(string lines) =>
        Assert.Single(ReadClean($$"""
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
            {{lines}}
                virtual_ipaddress {
                    10.1.1.200/24
                }
            }
            """).Instances);

    [Theory]
    [InlineData("    use_vmac", null, null, false)]
    [InlineData("    use_vmac vip51", "vip51", null, false)]
    [InlineData("    use_vmac 02:00:00:AA:bb:01 vip51", "vip51", "02:00:00:aa:bb:01", false)]
    [InlineData("    vmac_xmit_base\n    use_vmac vip51 02:00:00:aa:bb", "vip51", "02:00:00:aa:bb", true)]
    public void Keepalived_UseVmac_TakesNameAndMacInEitherOrder_AndXmitBaseAnywhere(string lines, string? name, string? address, bool onBase)
    {
        var instance = ReadKeepalivedInstance(lines);

        Assert.Equal(new VirtualMacConfig { InterfaceName = name, Address = address, TransmitOnBase = onBase }, instance.VirtualMac);
    }

    [Fact]
    public void Keepalived_XmitBaseWithoutUseVmac_IsIgnoredWithHV0157()
    {
        var (configuration, diagnostics) = Read("""
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                vmac_xmit_base
            }
            """);

        Assert.Null(Assert.Single(configuration.Instances).VirtualMac);
        Assert.Equal(["keepalived.conf:4:5: warning HV0157: vrrp_instance VI_1: vmac_xmit_base is only valid with use_vmac; ignoring it"], Lines(diagnostics));
    }

    [Fact]
    public void Yaml_UseVmac_TrueOrAMapping()
    {
        var diagnostics = new DiagnosticBag();
        var configuration = YamlConfigReader.ReadText("""
            vrrp_instances:
              VI_1:
                interface: eth0
                virtual_router_id: 51
                use_vmac: true
              VI_2:
                interface: eth0
                virtual_router_id: 52
                use_vmac: { name: vip52, mac: "02:00:00:00:00:52" }
                vmac_xmit_base: true
              VI_3:
                interface: eth0
                virtual_router_id: 53
                use_vmac: false
            """, "havrrp.yaml", diagnostics);

        Assert.Empty(diagnostics.Items);
        Assert.Equal(new VirtualMacConfig(), configuration.Instances[0].VirtualMac);
        Assert.Equal(new VirtualMacConfig { InterfaceName = "vip52", Address = "02:00:00:00:00:52", TransmitOnBase = true }, configuration.Instances[1].VirtualMac);
        Assert.Null(configuration.Instances[2].VirtualMac);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("vip51", null, true)]
    [InlineData(null, "02:00:00:aa:bb", false)]
    [InlineData("vip51", "02:00:00:aa:bb:01", true)]
    public void BothWriters_RoundTripUseVmac(string? name, string? address, bool onBase)
    {
        var vmac = new VirtualMacConfig { InterfaceName = name, Address = address, TransmitOnBase = onBase };
        var configuration = Config(Instance() with { VirtualMac = vmac });

        var keepalived = ReadClean(KeepalivedConfigWriter.Write(configuration));
        var yamlDiagnostics = new DiagnosticBag();
        var yaml = YamlConfigReader.ReadText(YamlConfigWriter.Write(configuration), "havrrp.yaml", yamlDiagnostics);

        Assert.Equal(vmac, Assert.Single(keepalived.Instances).VirtualMac);
        Assert.Empty(yamlDiagnostics.Items);
        Assert.Equal(vmac, Assert.Single(yaml.Instances).VirtualMac);
    }

    [Fact]
    public void Model_DefaultNameAndMac_FollowTheVridAndFamily()
    {
        var ipv4 = Instance() with { VirtualMac = new VirtualMacConfig() };
        var ipv6 = ipv4 with { VirtualIpAddresses = new[] { Vip("2001:db8::1") } };
        var global = new GlobalSettings();

        Assert.Equal("vrrp.51", ipv4.VirtualMacInterface);
        Assert.Equal("vrrp.51", ipv6.VirtualMacInterface);
        Assert.Equal(PhysicalAddress.Parse("00-00-5E-00-01-33"), ipv4.VirtualMacAddress(global));
        Assert.Equal(PhysicalAddress.Parse("00-00-5E-00-02-33"), ipv6.VirtualMacAddress(global));
    }

    [Fact]
    public void Model_FiveOctets_AreCompletedWithTheVrid_AndStrictModeKeepsToRfc5798()
    {
        var instance = Instance() with { VirtualMac = new VirtualMacConfig { Address = "02:00:00:aa:bb" } };

        Assert.Equal(PhysicalAddress.Parse("02-00-00-AA-BB-33"), instance.VirtualMacAddress(new GlobalSettings()));
        Assert.Equal(PhysicalAddress.Parse("00-00-5E-00-01-33"), instance.VirtualMacAddress(new GlobalSettings { VrrpStrict = true }));
    }

    [Fact]
    public void Model_VipsOfTheFamilyOnTheInterface_GoOnTheMacvlan_OthersStay()
    {
        var instance = Instance() with { VirtualMac = new VirtualMacConfig { InterfaceName = "vip51" } };

        Assert.Equal("vip51", instance.InterfaceFor(Vip("10.1.1.200")));
        Assert.Equal("vip51", instance.InterfaceFor(Vip("10.1.1.201") with { Device = "eth0" }));
        Assert.Equal("eth1", instance.InterfaceFor(Vip("10.1.1.202") with { Device = "eth1" }));
        Assert.Equal("eth0", instance.InterfaceFor(Vip("2001:db8::1")));
        Assert.Equal("eth0", (instance with { VirtualMac = null }).InterfaceFor(Vip("10.1.1.200")));
    }

    [Fact]
    public void Model_AdvertsLeaveTheMacvlan_UnlessXmitBaseOrUnicast()
    {
        var global = new GlobalSettings();
        var instance = Instance() with { VirtualMac = new VirtualMacConfig() };

        Assert.Equal("vrrp.51", instance.AdvertInterface(global));
        Assert.Equal("eth0", (instance with { VirtualMac = new VirtualMacConfig { TransmitOnBase = true } }).AdvertInterface(global));
        Assert.Equal("eth0", (instance with { UnicastPeers = new[] { new UnicastPeer(IPAddress.Parse("10.1.1.2")) } }).AdvertInterface(global));
        Assert.Equal("vrrp.51", (instance with { VirtualMac = new VirtualMacConfig { TransmitOnBase = true } }).AdvertInterface(global with { VrrpStrict = true }));
    }

    [Theory]
    [InlineData("vrrp-frontend-51")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("eth0")]
    public void InvalidName_IsHV0155(string name)
    {
        var instance = Instance() with { VirtualMac = new VirtualMacConfig { InterfaceName = name } };
        instance.Source.Set("use_vmac:name", At(12, 14));

        var diagnostic = Single(Config(instance));

        Assert.Equal("HV0155", diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(At(12, 14), diagnostic.Location);
    }

    [Theory]
    [InlineData("01:00:5e:00:00:12", "is a multicast address")]
    [InlineData("00:00:5e:00:01:07", "is an RFC 5798 virtual MAC")]
    [InlineData("00:00:5e:00:02", "is an RFC 5798 virtual MAC")]
    [InlineData("02:00:zz:00:00:01", "is not a MAC address")]
    [InlineData("02:00:00:00:00:00:01", "is not a MAC address")]
    public void UnusableMac_IsHV0156(string address, string problem)
    {
        var instance = Instance() with { VirtualMac = new VirtualMacConfig { Address = address } };
        instance.Source.Set("use_vmac:address", At(12, 14));

        var diagnostic = Single(Config(instance));

        Assert.Equal("HV0156", diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains($"use_vmac MAC {address} {problem}", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatKeepalivedResets_IsHV0157()
    {
        var unicast = Instance() with
        {
            VirtualMac = new VirtualMacConfig(),
            UnicastPeers = new[] { new UnicastPeer(IPAddress.Parse("10.1.1.2")) },
        };
        var promote = Instance() with { VirtualMac = new VirtualMacConfig(), PromoteSecondaries = true };

        Assert.Equal(
            "vrrp_instance VI_1: unicast with use_vmac requires vmac_xmit_base; adverts go out of eth0, as keepalived sets it",
            Single(Config(unicast)).Message);
        Assert.Equal("HV0157", Single(Config(promote)).Code);
    }

    [Fact]
    public void StrictModeWithAChosenMac_IsHV0157()
    {
        var instance = Instance() with { VirtualMac = new VirtualMacConfig { Address = "02:00:00:00:00:01" }, StrictMode = true };

        Assert.Contains(Validate(Config(instance)), diagnostic =>
            diagnostic.Code == "HV0157" && diagnostic.Message.Contains("00:00:5e:00:01:33", StringComparison.Ordinal));
    }

    [Fact]
    public void TwoInstancesOnOneMacvlan_IsHV0158()
    {
        var first = Instance() with { VirtualMac = new VirtualMacConfig() };
        var second = Instance("VI_2", line: 20) with { Interface = "eth1", VirtualMac = new VirtualMacConfig() };

        var diagnostic = Assert.Single(Validate(Config(first, second)), diagnostic => diagnostic.Code == "HV0158");

        Assert.Equal(
            "vrrp_instance VI_2 uses macvlan vrrp.51, which vrrp_instance VI_1 already uses; give one of them its own name with use_vmac NAME (keepalived would pick vrrp1.51 for it)",
            diagnostic.Message);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("macvlan", false)]
    [InlineData("vlan", true)]
    [InlineData("", true)]
    public void ANameTakenByAnotherKindOfLink_IsHV0159(string? kind, bool refused)
    {
        var host = QuietHost with { LinkKindOf = name => name == "vrrp.51" ? kind : null };
        var diagnostics = Validate(Config(Instance() with { VirtualMac = new VirtualMacConfig() }), host);

        Assert.Equal(refused, diagnostics.Any(diagnostic => diagnostic.Code == "HV0159" && diagnostic.Severity == DiagnosticSeverity.Error));
    }
}
