using System.Net;
using System.Text.Json;
using HaVrrp.Engine.Platform.Linux.Native;
using HaVrrp.Engine.Platform.Linux.Netlink;
using HaVrrp.TestSupport;

namespace HaVrrp.Engine.Tests.Platform.Linux;

public sealed class RouteManagerTests : IDisposable
{
    private readonly TestNetworkNamespace? _namespace;
    private readonly NetlinkSocket? _socket;

    public RouteManagerTests()
    {
        if (!RootRequired.MustRun)
        {
            return;
        }

        _namespace = TestNetworkNamespace.Create();
        _namespace.AddVethPair("hv0", "hv1");
        _namespace.Ip("addr add 10.0.0.1/24 dev hv0");
        _namespace.Ip("addr add fd00::1/64 dev hv0 nodad");
        _socket = _namespace.OpenNetlinkSocket();
    }

    private TestNetworkNamespace Namespace => _namespace!;

    private RouteManager Routes => new(_socket!);

    private int Hv0 => Namespace.IndexOf("hv0");

    [RootFact]
    public void AddOrReplace_ViaGatewayWithMetricInATable_IsInstalledWithProtocol18()
    {
        Routes.AddOrReplace(new RouteRequest(IPNetwork.Parse("192.168.100.0/24"))
        {
            Gateway = IPAddress.Parse("10.0.0.2"),
            InterfaceIndex = Hv0,
            Metric = 7,
            Table = 100,
        });

        var route = Assert.Single(RoutesIn("table 100"));
        Assert.Equal("192.168.100.0/24", route.GetProperty("dst").GetString());
        Assert.Equal("10.0.0.2", route.GetProperty("gateway").GetString());
        Assert.Equal("hv0", route.GetProperty("dev").GetString());
        Assert.Equal(7, route.GetProperty("metric").GetInt32());
        Assert.Equal("keepalived", route.GetProperty("protocol").GetString());
    }

    [RootFact]
    public void AddOrReplace_ADirectRouteWithPreferredSource_GetsLinkScope()
    {
        Routes.AddOrReplace(new RouteRequest(IPNetwork.Parse("10.5.0.0/16"))
        {
            InterfaceIndex = Hv0,
            PreferredSource = IPAddress.Parse("10.0.0.1"),
        });

        var route = Assert.Single(RoutesIn("10.5.0.0/16"));
        Assert.Equal("link", route.GetProperty("scope").GetString());
        Assert.Equal("10.0.0.1", route.GetProperty("prefsrc").GetString());
    }

    [RootTheory]
    [InlineData(RouteType.Blackhole, "blackhole")]
    [InlineData(RouteType.Unreachable, "unreachable")]
    [InlineData(RouteType.Prohibit, "prohibit")]
    public void AddOrReplace_ATypedRoute_HasThatType(RouteType type, string shownAs)
    {
        Routes.AddOrReplace(new RouteRequest(IPNetwork.Parse("203.0.113.0/24")) { Type = type });

        var route = Assert.Single(RoutesIn("203.0.113.0/24"));
        Assert.Equal(shownAs, route.GetProperty("type").GetString());
    }

    [RootFact]
    public void AddOrReplace_Twice_ReplacesTheGatewayInsteadOfFailing()
    {
        var route = new RouteRequest(IPNetwork.Parse("192.168.100.0/24")) { Gateway = IPAddress.Parse("10.0.0.2") };
        Routes.AddOrReplace(route);

        Routes.AddOrReplace(route with { Gateway = IPAddress.Parse("10.0.0.3") });

        Assert.Equal("10.0.0.3", Assert.Single(RoutesIn("192.168.100.0/24")).GetProperty("gateway").GetString());
    }

    [RootFact]
    public void AddOrReplace_IPv6ViaGateway_IsInstalled()
    {
        Routes.AddOrReplace(new RouteRequest(IPNetwork.Parse("2001:db8:1::/48"))
        {
            Gateway = IPAddress.Parse("fd00::2"),
            InterfaceIndex = Hv0,
        });

        var route = Assert.Single(Namespace.IpJson("-6 route show 2001:db8:1::/48").EnumerateArray());
        Assert.Equal("fd00::2", route.GetProperty("gateway").GetString());
        Assert.Equal("keepalived", route.GetProperty("protocol").GetString());
    }

    [RootFact]
    public void Delete_AnInstalledRoute_ReturnsTrue_AndASecondDeleteReturnsFalse()
    {
        var route = new RouteRequest(IPNetwork.Parse("192.168.100.0/24")) { Gateway = IPAddress.Parse("10.0.0.2"), Table = 100 };
        Routes.AddOrReplace(route);

        Assert.True(Routes.Delete(route));
        Assert.Empty(RoutesIn("table 100"));
        Assert.False(Routes.Delete(route));
    }

    [RootFact]
    public void AddOrReplace_ViaAGatewayNotOnAnyLink_ThrowsNamingTheRoute()
    {
        var route = new RouteRequest(IPNetwork.Parse("192.168.100.0/24")) { Gateway = IPAddress.Parse("172.16.0.1") };

        var exception = Assert.Throws<NetlinkException>(() => Routes.AddOrReplace(route));

        Assert.Equal(Errno.NetworkUnreachable, exception.ErrorNumber);
        Assert.StartsWith("RTM_NEWROUTE 192.168.100.0/24 via 172.16.0.1 table 254: ", exception.Message, StringComparison.Ordinal);
    }

    [RootFact]
    public void ConfiguredVirtualRoute_MappedThroughTheLinkTable_IsInstalled()
    {
        var mapper = new RtnetlinkRequestMapper(new LinkManager(_socket!).GetIndex);
        var configured = new HaVrrp.Engine.Configuration.VirtualRoute(IPNetwork.Parse("192.168.100.0/24"))
        {
            Via = IPAddress.Parse("10.0.0.2"),
            Device = "hv0",
            Table = "main",
            Metric = 20,
        };

        Routes.AddOrReplace(mapper.ToRequest(configured));

        var route = Assert.Single(RoutesIn("192.168.100.0/24"));
        Assert.Equal(20, route.GetProperty("metric").GetInt32());
        Assert.Equal("hv0", route.GetProperty("dev").GetString());
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _namespace?.Dispose();
    }

    private JsonElement[] RoutesIn(string selector) => [.. Namespace.IpJson($"route show {selector}").EnumerateArray()];
}
