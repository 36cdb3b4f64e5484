using System.Net.NetworkInformation;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaVrrp.Engine.Tests.Runtime;

/// <summary>The macvlans of use_vmac and the devconf values keepalived sets for them, against fake ports.</summary>
public sealed class VirtualMacInterfacesTests
{
    private sealed class FakeLinks : IVirtualMacLinks
    {
        public List<string> Journal { get; } = [];

        public HashSet<string> Present { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Conflicting { get; } = new(StringComparer.Ordinal);

        public void Prepare(string name, string parentName, PhysicalAddress address)
        {
            if (Conflicting.Contains(name))
            {
                throw new VirtualMacConflictException($"interface {name} already exists and is not a macvlan");
            }
            Present.Add(name);
            Journal.Add($"prepare {name} on {parentName} {address}");
        }

        public void SetUp(string name) => Journal.Add($"up {name}");

        public bool Remove(string name)
        {
            Journal.Add($"remove {name}");
            return Present.Remove(name);
        }

        public bool IsOperational(string name) => Present.Contains(name);
    }

    private sealed class FakeSettings : IInterfaceSettings
    {
        public Dictionary<string, int> Values { get; } = new(StringComparer.Ordinal);

        public List<string> Journal { get; } = [];

        public bool PromotesSecondaries(string interfaceName) => false;

        public void SetPromoteSecondaries(string interfaceName, bool promote)
        {
        }

        public int ReadIPv4(string interfaceName, string setting) => Values.GetValueOrDefault($"{interfaceName}.{setting}");

        public void WriteIPv4(string interfaceName, string setting, int value)
        {
            Values[$"{interfaceName}.{setting}"] = value;
            Journal.Add($"ipv4 {interfaceName}.{setting}={value}");
        }

        public void WriteIPv6(string interfaceName, string setting, int value) => Journal.Add($"ipv6 {interfaceName}.{setting}={value}");

        public IReadOnlyList<string> IPv4Interfaces() => ["lo", "eth0", "eth1"];
    }

    private readonly FakeLinks _links = new();
    private readonly FakeSettings _settings = new();
    private readonly FakeAddressManager _addresses = new(new ManualTimeProvider());

    private VirtualMacInterfaces Create() => new(_links, _settings, _addresses, NullLogger.Instance);

    private static VrrpInstanceConfig Instance(string name, int vrid, string interfaceName = "eth0") =>
        TestConfig.Instance(name) with { Interface = interfaceName, VirtualRouterId = vrid, VirtualMac = new VirtualMacConfig() };

    [Fact]
    public void Apply_CreatesTheMacvlan_SetsKeepalivedsValues_ThenBringsItUp()
    {
        var vmacs = Create();

        vmacs.Apply(TestConfig.Of(Instance("VI_1", 51)));

        Assert.Equal(["prepare vrrp.51 on eth0 00005E000133", "up vrrp.51"], _links.Journal);
        Assert.Equal(
            [
                "ipv6 vrrp.51.disable_ipv6=1", "ipv4 vrrp.51.arp_ignore=1", "ipv4 vrrp.51.accept_local=1", "ipv4 vrrp.51.rp_filter=0",
                "ipv4 vrrp.51.promote_secondaries=1", "ipv4 eth0.arp_ignore=1", "ipv4 eth0.arp_filter=1",
            ],
            _settings.Journal);
        Assert.True(vmacs.IsOurs("vrrp.51"));
        Assert.Empty(vmacs.Failed);
    }

    [Fact]
    public void UseVmacAddr_AddsAMacvlanPerLinkAndFamily_WithoutALinkLocalAddress_AndRemovesItWithTheOthers()
    {
        var instance = Instance("VI_1", 51) with
        {
            UseVirtualMacForAddresses = true,
            VirtualIpAddresses = new[] { new VirtualAddress(System.Net.IPAddress.Parse("10.1.1.200")), new VirtualAddress(System.Net.IPAddress.Parse("10.2.1.200")) with { Device = "eth1" } },
            ExcludedVirtualIpAddresses = new[] { new VirtualAddress(System.Net.IPAddress.Parse("2001:db8::1")) },
        };
        var vmacs = Create();

        vmacs.Apply(TestConfig.Of(instance));

        Assert.Equal(
            [
                "prepare vrrp.51 on eth0 00005E000133", "up vrrp.51", "prepare vrrp1.51 on eth1 00005E000133", "up vrrp1.51",
                "prepare vrrp6.51 on eth0 00005E000233", "up vrrp6.51",
            ],
            _links.Journal);
        Assert.Contains("ipv4 vrrp1.51.arp_ignore=1", _settings.Journal);
        Assert.Contains("ipv4 eth1.arp_filter=1", _settings.Journal);
        Assert.Contains("ipv6 vrrp6.51.disable_ipv6=0", _settings.Journal);
        Assert.Empty(_addresses.ListAddresses("vrrp6.51"));

        vmacs.RemoveAll();

        Assert.Empty(_links.Present);
    }

    [Fact]
    public void RemoveAll_RemovesEachMacvlan_AndPutsTheLowerLinkBackAfterItsLastOne()
    {
        _settings.Values["eth0.arp_filter"] = 1;
        var vmacs = Create();
        vmacs.Apply(TestConfig.Of(Instance("VI_1", 51), Instance("VI_2", 52)));
        _settings.Journal.Clear();

        vmacs.RemoveAll();

        Assert.Equal(["remove vrrp.51", "remove vrrp.52"], _links.Journal.Where(line => line.StartsWith("remove", StringComparison.Ordinal)));
        Assert.Equal(["ipv4 eth0.arp_ignore=0", "ipv4 eth0.arp_filter=1"], _settings.Journal);
        Assert.Empty(_links.Present);
    }

    [Fact]
    public void AStopBeginning_SilencesArpOnTheMacvlans()
    {
        var vmacs = Create();
        vmacs.Apply(TestConfig.Of(Instance("VI_1", 51)));

        vmacs.StopAnsweringArp();

        Assert.Equal(8, _settings.Values["vrrp.51.arp_ignore"]);
        Assert.Equal(["vrrp.51"], vmacs.Silenced);
    }

    [Fact]
    public void AStepDownSilencesOneMacvlan_UntilItIsResumed()
    {
        var vmacs = Create();
        vmacs.Apply(TestConfig.Of(Instance("VI_1", 51), Instance("VI_2", 52)));

        vmacs.StopAnsweringArp("vrrp.52");

        Assert.Equal(1, _settings.Values["vrrp.51.arp_ignore"]);
        Assert.Equal(8, _settings.Values["vrrp.52.arp_ignore"]);

        vmacs.ResumeAnsweringArp("vrrp.52");

        Assert.Equal(1, _settings.Values["vrrp.52.arp_ignore"]);
        Assert.Empty(vmacs.Silenced);
    }

    [Fact]
    public void AllRpFilterOn_RaisesEachLinksOwn_ThenClearsAll_AndPutsItBackAtStop()
    {
        _settings.Values["all.rp_filter"] = 2;
        _settings.Values["eth0.rp_filter"] = 1;
        _settings.Values["eth1.rp_filter"] = 2;
        var vmacs = Create();

        vmacs.Apply(TestConfig.Of(Instance("VI_1", 51)));

        Assert.Equal(0, _settings.Values["all.rp_filter"]);
        Assert.Equal(2, _settings.Values["eth0.rp_filter"]);
        Assert.Equal(2, _settings.Values["lo.rp_filter"]);
        Assert.Equal(2, _settings.Values["default.rp_filter"]);

        vmacs.RemoveAll();

        Assert.Equal(2, _settings.Values["all.rp_filter"]);
        Assert.Equal(1, _settings.Values["eth0.rp_filter"]);
        Assert.Equal(0, _settings.Values["lo.rp_filter"]);
        Assert.Equal(2, _settings.Values["eth1.rp_filter"]);
    }

    [Fact]
    public void ALinkOfTheNameThatIsNotAMacvlan_IsLeftAlone_AndReportedAsFailed()
    {
        _links.Conflicting.Add("vrrp.51");
        var vmacs = Create();

        vmacs.Apply(TestConfig.Of(Instance("VI_1", 51)));
        vmacs.RemoveAll();

        Assert.Equal(["vrrp.51"], vmacs.Failed);
        Assert.False(vmacs.IsOurs("vrrp.51"));
        Assert.DoesNotContain(_links.Journal, line => line.StartsWith("remove", StringComparison.Ordinal));
        Assert.DoesNotContain(_settings.Journal, line => line.StartsWith("ipv4 eth0", StringComparison.Ordinal));
    }

    [Fact]
    public void RemoveUnused_AfterAReload_RemovesOnlyWhatNoInstanceUses()
    {
        var vmacs = Create();
        vmacs.Apply(TestConfig.Of(Instance("VI_1", 51), Instance("VI_2", 52)));

        vmacs.RemoveUnused(TestConfig.Of(Instance("VI_1", 51)));

        Assert.True(vmacs.IsOurs("vrrp.51"));
        Assert.False(vmacs.IsOurs("vrrp.52"));
        Assert.Equal(["vrrp.51"], _links.Present);
    }

    [Fact]
    public void IPv6_GetsTheLowerLinksLinkLocalAddress_AsTheSourceOfItsAdverts()
    {
        _addresses.AddPermanent("eth0", "fe80::1", 64);
        var instance = Instance("VI_6", 51) with { VirtualIpAddresses = new[] { new VirtualAddress(System.Net.IPAddress.Parse("2001:db8::51")) } };

        Create().Apply(TestConfig.Of(instance));

        Assert.Contains("prepare vrrp.51 on eth0 00005E000233", _links.Journal);
        Assert.Contains("ipv6 vrrp.51.disable_ipv6=0", _settings.Journal);
        Assert.True(_addresses.Has("fe80::1", "vrrp.51"));
        Assert.DoesNotContain(_settings.Journal, line => line.StartsWith("ipv4", StringComparison.Ordinal));
    }
}
