using System.Net;
using System.Net.Sockets;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using HaVrrp.Engine.Configuration.Yaml;
using static HaVrrp.Engine.Tests.Configuration.Keepalived.KeepalivedTestSupport;

namespace HaVrrp.Engine.Tests.Configuration.Keepalived;

/// <summary>virtual_rules and static_rules read as keepalived 2.2.7 reads them (keepalived/vrrp/vrrp_iprule.c).</summary>
public sealed class KeepalivedRuleTests
{
    private static string Static(params string[] rules) => $"static_rules {{\n{string.Join('\n', rules.Select(rule => "    " + rule))}\n}}\n";

    private static string Virtual(params string[] rules) => $$"""
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            virtual_ipaddress {
                10.1.1.200
            }
            virtual_rules {
        {{string.Join('\n', rules.Select(rule => "        " + rule))}}
            }
        }
        """;

    private static RoutingRule OnlyStaticRule(string rule) => Assert.Single(ReadClean(Static(rule)).StaticRules);

    private static Diagnostic OnlyDiagnostic(string text) => Assert.Single(Read(text).Diagnostics.Items);

    [Fact]
    public void EveryOption_IsReadIntoTheModel()
    {
        var rule = OnlyStaticRule(
            "not from 192.168.28.0/24 to 192.168.29.0/26 preference 39 tos 0x10 fwmark 24/0xff iif eth0 oif eth1 "
            + "realms 30/20 suppress_prefixlength 8 suppress_ifgroup 3 tunnel-id 77 uidrange 10000-19999 ipproto udp "
            + "sport 10-20 dport 20-30 lookup 6909");

        Assert.Equal(new RoutingRule
        {
            Not = true,
            From = IPNetwork.Parse("192.168.28.0/24"),
            To = IPNetwork.Parse("192.168.29.0/26"),
            Preference = 39,
            Tos = 0x10,
            FirewallMark = 24,
            FirewallMask = 0xff,
            InputInterface = "eth0",
            OutputInterface = "eth1",
            Realms = (30u << 16) | 20,
            SuppressPrefixLength = 8,
            SuppressInterfaceGroup = 3,
            TunnelId = 77,
            UidRange = new NumberRange(10000, 19999),
            IpProtocol = 17,
            SourcePorts = new NumberRange(10, 20),
            DestinationPorts = new NumberRange(20, 30),
            Action = RoutingRuleAction.Table,
            Table = "6909",
        }, rule);
        Assert.Equal(AddressFamily.InterNetwork, rule.Family);
        Assert.Equal(RoutingRule.KeepalivedProtocol, rule.EffectiveProtocol);
    }

    [Theory]
    [InlineData("from all goto 300 preference 200", RoutingRuleAction.Goto)]
    [InlineData("from all nop preference 1", RoutingRuleAction.Nop)]
    [InlineData("from all type blackhole preference 1", RoutingRuleAction.Blackhole)]
    [InlineData("to 10.0.0.0/8 unreachable preference 1", RoutingRuleAction.Unreachable)]
    [InlineData("iif eth0 prohibit priority 1", RoutingRuleAction.Prohibit)]
    [InlineData("iif vrf-blue l3mdev order 1", RoutingRuleAction.L3mdev)]
    [InlineData("from any table main preference 1", RoutingRuleAction.Table)]
    public void EachAction_IsRead(string text, RoutingRuleAction action) =>
        Assert.Equal(action, OnlyStaticRule(text).Action);

    [Fact]
    public void TheFamily_ComesFromTheAddresses_OrInet6_AndIsIPv4Otherwise()
    {
        Assert.Equal(AddressFamily.InterNetworkV6, OnlyStaticRule("to 2001:db8::/64 table 100 preference 1").Family);
        Assert.Equal(AddressFamily.InterNetworkV6, OnlyStaticRule("from all table 100 preference 1 inet6").Family);
        Assert.Equal(AddressFamily.InterNetworkV6, OnlyStaticRule("from default6 table 100 preference 1").Family);
        Assert.Equal(AddressFamily.InterNetwork, OnlyStaticRule("from all table 100 preference 1").Family);
    }

    [Fact]
    public void RulesWithoutAPreference_AreNumberedAsKeepalivedDoes_PerFamily_WithAWarning()
    {
        var (configuration, diagnostics) = Read(
            Static("from 10.1.0.0/16 table 100", "from 2001:db8::/32 table 100") + Virtual("from 10.2.0.0/16 table 100"));

        Assert.Equal([16384u, 16384u], configuration.StaticRules.Select(rule => rule.Preference!.Value));
        Assert.Equal(16383u, Assert.Single(configuration.Instances[0].VirtualRules).Preference);
        Assert.Equal(
            [
                "keepalived.conf:2:5: warning HV0141: static_rules: rule has no preference; it gets 16384, as keepalived assigns it, which is probably not what you want: give it one",
                "keepalived.conf:3:5: warning HV0141: static_rules: rule has no preference; it gets 16384, as keepalived assigns it, which is probably not what you want: give it one",
                "keepalived.conf:12:9: warning HV0141: virtual_rules: rule has no preference; it gets 16383, as keepalived assigns it, which is probably not what you want: give it one",
            ],
            Lines(diagnostics));
    }

    [Fact]
    public void ATrackedRule_GetsProtocol18_AndAWrittenProtocolIsResetWithAWarning()
    {
        var (configuration, diagnostics) = Read(Static("from all table 100 preference 1 protocol 12"));

        var rule = Assert.Single(configuration.StaticRules);
        Assert.Null(rule.Protocol);
        Assert.Equal((byte)18, rule.EffectiveProtocol);
        Assert.Equal(
            "keepalived.conf:2:46: warning HV0142: static_rules: a tracked rule carries protocol 18 (keepalived), as keepalived sets it; protocol 12 is reset (add no_track to keep it)",
            Assert.Single(Lines(diagnostics)));
    }

    [Fact]
    public void ANoTrackRule_KeepsItsProtocol_OrHasNone()
    {
        Assert.Equal((byte)12, OnlyStaticRule("from all table 100 preference 1 protocol 12 no_track").EffectiveProtocol);
        Assert.Null(OnlyStaticRule("from all table 100 preference 1 no_track").EffectiveProtocol);
    }

    [Fact]
    public void Inet6BeforeAnotherWord_IsReadAsWritten_WithAWarningThatKeepalivedSkipsTheWord()
    {
        var (configuration, diagnostics) = Read(Static("inet6 from all blackhole preference 5"));

        Assert.Equal(AddressFamily.InterNetworkV6, Assert.Single(configuration.StaticRules).Family);
        Assert.Equal(
            "keepalived.conf:2:5: warning HV0142: static_rules: keepalived 2.2.7 skips the word after inet6 ('from'); put inet6 at the end of the rule so that both read it alike",
            Assert.Single(Lines(diagnostics)));
    }

    [Fact]
    public void ASinglePort_IsAOnePortRange_WithAWarningThatKeepalivedDropsIt()
    {
        var (configuration, diagnostics) = Read(Static("from all dport 443 ipproto tcp table 100 preference 1"));

        Assert.Equal(new NumberRange(443, 443), Assert.Single(configuration.StaticRules).DestinationPorts);
        Assert.Equal(DiagnosticCodes.RoutingRuleReadDifferently, Assert.Single(Codes(diagnostics)));
    }

    [Fact]
    public void AnIpprotoNumberAbove127_IsRead_WithAWarning_AndWrittenAsItsName()
    {
        var (configuration, diagnostics) = Read(Static("from all ipproto 132 table 100 preference 1"));

        Assert.Equal((byte)132, Assert.Single(configuration.StaticRules).IpProtocol);
        Assert.Equal(
            "keepalived.conf:2:22: warning HV0142: static_rules: keepalived 2.2.7 reads ipproto numbers up to 127 only and installs the rule without ipproto 132; write 'sctp'",
            Assert.Single(Lines(diagnostics)));
        Assert.Contains("from all preference 1 ipproto sctp table 100", KeepalivedConfigWriter.Write(configuration), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from all table 100 pref 5", 24, "static_rules: keepalived does not read the shortened 'pref'; write 'preference'")]
    [InlineData("from 10.0.0.0/8 preference 5", 5, "static_rules: the rule has no action: give it table N, goto N, nop, blackhole, unreachable, prohibit or l3mdev")]
    [InlineData("from all table 100 blackhole preference 5", 24, "static_rules: the rule already has an action (table); give it only one of table, goto, nop, blackhole, unreachable, prohibit and l3mdev")]
    [InlineData("from all table 100 l3mdev preference 5", 24, "static_rules: the rule already has an action (table); give it only one of table, goto, nop, blackhole, unreachable, prohibit and l3mdev")]
    [InlineData("from 10.0.0.0/8 to 2001:db8::/32 table 100", 24, "static_rules: the rule mixes IPv4 and IPv6")]
    [InlineData("from 2001:db8::/32 realms 3 table 100 preference 1", 24, "static_rules: realms applies to IPv4 rules only")]
    [InlineData("from all goto 300", 14, "static_rules: goto 300 needs the rule's own preference, lower than the target")]
    [InlineData("from all goto 300 preference 300", 14, "static_rules: preference 300 is not lower than goto target 300: the jump must go forward")]
    [InlineData("from all suppress_prefixlength 0 blackhole preference 1", 14, "static_rules: suppress_prefixlength applies to a rule that looks up a table, and this one does not")]
    [InlineData("from all table 0 preference 1", 20, "static_rules: table 0 is not a table: use 1-4294967295 or a name from rt_tables")]
    [InlineData("from 10.1.2.3/16 table 100 preference 1", 10, "static_rules: from '10.1.2.3/16' has host bits set beyond its prefix length; write the network (10.1.0.0/16)")]
    [InlineData("from 10.1.0.0/33 table 100 preference 1", 10, "static_rules: from '10.1.0.0/33' has a prefix length outside 0-32")]
    [InlineData("from eth0 table 100 preference 1", 10, "static_rules: from 'eth0' is not an address, a prefix such as 192.168.2.0/24, or all")]
    [InlineData("from all table 100 preference 1 weight 3", 37, "static_rules: unknown rule option 'weight'")]
    [InlineData("from all local preference 1", 14, "static_rules: 'local' is not a rule action: use table, goto, nop, blackhole, unreachable, prohibit or l3mdev")]
    [InlineData("from all table 100 preference", 24, "static_rules: preference needs a value")]
    [InlineData("from all fwmark 0x1/-1 table 100 preference 1", 21, "static_rules: fwmark '0x1/-1' has a mask that is not a 32-bit number")]
    [InlineData("from all uidrange 1000 table 100 preference 1", 23, "static_rules: uidrange '1000' is not START-END with 0 <= START <= END <= 4294967295")]
    [InlineData("from all sport 20-10 table 100 preference 1", 20, "static_rules: sport '20-10' is not N or START-END with 1 <= START <= END <= 65534")]
    [InlineData("from all dport 1-65535 table 100 preference 1", 20, "static_rules: dport '1-65535' is not N or START-END with 1 <= START <= END <= 65534")]
    [InlineData("from all ipproto bogus table 100 preference 1", 22, "static_rules: ipproto 'bogus' is not a protocol: use a number 0-255 or tcp, udp, icmp, ipv6-icmp, sctp, gre, esp, ah, ...")]
    public void AnEntryKeepalivedWouldRefuse_IsAnErrorAtTheWord(string rule, int column, string message)
    {
        var (configuration, diagnostics) = Read(Static(rule));

        Assert.Empty(configuration.StaticRules);
        Assert.Equal($"keepalived.conf:2:{column}: error HV0140: {message}", Assert.Single(Lines(diagnostics), line => line.Contains("error", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("from all tos lowdelay table 100 preference 1", 18, "static_rules: tos 'lowdelay': HaVrrp does not read names from rt_dsfield; write the number")]
    [InlineData("from all realms cosmos table 100 preference 1", 21, "static_rules: realms 'cosmos': HaVrrp reads realms as numbers 0-65535 only (no rt_realms names); write the number")]
    [InlineData("from all suppress_ifgroup lan table 100 preference 1", 31, "static_rules: suppress_ifgroup 'lan': HaVrrp reads interface groups as numbers or 'default' only; write the number")]
    [InlineData("from all iif eth0 table 100 preference 1 track_group G1", 46, "static_rules: track_group would make instances fail over when this rule is deleted, and HaVrrp has no track groups; remove it")]
    public void AnOptionHavrrpdCannotApply_IsAnError_NeverDropped(string rule, int column, string message)
    {
        var (configuration, diagnostics) = Read(Static(rule));

        Assert.Empty(configuration.StaticRules);
        Assert.Equal($"keepalived.conf:2:{column}: error HV0143: {message}", Assert.Single(Lines(diagnostics)));
    }

    [Fact]
    public void TrackGroup_IsNotARuleOptionInVirtualRules_AsInKeepalived()
    {
        var diagnostic = OnlyDiagnostic(Virtual("from all table 100 preference 1 track_group G1"));

        Assert.Equal("keepalived.conf:8:41: error HV0140: virtual_rules: unknown rule option 'track_group'", diagnostic.ToString());
    }

    [Fact]
    public void VirtualRules_BelongToTheirInstance()
    {
        var configuration = ReadClean(Virtual("from 192.168.2.0/24 table 1 preference 100", "to 192.168.2.0/24 table 1 preference 101 no_track"));

        var rules = configuration.Instances[0].VirtualRules;
        Assert.Equal(2, rules.Count);
        Assert.True(rules[1].NoTrack);
        Assert.Empty(configuration.StaticRules);
    }

    [Fact]
    public void TheWriter_PutsEveryPartInOneOrder_WithInet6Last_AndReadsBackEqual()
    {
        var configuration = ReadClean(Static(
            "iif eth0 not preference 7 from 10.0.0.0/8 fwmark 0x10/0xff table 100 sport 1-2",
            "from all unreachable preference 8 no_track protocol 3 inet6"));

        var text = KeepalivedConfigWriter.Write(configuration);

        Assert.Contains("    not from 10.0.0.0/8 preference 7 fwmark 0x10/0xff iif eth0 sport 1-2 table 100\n", text, StringComparison.Ordinal);
        Assert.Contains("    from all preference 8 protocol 3 unreachable no_track inet6\n", text, StringComparison.Ordinal);
        Assert.Equal(configuration.StaticRules, ReadClean(text).StaticRules);
    }

    [Fact]
    public void Yaml_ReadsTheSameOneLineRules_AndPointsAtTheWord()
    {
        const string yaml = """
            static_rules:
              - from 192.168.2.0/24 table 100 preference 100
            vrrp_instances:
              VI_1:
                interface: eth0
                virtual_router_id: 51
                virtual_ipaddress: [10.1.1.200]
                virtual_rules:
                  - to 10.0.0.0/8 lookup main preference 5 pref 6
            """;
        var diagnostics = new DiagnosticBag();

        var configuration = YamlConfigReader.ReadText(yaml, "havrrp.yaml", diagnostics);

        Assert.Equal("100", Assert.Single(configuration.StaticRules).Table);
        Assert.Equal(
            "havrrp.yaml:9:48: error HV0140: virtual_rules: keepalived does not read the shortened 'pref'; write 'preference'",
            Assert.Single(diagnostics.Items).ToString());
    }

    [Fact]
    public void Yaml_WritesRulesAsOneLineStrings_ThatReadBackEqual()
    {
        var configuration = ReadClean(Static("from 2001:db8::/32 to 2001:db8:1::/48 preference 4 blackhole", "from all preference 5 l3mdev inet6"));

        var yaml = YamlConfigWriter.Write(configuration);
        var diagnostics = new DiagnosticBag();
        var back = YamlConfigReader.ReadText(yaml, "havrrp.yaml", diagnostics);

        Assert.Contains("  - from all preference 5 l3mdev inet6", yaml, StringComparison.Ordinal);
        Assert.Empty(diagnostics.Items);
        Assert.Equal(configuration.StaticRules, back.StaticRules);
    }
}
