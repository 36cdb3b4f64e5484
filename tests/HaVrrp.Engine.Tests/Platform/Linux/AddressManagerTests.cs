using System.Net;
using System.Text.Json;
using HaVrrp.Engine.Platform.Linux.Native;
using HaVrrp.Engine.Platform.Linux.Netlink;
using HaVrrp.TestSupport;

namespace HaVrrp.Engine.Tests.Platform.Linux;

public sealed class AddressManagerTests : IDisposable
{
    private readonly TestNetworkNamespace? _namespace;
    private readonly NetlinkSocket? _socket;

    public AddressManagerTests()
    {
        if (!RootRequired.MustRun)
        {
            return;
        }

        _namespace = TestNetworkNamespace.Create();
        _namespace.AddVethPair("hv0", "hv1");
        _socket = _namespace.OpenNetlinkSocket();
    }

    private TestNetworkNamespace Namespace => _namespace!;

    private AddressManager Addresses => new(_socket!);

    private InterfaceAddressRequest Vip(string address, int prefixLength) =>
        new(Namespace.IndexOf("hv0"), IPAddress.Parse(address), prefixLength) { InterfaceName = "hv0" };

    [RootFact]
    public void AddOrReplace_IPv4WithLabelAndBroadcast_AppearsInIpAddrShow()
    {
        Addresses.AddOrReplace(Vip("10.1.1.200", 24) with
        {
            Broadcast = IPAddress.Parse("10.1.1.255"),
            Label = "hv0:vip",
        });

        var shown = FindAddress("10.1.1.200");
        Assert.Equal(24, shown.GetProperty("prefixlen").GetInt32());
        Assert.Equal("10.1.1.255", shown.GetProperty("broadcast").GetString());
        Assert.Equal("hv0:vip", shown.GetProperty("label").GetString());
        Assert.Equal("global", shown.GetProperty("scope").GetString());
        Assert.Equal(uint.MaxValue, shown.GetProperty("valid_life_time").GetUInt32());
    }

    [RootFact]
    public void AddOrReplace_WithLifetime_SetsValidAndPreferredLifetimes()
    {
        Addresses.AddOrReplace(Vip("10.1.1.200", 32) with
        {
            ValidLifetime = TimeSpan.FromSeconds(300),
            PreferredLifetime = TimeSpan.FromSeconds(200),
        });

        var shown = FindAddress("10.1.1.200");
        Assert.InRange(shown.GetProperty("valid_life_time").GetUInt32(), 250u, 300u);
        Assert.InRange(shown.GetProperty("preferred_life_time").GetUInt32(), 150u, 200u);
    }

    [RootFact]
    public void AddOrReplace_AnExistingAddress_RefreshesItsLifetimeInsteadOfFailing()
    {
        Addresses.AddOrReplace(Vip("10.1.1.200", 24) with { ValidLifetime = TimeSpan.FromSeconds(60) });

        Addresses.AddOrReplace(Vip("10.1.1.200", 24) with { ValidLifetime = TimeSpan.FromSeconds(3600) });

        var shown = FindAddress("10.1.1.200");
        Assert.InRange(shown.GetProperty("valid_life_time").GetUInt32(), 3000u, 3600u);
        Assert.Single(AddressesOnHv0(), address => address.GetProperty("local").GetString() == "10.1.1.200");
    }

    [RootFact]
    public void AddOrReplace_AFiniteAddressWithoutLifetime_MakesItPermanentAgain()
    {
        Addresses.AddOrReplace(Vip("10.1.1.200", 24) with { ValidLifetime = TimeSpan.FromSeconds(60) });

        Addresses.AddOrReplace(Vip("10.1.1.200", 24) with { ValidLifetime = null });

        Assert.Equal(uint.MaxValue, FindAddress("10.1.1.200").GetProperty("valid_life_time").GetUInt32());
    }

    [RootFact]
    public async Task AddOrReplace_WithShortLifetime_KernelRemovesTheAddressWhenItExpires()
    {
        using var monitor = new LinkMonitor(Namespace.OpenNetlinkSocket(LinkMonitor.Groups));
        var vip = IPAddress.Parse("10.1.1.201");

        Addresses.AddOrReplace(Vip("10.1.1.201", 24) with { ValidLifetime = TimeSpan.FromSeconds(2) });

        var removed = await monitor.WaitForAsync<AddressRemoved>(removal => removal.Address.Address.Equals(vip));
        Assert.Equal(Namespace.IndexOf("hv0"), removed.Address.InterfaceIndex);
        Assert.DoesNotContain(AddressesOnHv0(), address => address.GetProperty("local").GetString() == "10.1.1.201");
    }

    [RootFact]
    public void AddOrReplace_IPv6WithNoDad_IsUsableAtOnce()
    {
        Addresses.AddOrReplace(Vip("fd00::200", 64) with { Flags = InterfaceAddressFlags.NoDuplicateAddressDetection });

        var shown = FindAddress("fd00::200");
        Assert.Equal(64, shown.GetProperty("prefixlen").GetInt32());
        Assert.False(shown.TryGetProperty("tentative", out _), "an IFA_F_NODAD address is never tentative");
        Assert.True(shown.GetProperty("nodad").GetBoolean());
    }

    [RootFact]
    public void AddOrReplace_WithHostScopeAndNoPrefixRoute_SetsBoth()
    {
        Addresses.AddOrReplace(Vip("10.9.9.9", 24) with
        {
            Scope = RouteScope.Host,
            Flags = InterfaceAddressFlags.NoPrefixRoute,
        });

        var shown = FindAddress("10.9.9.9");
        Assert.Equal("host", shown.GetProperty("scope").GetString());
        Assert.True(shown.GetProperty("noprefixroute").GetBoolean());
        Assert.Empty(Namespace.IpJson("route show 10.9.9.0/24").EnumerateArray());
    }

    [RootFact]
    public void AddOrReplace_WithADifferentLabel_KeepsTheExistingLabel_SoRelabellingNeedsDeleteAndAdd()
    {
        Addresses.AddOrReplace(Vip("10.1.1.200", 24) with { Label = "hv0:old" });

        Addresses.AddOrReplace(Vip("10.1.1.200", 24) with { Label = "hv0:new" });
        Assert.Equal("hv0:old", FindAddress("10.1.1.200").GetProperty("label").GetString());

        Addresses.Delete(Vip("10.1.1.200", 24));
        Addresses.AddOrReplace(Vip("10.1.1.200", 24) with { Label = "hv0:new" });
        Assert.Equal("hv0:new", FindAddress("10.1.1.200").GetProperty("label").GetString());
    }

    [RootFact]
    public void Delete_AnExistingAddress_RemovesItAndReturnsTrue()
    {
        Addresses.AddOrReplace(Vip("10.1.1.200", 24) with { Label = "hv0:vip" });

        var deleted = Addresses.Delete(Vip("10.1.1.200", 24));

        Assert.True(deleted);
        Assert.DoesNotContain(AddressesOnHv0(), address => address.GetProperty("local").GetString() == "10.1.1.200");
    }

    [RootFact]
    public void Delete_AMissingAddress_ReturnsFalseWithoutThrowing()
    {
        Assert.False(Addresses.Delete(Vip("10.1.1.250", 24)));
        Assert.False(Addresses.Delete(Vip("fd00::250", 64)));
    }

    [RootFact]
    public void List_ReportsIndexPrefixLabelFlagsAndLifetimes()
    {
        Addresses.AddOrReplace(Vip("10.1.1.200", 24) with { Label = "hv0:vip", ValidLifetime = TimeSpan.FromSeconds(600) });
        Addresses.AddOrReplace(Vip("fd00::200", 64) with { Flags = InterfaceAddressFlags.NoDuplicateAddressDetection });

        var listed = Addresses.List();

        var ipv4 = Assert.Single(listed, address => address.Address.Equals(IPAddress.Parse("10.1.1.200")));
        Assert.Equal(Namespace.IndexOf("hv0"), ipv4.InterfaceIndex);
        Assert.Equal(24, ipv4.PrefixLength);
        Assert.Equal("hv0:vip", ipv4.Label);
        Assert.InRange(ipv4.ValidLifetime!.Value, TimeSpan.FromSeconds(500), TimeSpan.FromSeconds(600));
        Assert.Equal(RouteProtocol.Keepalived, ipv4.Protocol);
        var ipv6 = Assert.Single(listed, address => address.Address.Equals(IPAddress.Parse("fd00::200")));
        Assert.True(ipv6.Flags.HasFlag(InterfaceAddressFlags.NoDuplicateAddressDetection));
        Assert.Null(ipv6.ValidLifetime);
        Assert.Contains(listed, address => address.Address.Equals(IPAddress.Loopback));
    }

    [RootFact]
    public void List_OfOneFamily_LeavesOutTheOther()
    {
        Addresses.AddOrReplace(Vip("fd00::200", 64) with { Flags = InterfaceAddressFlags.NoDuplicateAddressDetection });

        var listed = Addresses.List(System.Net.Sockets.AddressFamily.InterNetwork);

        Assert.All(listed, address => Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, address.Address.AddressFamily));
    }

    [RootFact]
    public void AddOrReplace_OnAMissingInterface_ThrowsNamingTheOperationAndErrno()
    {
        var request = new InterfaceAddressRequest(9999, IPAddress.Parse("10.1.1.200"), 24);

        var exception = Assert.Throws<NetlinkException>(() => Addresses.AddOrReplace(request));

        Assert.Equal(Errno.NoSuchDevice, exception.ErrorNumber);
        Assert.StartsWith("RTM_NEWADDR 10.1.1.200/24 ifindex 9999: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains("(ENODEV)", exception.Message, StringComparison.Ordinal);
    }

    [RootFact]
    public void AddOrReplace_WithALabelTooLong_ThrowsWithTheKernelsReason()
    {
        var request = Vip("10.1.1.200", 24) with { Label = "hv0:a-label-far-too-long" };

        var exception = Assert.Throws<NetlinkException>(() => Addresses.AddOrReplace(request));

        // IFA_LABEL fails the kernel's attribute policy (ERANGE); extended ack says which rule.
        Assert.Equal(Errno.ResultOutOfRange, exception.ErrorNumber);
        Assert.StartsWith("RTM_NEWADDR 10.1.1.200/24 dev hv0: ", exception.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(exception.KernelMessage));
        Assert.EndsWith(exception.KernelMessage, exception.Message, StringComparison.Ordinal);
    }

    [RootFact]
    public void ConfiguredVirtualAddress_MappedThroughTheLinkTable_IsAddedWithLabelAndLifetime()
    {
        var mapper = new RtnetlinkRequestMapper(new LinkManager(_socket!).GetIndex);
        var configured = new HaVrrp.Engine.Configuration.VirtualAddress(IPAddress.Parse("10.1.1.200"))
        {
            PrefixLength = 24,
            Broadcast = IPAddress.Parse("10.1.1.255"),
            Label = "hv0:vip",
            Scope = "site",
        };

        Addresses.AddOrReplace(mapper.ToRequest(configured, interfaceName: "hv0", validLifetime: TimeSpan.FromSeconds(120)));

        var shown = FindAddress("10.1.1.200");
        Assert.Equal(("hv0:vip", "site"), (shown.GetProperty("label").GetString(), shown.GetProperty("scope").GetString()));
        Assert.InRange(shown.GetProperty("valid_life_time").GetUInt32(), 100u, 120u);
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _namespace?.Dispose();
    }

    private JsonElement[] AddressesOnHv0() =>
        [.. Namespace.IpJson("addr show dev hv0")[0].GetProperty("addr_info").EnumerateArray()];

    private JsonElement FindAddress(string address) =>
        Assert.Single(AddressesOnHv0(), shown => shown.GetProperty("local").GetString() == address);
}
