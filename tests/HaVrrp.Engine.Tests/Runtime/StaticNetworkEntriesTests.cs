using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Tests.Runtime;

public sealed class StaticNetworkEntriesTests
{
    private static VirtualAddress Address(string text, string device = "eth1") =>
        new(IPAddress.Parse(text)) { PrefixLength = 24, Device = device };

    private static VirtualRoute Route(string destination, string via = "10.99.1.254") =>
        new(IPNetwork.Parse(destination)) { Via = IPAddress.Parse(via) };

    private static HaVrrpConfiguration With(VirtualAddress[] addresses, VirtualRoute[] routes) => new()
    {
        StaticAddresses = new(addresses),
        StaticRoutes = new(routes),
    };

    [Fact]
    public void Start_AddsAddressesBeforeRoutes_Permanently()
    {
        var kernel = new FakeAddressManager(new ManualTimeProvider());
        var logger = new ListLogger();
        var entries = new StaticNetworkEntries(kernel, logger);

        entries.Apply(With([Address("10.99.1.1")], [Route("10.99.0.0/16")]));

        Assert.Equal(["add 10.99.1.1 eth1", "add route 10.99.0.0/16"], kernel.Journal);
        Assert.Null(kernel.ExpiresAt("10.99.1.1"));
        Assert.True(logger.Contains("static_ipaddress: adding 10.99.1.1/24 dev eth1"));
        Assert.True(logger.Contains("static_routes: adding 10.99.0.0/16 via 10.99.1.254"));
    }

    [Fact]
    public void Reload_RemovesWhatIsNoLongerConfigured_AndAddsTheRestAgain()
    {
        var kernel = new FakeAddressManager(new ManualTimeProvider());
        var entries = new StaticNetworkEntries(kernel, new ListLogger());
        entries.Apply(With([Address("10.99.1.1"), Address("10.99.2.1")], [Route("10.99.0.0/16"), Route("10.98.0.0/16")]));

        entries.Apply(With([Address("10.99.1.1"), Address("10.99.3.1")], [Route("10.99.0.0/16")]));

        Assert.Equal(
            ["remove route 10.98.0.0/16", "remove 10.99.2.1 eth1", "add 10.99.1.1 eth1", "add 10.99.3.1 eth1", "add route 10.99.0.0/16"],
            kernel.Journal.Skip(4));
    }

    [Fact]
    public void Stop_RemovesRoutesThenAddresses()
    {
        var kernel = new FakeAddressManager(new ManualTimeProvider());
        var entries = new StaticNetworkEntries(kernel, new ListLogger());
        entries.Apply(With([Address("10.99.1.1")], [Route("10.99.0.0/16")]));

        entries.Remove();
        entries.Remove();

        Assert.Equal(["remove route 10.99.0.0/16", "remove 10.99.1.1 eth1"], kernel.Journal.Skip(2));
        Assert.False(kernel.Has("10.99.1.1", "eth1"));
    }

    [Fact]
    public void StaticRules_AreAddedAfterRoutes_FollowReloadsByDifference_AndGoFirstAtStop()
    {
        var kernel = new FakeAddressManager(new ManualTimeProvider());
        var logger = new ListLogger();
        var entries = new StaticNetworkEntries(kernel, logger);
        static RoutingRule Rule(string from, uint preference) => new() { From = IPNetwork.Parse(from), Preference = preference, Table = "100" };
        HaVrrpConfiguration WithRules(params RoutingRule[] rules) => With([], [Route("10.99.0.0/16")]) with { StaticRules = new(rules) };

        entries.Apply(WithRules(Rule("10.1.0.0/16", 100), Rule("10.2.0.0/16", 101)));
        entries.Apply(WithRules(Rule("10.1.0.0/16", 100)));
        entries.Remove();

        Assert.Equal(
            [
                "add route 10.99.0.0/16", "add rule from 10.1.0.0/16 preference 100 table 100", "add rule from 10.2.0.0/16 preference 101 table 100",
                "remove rule from 10.2.0.0/16 preference 101 table 100", "add route 10.99.0.0/16", "add rule from 10.1.0.0/16 preference 100 table 100",
                "remove rule from 10.1.0.0/16 preference 100 table 100", "remove route 10.99.0.0/16",
            ],
            kernel.Journal);
        Assert.True(logger.Contains("static_rules: adding from 10.1.0.0/16 preference 100 table 100"));
        Assert.True(logger.Contains("static_rules: removing from 10.2.0.0/16 preference 101 table 100"));
    }

    [Fact]
    public void RefusedEntry_IsLoggedAsAnError_AndTheOthersAreStillApplied()
    {
        var kernel = new FakeAddressManager(new ManualTimeProvider());
        kernel.Refused.Add("10.99.1.1");
        var logger = new ListLogger();
        var entries = new StaticNetworkEntries(kernel, logger);

        entries.Apply(With([Address("10.99.1.1", "eth9"), Address("10.99.2.1")], [Route("10.99.0.0/16")]));

        Assert.Equal(["add 10.99.2.1 eth1", "add route 10.99.0.0/16"], kernel.Journal);
        Assert.True(logger.Contains("static_ipaddress: adding 10.99.1.1/24 dev eth9 failed: RTM_NEWADDR 10.99.1.1: No such device"));
    }
}
