using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Platform.Linux.Firewall;
using HaVrrp.Engine.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaVrrp.Engine.Tests.Runtime;

public sealed class AcceptModeFilterTests
{
    private sealed class FakeFirewall : IAcceptModeFirewall
    {
        public List<string> Calls { get; } = [];

        public bool Refuses { get; set; }

        public void Apply(AcceptModeRules rules)
        {
            Calls.Add($"apply {rules.Table}: {string.Join(", ", rules.Addresses)}");
            if (Refuses)
            {
                throw new InvalidOperationException("nft not found");
            }
        }

        public void Remove(string table) => Calls.Add($"remove {table}");
    }

    private static VirtualAddress Vip(string address, string? device = null) => new(IPAddress.Parse(address)) { Device = device };

    private static VrrpInstanceConfig Instance(string name, int vrid, bool? accept, params VirtualAddress[] vips) => new()
    {
        Name = name,
        Interface = "eth0",
        VirtualRouterId = vrid,
        Accept = accept,
        VirtualIpAddresses = vips,
    };

    private static HaVrrpConfiguration Config(params VrrpInstanceConfig[] instances) => new() { Instances = instances };

    [Fact]
    public void RulesFor_TakesTheVipsAndExcludedVipsOfEveryInstanceWithoutAcceptMode()
    {
        var config = Config(
            Instance("VI_1", 51, accept: false, Vip("10.0.0.100"), Vip("10.0.1.100", "eth1")) with
            {
                ExcludedVirtualIpAddresses = [Vip("fd00::100"), Vip("fe80::100")],
            },
            Instance("VI_2", 52, accept: null, Vip("10.0.0.200")));

        var rules = AcceptModeFilter.RulesFor(config);

        Assert.Equal(["10.0.0.100", "10.0.1.100", "fd00::100", "fe80::100%eth0"], rules.Addresses.Select(entry => entry.ToString()));
        Assert.Equal(("havrrpd", -1, false), (rules.Table, rules.ChainPriority, rules.Counters));
    }

    [Fact]
    public void RulesFor_ALinkLocalVipOnAMacvlan_IsMatchedOnTheMacvlan_WhereItsPacketsComeIn()
    {
        var config = Config(
            Instance("VI_1", 51, accept: false, Vip("10.0.0.100")) with
            {
                UseVirtualMacForAddresses = true,
                ExcludedVirtualIpAddresses = [Vip("fe80::100", "eth1")],
            });

        Assert.Equal(["10.0.0.100", "fe80::100%vrrp6.51"], AcceptModeFilter.RulesFor(config).Addresses.Select(entry => entry.ToString()));
    }

    [Fact]
    public void RulesFor_LeavesOutTheAddressOwner_AndAnAddressAnAcceptingInstanceAlsoHolds()
    {
        var config = Config(
            Instance("VI_1", 51, accept: false, Vip("10.0.0.100"), Vip("10.0.0.101")),
            Instance("VI_2", 52, accept: true, Vip("10.0.0.101")),
            Instance("VI_3", 53, accept: false, Vip("10.0.0.102")) with { Priority = 255 });

        Assert.Equal(["10.0.0.100"], AcceptModeFilter.RulesFor(config).Addresses.Select(entry => entry.ToString()));
    }

    [Fact]
    public void RulesFor_VrrpStrict_BlocksANonOwnerThatSaysNothing_AndTakesKeepalivedsNftablesSettings()
    {
        var config = Config(Instance("VI_1", 51, accept: null, Vip("10.0.0.100"))) with
        {
            Global = new GlobalSettings { VrrpStrict = true, NftablesTable = "vrrp", NftablesPriority = -10, NftablesCounters = true },
        };

        var rules = AcceptModeFilter.RulesFor(config);

        Assert.Equal(["10.0.0.100"], rules.Addresses.Select(entry => entry.ToString()));
        Assert.Equal(("vrrp", -10, true), (rules.Table, rules.ChainPriority, rules.Counters));
    }

    [Fact]
    public void Apply_TouchesNothing_WhenEveryInstanceAccepts()
    {
        var firewall = new FakeFirewall();
        var filter = new AcceptModeFilter(firewall, NullLogger.Instance);

        filter.Apply(Config(Instance("VI_1", 51, accept: null, Vip("10.0.0.100"))));
        filter.Remove();

        Assert.Empty(firewall.Calls);
    }

    [Fact]
    public void Apply_SetsTheRulesOnce_ChangesThemOnReload_AndRemoveTakesThemAway()
    {
        var firewall = new FakeFirewall();
        var filter = new AcceptModeFilter(firewall, NullLogger.Instance);
        var first = Config(Instance("VI_1", 51, accept: false, Vip("10.0.0.100")));

        filter.Apply(first);
        filter.Apply(first);
        filter.Apply(Config(Instance("VI_1", 51, accept: false, Vip("10.0.0.100"), Vip("10.0.0.101"))));
        filter.Apply(Config(Instance("VI_1", 51, accept: true, Vip("10.0.0.100"))));
        filter.Remove();

        Assert.Equal(["apply havrrpd: 10.0.0.100", "apply havrrpd: 10.0.0.100, 10.0.0.101", "remove havrrpd"], firewall.Calls);
    }

    [Fact]
    public void Apply_ThatFails_IsTriedAgainOnTheNextReload()
    {
        var firewall = new FakeFirewall { Refuses = true };
        var filter = new AcceptModeFilter(firewall, NullLogger.Instance);
        var config = Config(Instance("VI_1", 51, accept: false, Vip("10.0.0.100")));

        filter.Apply(config);
        firewall.Refuses = false;
        filter.Apply(config);

        Assert.Equal(["apply havrrpd: 10.0.0.100", "apply havrrpd: 10.0.0.100"], firewall.Calls);
    }

    [Fact]
    public void NftablesScript_ReplacesBothTablesInOneGo_AndLetsNeighbourDiscoveryThrough()
    {
        var rules = new AcceptModeRules("havrrpd", -1, Counters: true,
        [
            new BlockedAddress(IPAddress.Parse("10.0.0.100"), "eth0"),
            new BlockedAddress(IPAddress.Parse("fd00::100"), "eth0"),
            new BlockedAddress(IPAddress.Parse("fe80::100"), "eth1"),
        ]);

        Assert.Equal(
            """
            add table ip havrrpd
            delete table ip havrrpd
            add table ip6 havrrpd
            delete table ip6 havrrpd
            table ip havrrpd {
                set vips { type ipv4_addr; elements = { 10.0.0.100 }; }
                chain in { type filter hook input priority -1; policy accept; ip daddr @vips counter drop; }
                chain out { type filter hook output priority -1; policy accept; ip saddr @vips counter drop; }
            }
            table ip6 havrrpd {
                set vips { type ipv6_addr; elements = { fd00::100 }; }
                set vips_link_local { type ipv6_addr . ifname; elements = { fe80::100 . "eth1" }; }
                chain in { type filter hook input priority -1; policy accept; icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept; ip6 daddr @vips counter drop; ip6 daddr . iifname @vips_link_local counter drop; }
                chain out { type filter hook output priority -1; policy accept; icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept; ip6 saddr @vips counter drop; ip6 saddr . oifname @vips_link_local counter drop; }
            }

            """,
            NftablesFirewall.Script(rules));
    }

    [Theory]
    [InlineData("havrrpd", true)]
    [InlineData("vrrp_filter-1", true)]
    [InlineData("", false)]
    [InlineData("1table", false)]
    [InlineData("x; flush ruleset", false)]
    [InlineData("x\"", false)]
    public void TableNames_ArePlainNamesOnly(string name, bool valid) =>
        Assert.Equal(valid, GlobalSettings.IsValidNftablesTable(name));
}
