using HaVrrp.Engine.Platform.Linux.Netlink;
using HaVrrp.TestSupport;

namespace HaVrrp.Engine.Tests.Platform.Linux;

public sealed class LinkManagerTests : IDisposable
{
    private readonly TestNetworkNamespace? _namespace;
    private readonly NetlinkSocket? _socket;

    public LinkManagerTests()
    {
        if (!RootRequired.MustRun)
        {
            return;
        }

        _namespace = TestNetworkNamespace.Create();
        _namespace.AddVethPair("hv0", "hv1");
        _namespace.Ip("link set hv1 down");
        _socket = _namespace.OpenNetlinkSocket();
    }

    private TestNetworkNamespace Namespace => _namespace!;

    private LinkManager Links => new(_socket!);

    [RootFact]
    public async Task List_ReturnsEveryLinkWithIndexNameFlagsAndMac()
    {
        // hv0's operational state (and with it IFF_RUNNING) follows its peer's going down from the kernel's
        // link-watch work, which may run up to a second later on a busy machine: wait until ip(8) shows it,
        // then ask our own reader.
        await Eventually.WaitUntilAsync(
            () => Namespace.IpJson("link show dev hv0")[0].GetProperty("operstate").GetString(),
            state => state != "UP",
            TimeSpan.FromSeconds(30),
            "hv0 operationally down, as ip link shows it");

        var links = Links.List();

        Assert.Equal(["hv0", "hv1", "lo"], links.Select(link => link.Name).Order(StringComparer.Ordinal));
        var hv0 = Assert.Single(links, link => link.Name == "hv0");
        var shown = Namespace.IpJson("link show dev hv0")[0];
        Assert.Equal(shown.GetProperty("ifindex").GetInt32(), hv0.Index);
        Assert.Equal(shown.GetProperty("address").GetString(), FormatMac(hv0));
        Assert.Equal(1500, hv0.Mtu);
        Assert.True(hv0.IsUp);
        Assert.False(hv0.IsRunning, "its peer hv1 is down, so hv0 has no carrier");
        var hv1 = Assert.Single(links, link => link.Name == "hv1");
        Assert.False(hv1.IsUp);
        Assert.Equal(LinkOperationalState.Down, hv1.OperationalState);
    }

    [RootFact]
    public void Find_AnExistingName_ReturnsTheLink_AndAMissingName_ReturnsNull()
    {
        Assert.Equal(Namespace.IndexOf("hv1"), Links.Find("hv1")?.Index);
        Assert.Null(Links.Find("nosuch0"));
    }

    [RootFact]
    public void GetIndex_OfAMissingName_ThrowsNamingIt()
    {
        var exception = Assert.Throws<NetlinkException>(() => Links.GetIndex("nosuch0"));

        Assert.Contains("'nosuch0'", exception.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _namespace?.Dispose();
    }

    private static string FormatMac(LinkInfo link) =>
        string.Join(':', link.MacAddress.GetAddressBytes().Select(part => part.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
