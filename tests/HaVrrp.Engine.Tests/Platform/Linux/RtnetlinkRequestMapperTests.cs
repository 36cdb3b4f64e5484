using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Platform.Linux.Netlink;

namespace HaVrrp.Engine.Tests.Platform.Linux;

public sealed class RtnetlinkRequestMapperTests
{
    private static readonly RtnetlinkRequestMapper Mapper = new(name => name switch
    {
        "eth0" => 2,
        "eth1" => 3,
        _ => throw new NetlinkException($"No network interface named '{name}' in this network namespace."),
    });

    [Fact]
    public void VirtualAddress_WithDevLabelBrdAndScope_MapsEveryOption()
    {
        var address = new VirtualAddress(IPAddress.Parse("10.1.1.200"))
        {
            PrefixLength = 24,
            Broadcast = IPAddress.Parse("10.1.1.255"),
            Device = "eth1",
            Label = "eth1:vip",
            Scope = "link",
        };

        var request = Mapper.ToRequest(address, "eth1", TimeSpan.FromSeconds(10));

        Assert.Equal(new InterfaceAddressRequest(3, IPAddress.Parse("10.1.1.200"), 24)
        {
            InterfaceName = "eth1",
            Broadcast = IPAddress.Parse("10.1.1.255"),
            Label = "eth1:vip",
            Scope = RouteScope.Link,
            ValidLifetime = TimeSpan.FromSeconds(10),
        }, request);
    }

    [Fact]
    public void VirtualAddress_GoesWhereTheCallerResolvedIt_NotToTheDevUnderAMacvlan()
    {
        var address = new VirtualAddress(IPAddress.Parse("10.1.1.200")) { Device = "eth1" };
        var mapper = new RtnetlinkRequestMapper(name => name == "vrrp1.51" ? 7 : 3);

        Assert.Equal((7, "vrrp1.51"), (mapper.ToRequest(address, "vrrp1.51").InterfaceIndex, mapper.ToRequest(address, "vrrp1.51").InterfaceName));
        Assert.Equal((3, "eth1"), (mapper.ToRequest(address, string.Empty).InterfaceIndex, mapper.ToRequest(address, string.Empty).InterfaceName));
    }

    [Fact]
    public void VirtualAddress_WithoutDevOrPrefix_UsesTheInstanceInterfaceAndAHostPrefix()
    {
        var request = Mapper.ToRequest(new VirtualAddress(IPAddress.Parse("10.1.1.200")), "eth0");

        Assert.Equal((2, 32, RouteScope.Global), (request.InterfaceIndex, request.PrefixLength, request.Scope));
        Assert.Null(request.ValidLifetime);
        Assert.Equal(RouteProtocol.Keepalived, request.Protocol);
    }

    [Fact]
    public void IPv6VirtualAddress_SkipsDuplicateAddressDetection_AndDropsIPv4OnlyOptions()
    {
        var address = new VirtualAddress(IPAddress.Parse("fd00::200")) { Label = "eth0:v6" };

        var request = Mapper.ToRequest(address, "eth0");

        Assert.Equal(128, request.PrefixLength);
        Assert.Equal(InterfaceAddressFlags.NoDuplicateAddressDetection, request.Flags);
        Assert.Null(request.Label);
    }

    [Fact]
    public void VirtualAddress_OnAnUnknownDevice_ThrowsNamingIt()
    {
        var address = new VirtualAddress(IPAddress.Parse("10.1.1.200")) { Device = "eth9" };

        var exception = Assert.Throws<NetlinkException>(() => Mapper.ToRequest(address, string.Empty));

        Assert.Contains("'eth9'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VirtualRoute_WithViaDevSrcMetricAndTable_MapsEveryOption()
    {
        var route = new VirtualRoute(IPNetwork.Parse("192.168.100.0/24"))
        {
            Via = IPAddress.Parse("10.1.1.1"),
            Device = "eth0",
            PreferredSource = IPAddress.Parse("10.1.1.200"),
            Metric = 5,
            Table = "100",
        };

        var request = Mapper.ToRequest(route);

        Assert.Equal(new RouteRequest(IPNetwork.Parse("192.168.100.0/24"))
        {
            Gateway = IPAddress.Parse("10.1.1.1"),
            InterfaceIndex = 2,
            InterfaceName = "eth0",
            PreferredSource = IPAddress.Parse("10.1.1.200"),
            Metric = 5,
            Table = 100,
        }, request);
        Assert.Equal(RouteScope.Global, request.EffectiveScope);
        Assert.Equal("192.168.100.0/24 via 10.1.1.1 dev eth0 metric 5 table 100", request.ToString());
    }

    [Fact]
    public void BlackholeRoute_HasNoDevice_AndGlobalScope()
    {
        var request = Mapper.ToRequest(new VirtualRoute(IPNetwork.Parse("203.0.113.0/24")) { Type = "blackhole" });

        Assert.Equal((RouteType.Blackhole, (int?)null, RouteScope.Global), (request.Type, request.InterfaceIndex, request.EffectiveScope));
    }

    [Theory]
    [InlineData("global", RouteScope.Global)]
    [InlineData("universe", RouteScope.Global)]
    [InlineData("site", RouteScope.Site)]
    [InlineData("LINK", RouteScope.Link)]
    [InlineData("host", RouteScope.Host)]
    [InlineData("nowhere", RouteScope.Nowhere)]
    [InlineData("253", RouteScope.Link)]
    [InlineData("17", (RouteScope)17)]
    public void ScopeNamesAndNumbers_Parse(string text, RouteScope expected) =>
        Assert.Equal(expected, RtnetlinkNames.ParseScope(text));

    [Theory]
    [InlineData("planet")]
    [InlineData("256")]
    [InlineData("-1")]
    public void UnknownScopes_AreRejectedListingTheAcceptedNames(string text) =>
        Assert.Contains("global, site, link, host, nowhere", Assert.Throws<FormatException>(() => RtnetlinkNames.ParseScope(text)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("main", 254u)]
    [InlineData("local", 255u)]
    [InlineData("default", 253u)]
    [InlineData("100", 100u)]
    [InlineData("100000", 100000u)]
    public void TableNamesAndNumbers_Parse(string text, uint expected) =>
        Assert.Equal(expected, RtnetlinkNames.ParseTable(text, tableFiles: []));

    [Fact]
    public void TableNames_FromAnRtTablesFile_Resolve()
    {
        var lines = new[] { "# reserved values", "255\tlocal", "200 vrrp  # HaVrrp's routes", "" };

        Assert.Equal(200u, RtnetlinkNames.FindTable(lines, "vrrp"));
        Assert.Null(RtnetlinkNames.FindTable(lines, "reserved"));
        Assert.Throws<FormatException>(() => RtnetlinkNames.ParseTable("vrrp", tableFiles: []));
    }
}
