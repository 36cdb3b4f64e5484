using System.Net;
using System.Net.Sockets;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using HaVrrp.Engine.Platform.Linux.Netlink;
using HaVrrp.TestSupport;

namespace HaVrrp.Engine.Tests.Platform.Linux;

/// <summary>
/// Rules sent by <see cref="RuleManager"/> to the kernel of a test namespace and read back with <c>ip rule</c>, which
/// prints what the kernel kept: each option of keepalived's rule syntax arrives as the attribute it should.
/// </summary>
public sealed class RuleManagerTests : IDisposable
{
    private readonly TestNetworkNamespace? _namespace;
    private readonly NetlinkSocket? _socket;

    public RuleManagerTests()
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

    private RuleManager Rules => new(_socket!);

    /// <summary>A rule as written in keepalived.conf, read by the real parser and mapped as the daemon maps it.</summary>
    private static RuleRequest Request(string written)
    {
        var diagnostics = new DiagnosticBag();
        var configuration = KeepalivedConfigReader.ReadText($"static_rules {{\n {written}\n}}\n", "keepalived.conf", new KeepalivedReadOptions(), diagnostics);
        Assert.Empty(diagnostics.Items.Select(diagnostic => diagnostic.ToString()));
        return RtnetlinkRequestMapper.ToRequest(Assert.Single(configuration.StaticRules));
    }

    [RootTheory]
    [InlineData("from 192.168.2.0/24 table 100 preference 100", "100:\tfrom 192.168.2.0/24 lookup 100 proto keepalived")]
    [InlineData("not from 10.0.0.0/8 to 192.168.0.0/16 preference 101 fwmark 0x10/0xff iif hv0 oif hv1 table 1000",
        "101:\tnot from 10.0.0.0/8 to 192.168.0.0/16 fwmark 0x10/0xff iif hv0 oif hv1 lookup 1000 proto keepalived")]
    [InlineData("from all preference 102 tos 0x10 uidrange 1000-1999 ipproto tcp sport 1024-65534 dport 80-80 table main",
        "102:\tfrom all tos 0x10 uidrange 1000-1999 ipproto tcp sport 1024-65534 dport 80 lookup main proto keepalived")]
    [InlineData("from all preference 103 suppress_prefixlength 0 suppress_ifgroup 7 realms 3/4 table main",
        "103:\tfrom all lookup main suppress_prefixlength 0 suppress_ifgroup 7 realms 3/4 proto keepalived")]
    [InlineData("from all goto 200 preference 104", "104:\tfrom all goto 200 [unresolved] proto keepalived")]
    [InlineData("to 198.51.100.0/24 preference 105 blackhole no_track", "105:\tfrom all to 198.51.100.0/24 blackhole")]
    [InlineData("from all preference 106 unreachable no_track protocol 3", "106:\tfrom all unreachable proto boot")]
    [InlineData("iif hv0 preference 107 prohibit", "107:\tfrom all iif hv0 prohibit proto keepalived")]
    [InlineData("iif hv0 preference 108 nop", "108:\tfrom all iif hv0 nop proto keepalived")]
    [InlineData("iif hv0 preference 109 l3mdev", "109:\tfrom all iif hv0 lookup [l3mdev-table] proto keepalived")]
    [InlineData("from all preference 110 tunnel-id 77 table 100", "110:\tfrom all tun_id 77 lookup 100 proto keepalived")]
    public void Add_AnIPv4Rule_IsInstalledAsIpRuleListsIt(string written, string listed)
    {
        Assert.True(Rules.Add(Request(written)));

        Assert.Equal(listed, Listed("-4", listed.Split(':')[0]));
    }

    [RootFact]
    public void Add_AnIPv6Rule_IsInstalledInTheIPv6List()
    {
        Rules.Add(Request("from 2001:db8::/32 to 2001:db8:1::/48 preference 200 table 100"));
        Rules.Add(Request("from all preference 201 blackhole inet6"));

        Assert.Equal("200:\tfrom 2001:db8::/32 to 2001:db8:1::/48 lookup 100 proto keepalived", Listed("-6", "200"));
        Assert.Equal("201:\tfrom all blackhole proto keepalived", Listed("-6", "201"));
        Assert.Empty(Namespace.Ip("-4 rule show pref 201").Trim());
    }

    [RootFact]
    public void Add_TheSameRuleTwice_KeepsOne()
    {
        var rule = Request("from 192.168.2.0/24 table 100 preference 100");

        Assert.True(Rules.Add(rule));
        Assert.False(Rules.Add(rule));

        Assert.Single(Namespace.Ip("-4 rule show pref 100").Trim().Split('\n'));
    }

    [RootFact]
    public void Delete_AnInstalledRule_ReturnsTrue_AndASecondDeleteReturnsFalse()
    {
        var rule = Request("from 192.168.2.0/24 table 100 preference 100");
        Rules.Add(rule);

        Assert.True(Rules.Delete(rule));
        Assert.Empty(Namespace.Ip("-4 rule show pref 100").Trim());
        Assert.False(Rules.Delete(rule));
    }

    [RootFact]
    public void Delete_LeavesARuleThatDiffersInOneOption()
    {
        Rules.Add(Request("from 192.168.2.0/24 table 100 preference 100"));

        Assert.False(Rules.Delete(Request("from 192.168.2.0/24 table 101 preference 100")));

        Assert.NotEmpty(Namespace.Ip("-4 rule show pref 100").Trim());
    }

    [Fact]
    public void Mapper_ResolvesTheTable_AndLeavesTheProtocolOffANoTrackRule()
    {
        var request = RtnetlinkRequestMapper.ToRequest(new RoutingRule
        {
            Family = AddressFamily.InterNetworkV6,
            From = IPNetwork.Parse("2001:db8::/32"),
            Preference = 5,
            Table = "main",
            NoTrack = true,
        });

        Assert.Equal(new RuleRequest(AddressFamily.InterNetworkV6, RuleAction.ToTable)
        {
            Source = IPNetwork.Parse("2001:db8::/32"),
            Priority = 5,
            Table = RouteTable.Main,
            Protocol = null,
        }, request);
    }

    [Fact]
    public void Writer_EncodesTheFibRuleHeaderAndAttributes()
    {
        var request = new RuleRequest(AddressFamily.InterNetwork, RuleAction.ToTable)
        {
            Invert = true,
            Source = IPNetwork.Parse("10.0.0.0/8"),
            Priority = 100,
            Table = 1000,
            DestinationPorts = (80, 81),
        };
        Span<byte> buffer = stackalloc byte[256];
        var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.NewRule, NetlinkMessageFlags.Request);

        RuleManager.WriteRule(ref writer, request);
        var message = writer.Complete().ToArray();

        // fib_rule_hdr after the 16-byte nlmsghdr: AF_INET, dst_len 0, src_len 8, tos 0, table 0 (1000 > 255),
        // two reserved bytes, FR_ACT_TO_TBL, then flags FIB_RULE_INVERT.
        Assert.Equal(new byte[] { 2, 0, 8, 0, 0, 0, 0, 1, 2, 0, 0, 0 }, message[16..28]);
        // The attributes in order: FRA_TABLE 1000, FRA_SRC 10.0.0.0, FRA_PRIORITY 100, FRA_DPORT_RANGE 80-81, protocol 18.
        Assert.Equal(new byte[] { 8, 0, 15, 0, 0xe8, 3, 0, 0 }, message[28..36]);
        Assert.Equal(new byte[] { 8, 0, 2, 0, 10, 0, 0, 0 }, message[36..44]);
        Assert.Equal(new byte[] { 8, 0, 6, 0, 100, 0, 0, 0 }, message[44..52]);
        Assert.Equal(new byte[] { 5, 0, 21, 0, 18, 0, 0, 0 }, message[52..60]);
        Assert.Equal(new byte[] { 8, 0, 24, 0, 80, 0, 81, 0 }, message[60..68]);
        Assert.Equal(68, message.Length);
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _namespace?.Dispose();
    }

    private string Listed(string family, string preference) => Namespace.Ip($"{family} rule show pref {preference}").Trim();
}
