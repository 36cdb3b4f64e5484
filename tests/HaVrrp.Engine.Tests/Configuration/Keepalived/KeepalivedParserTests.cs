using System.Net;
using HaVrrp.Engine.Configuration;
using static HaVrrp.Engine.Tests.Configuration.Keepalived.KeepalivedTestSupport;

namespace HaVrrp.Engine.Tests.Configuration.Keepalived;

public class KeepalivedParserTests
{
    private static IPAddress Ip(string text) => IPAddress.Parse(text);

    [Fact]
    public void GlobalDefs_EveryKeyword_IsRead()
    {
        var configuration = ReadClean("""
            global_defs {
                router_id lb1
                vrrp_mcast_group4 224.0.0.111
                vrrp_mcast_group6 ff02::111
                script_user haproxy haproxy
                enable_script_security
                vrrp_version 3
                vrrp_strict
                vrrp_garp_master_delay 10
                vrrp_garp_master_repeat 3
                vrrp_garp_master_refresh 60
                vrrp_garp_master_refresh_repeat 2
                vrrp_garp_lower_prio_delay 0.5
                vrrp_garp_lower_prio_repeat 1
                vrrp_garp_interval 0.001
                vrrp_gna_interval 0.002
                notify_fifo /run/keepalived.fifo root root
                vrrp_notify_fifo /run/vrrp.fifo
                vrrp_startup_delay 5.5
                notification_email {
                    ops@example.com
                    oncall@example.com
                }
                notification_email_from lb1@example.com
                smtp_server 192.0.2.25
                smtp_connect_timeout 30
            }
            """);

        var expected = new GlobalSettings
        {
            RouterId = "lb1",
            MulticastGroup4 = Ip("224.0.0.111"),
            MulticastGroup6 = Ip("ff02::111"),
            ScriptUser = new ScriptUser("haproxy", "haproxy"),
            EnableScriptSecurity = true,
            VrrpVersion = 3,
            VrrpStrict = true,
            Garp = GarpSettings.Defaults with
            {
                MasterDelay = TimeSpan.FromSeconds(10),
                MasterRepeat = 3,
                MasterRefresh = TimeSpan.FromSeconds(60),
                MasterRefreshRepeat = 2,
                LowerPriorityDelay = TimeSpan.FromMilliseconds(500),
                LowerPriorityRepeat = 1,
                Interval = TimeSpan.FromMilliseconds(1),
                NaInterval = TimeSpan.FromMilliseconds(2),
            },
            NotifyFifo = "/run/keepalived.fifo",
            VrrpNotifyFifo = "/run/vrrp.fifo",
            StartupDelay = TimeSpan.FromSeconds(5.5),
            NotificationEmails = new[] { "ops@example.com", "oncall@example.com" },
            NotificationEmailFrom = "lb1@example.com",
            SmtpServer = "192.0.2.25",
            SmtpConnectTimeout = TimeSpan.FromSeconds(30),
        };
        Assert.Equal(expected, configuration.Global);
    }

    [Fact]
    public void GlobalDefs_Omitted_LeavesKeepalivedDefaults()
    {
        var configuration = ReadClean("vrrp_instance VI_1 {\n interface eth0\n}\n");

        Assert.Equal(new GlobalSettings(), configuration.Global);
        Assert.Equal(GarpSettings.Defaults, configuration.Global.Garp);
    }

    [Fact]
    public void VrrpScript_EveryKeyword_IsRead()
    {
        var configuration = ReadClean("""
            vrrp_script chk_haproxy {
                script "killall -0 haproxy"
                interval 2
                timeout 1.5
                weight -20 reverse
                rise 3
                fall 2
                user nobody nogroup
                init_fail
            }
            """);

        var expected = new VrrpScriptConfig
        {
            Name = "chk_haproxy",
            Script = "killall -0 haproxy",
            Interval = TimeSpan.FromSeconds(2),
            Timeout = TimeSpan.FromSeconds(1.5),
            Weight = -20,
            WeightReverse = true,
            Rise = 3,
            Fall = 2,
            User = new ScriptUser("nobody", "nogroup"),
            InitFail = true,
        };
        Assert.Equal(expected, Assert.Single(configuration.Scripts));
    }

    [Fact]
    public void ScriptUser_WithColon_SplitsUserAndGroup()
    {
        var configuration = ReadClean("vrrp_script s {\n script /bin/true\n user nobody:nogroup\n}\n");

        Assert.Equal(new ScriptUser("nobody", "nogroup"), configuration.Scripts[0].User);
    }

    [Fact]
    public void VrrpTrackFile_EveryKeyword_IsRead()
    {
        var configuration = ReadClean("""
            vrrp_track_file maintenance {
                file "/var/run/maintenance"
                weight -10 reverse
                init_file 0 overwrite
            }
            vrrp_track_file plain {
                file /tmp/plain
                init_file
            }
            """);

        Assert.Equal(
            new TrackFileConfig
            {
                Name = "maintenance", File = "/var/run/maintenance", Weight = -10, WeightReverse = true,
                InitFile = true, InitValue = 0, InitOverwrite = true,
            },
            configuration.TrackFiles[0]);
        Assert.Equal(new TrackFileConfig { Name = "plain", File = "/tmp/plain", InitFile = true }, configuration.TrackFiles[1]);
    }

    [Fact]
    public void TrackFile_UpstreamsCurrentName_ReadsLikeVrrpTrackFile()
    {
        const string Body = """
             maintenance {
                file "/var/run/maintenance"
                weight -10 reverse
                init_file 3 overwrite
            }
            vrrp_instance VI_1 {
                track_file {
                    maintenance weight 5
                }
            }
            """;

        var current = ReadClean("track_file" + Body);
        var old = ReadClean("vrrp_track_file" + Body);

        Assert.Equal(old.TrackFiles[0], current.TrackFiles[0]);
        Assert.Equal(
            new TrackFileConfig
            {
                Name = "maintenance", File = "/var/run/maintenance", Weight = -10, WeightReverse = true,
                InitFile = true, InitValue = 3, InitOverwrite = true,
            },
            current.TrackFiles[0]);
        Assert.Equal([new TrackReference("maintenance") { Weight = 5 }], current.Instances[0].TrackFiles);
    }

    [Fact]
    public void TrackFile_DefinedUnderBothSpellings_IsOneNameDefinedTwice()
    {
        var (configuration, diagnostics) = Read("vrrp_track_file tf {\n file /a\n}\ntrack_file tf {\n file /b\n}\ntrack_file other {\n weight 2\n}\n");

        Assert.Equal(
            new[]
            {
                "keepalived.conf:4:1: error HV0025: track_file 'tf' is already defined at keepalived.conf:1:1; this one is ignored",
                "keepalived.conf:7:1: error HV0023: track_file other needs a file",
            },
            Lines(diagnostics));
        Assert.Equal("/a", configuration.TrackFiles[0].File);
    }

    [Fact]
    public void VrrpInstance_EveryKeyword_IsRead()
    {
        var configuration = ReadClean("""
            vrrp_instance VI_1 {
                state MASTER
                interface eth0
                virtual_router_id 51
                priority 150
                advert_int 0.92
                version 3
                authentication {
                    auth_type PASS
                    auth_pass secret12
                }
                nopreempt
                preempt_delay 30
                unicast_src_ip 10.0.0.1
                unicast_peer {
                    10.0.0.2
                    10.0.0.3 min_ttl 250 max_ttl 255
                }
                mcast_src_ip 10.0.0.1
                mcast_dst_ip 224.0.0.100
                virtual_ipaddress {
                    10.1.1.200/24      brd 10.1.1.255      dev eth1 label eth1:vip
                    10.1.1.201 scope global no_track
                    10.1.1.202/24 brd +
                    2001:db8::1/64 dev eth2
                }
                virtual_ipaddress_excluded {
                    10.1.1.210/24 brd - dev eth1
                }
                virtual_routes {
                    default via 10.0.0.254
                    192.168.100.0/24 gw 192.168.1.1 dev eth1 src 192.168.1.5 metric 10 table 100 scope link
                    blackhole 10.99.0.0/16
                    10.98.0.0/16 via 10.0.0.254 no_track
                    src 10.0.0.1 to 10.97.0.0/16 dev eth0
                }
                track_script {
                    chk_haproxy
                    chk_nginx weight 10 reverse
                    chk_disk weight -5 noreverse
                }
                track_interface {
                    eth0
                    eth1 weight -50
                }
                track_file {
                    maintenance weight 2
                }
                notify_master "/etc/keepalived/notify.sh master" root
                notify_backup /etc/keepalived/backup.sh nobody nogroup
                notify_fault "/etc/keepalived/notify.sh fault"
                notify_stop /etc/keepalived/stop.sh
                notify /etc/keepalived/notify.sh
                notify_master_rx_lower_pri "/etc/keepalived/reclaim.sh" keepalived_script:keepalived_script
                garp_master_delay 2
                garp_master_repeat 4
                garp_master_refresh 30
                garp_master_refresh_repeat 3
                garp_lower_prio_delay 1
                garp_lower_prio_repeat 6
                no_accept
                dont_track_primary
                v3_checksum_as_v2
                smtp_alert
            }
            """);

        var expected = new VrrpInstanceConfig
        {
            Name = "VI_1",
            InitialState = InitialState.Master,
            Interface = "eth0",
            VirtualRouterId = 51,
            Priority = 150,
            AdvertInterval = TimeSpan.FromMilliseconds(920),
            Version = 3,
            Authentication = new AuthenticationConfig(AuthenticationType.Pass, "secret12"),
            Preempt = false,
            PreemptDelay = TimeSpan.FromSeconds(30),
            UnicastSourceIp = Ip("10.0.0.1"),
            UnicastPeers = new[] { new UnicastPeer(Ip("10.0.0.2")), new UnicastPeer(Ip("10.0.0.3")) { MinTtl = 250, MaxTtl = 255 } },
            MulticastSourceIp = Ip("10.0.0.1"),
            MulticastDestinationIp = Ip("224.0.0.100"),
            VirtualIpAddresses = new[]
            {
                new VirtualAddress(Ip("10.1.1.200")) { PrefixLength = 24, Broadcast = Ip("10.1.1.255"), Device = "eth1", Label = "eth1:vip" },
                new VirtualAddress(Ip("10.1.1.201")) { Scope = "global", NoTrack = true },
                new VirtualAddress(Ip("10.1.1.202")) { PrefixLength = 24, Broadcast = Ip("10.1.1.255") },
                new VirtualAddress(Ip("2001:db8::1")) { PrefixLength = 64, Device = "eth2" },
            },
            ExcludedVirtualIpAddresses = new[] { new VirtualAddress(Ip("10.1.1.210")) { PrefixLength = 24, Device = "eth1" } },
            VirtualRoutes = new[]
            {
                new VirtualRoute(IPNetwork.Parse("0.0.0.0/0")) { Via = Ip("10.0.0.254") },
                new VirtualRoute(IPNetwork.Parse("192.168.100.0/24"))
                {
                    Via = Ip("192.168.1.1"), Device = "eth1", PreferredSource = Ip("192.168.1.5"), Metric = 10, Table = "100", Scope = "link",
                },
                new VirtualRoute(IPNetwork.Parse("10.99.0.0/16")) { Type = "blackhole" },
                new VirtualRoute(IPNetwork.Parse("10.98.0.0/16")) { Via = Ip("10.0.0.254"), NoTrack = true },
                new VirtualRoute(IPNetwork.Parse("10.97.0.0/16")) { PreferredSource = Ip("10.0.0.1"), Device = "eth0" },
            },
            TrackScripts = new[]
            {
                new TrackReference("chk_haproxy"),
                new TrackReference("chk_nginx") { Weight = 10, Reverse = true },
                new TrackReference("chk_disk") { Weight = -5, Reverse = false },
            },
            TrackInterfaces = new[] { new TrackReference("eth0"), new TrackReference("eth1") { Weight = -50 } },
            TrackFiles = new[] { new TrackReference("maintenance") { Weight = 2 } },
            Notify = new NotifyConfig
            {
                Master = new NotifyScript("/etc/keepalived/notify.sh master") { User = new ScriptUser("root") },
                Backup = new NotifyScript("/etc/keepalived/backup.sh") { User = new ScriptUser("nobody", "nogroup") },
                Fault = new NotifyScript("/etc/keepalived/notify.sh fault"),
                Stop = new NotifyScript("/etc/keepalived/stop.sh"),
                Any = new NotifyScript("/etc/keepalived/notify.sh"),
                MasterRxLowerPriority = new NotifyScript("/etc/keepalived/reclaim.sh")
                {
                    User = new ScriptUser("keepalived_script", "keepalived_script"),
                },
            },
            Garp = new GarpSettings
            {
                MasterDelay = TimeSpan.FromSeconds(2),
                MasterRepeat = 4,
                MasterRefresh = TimeSpan.FromSeconds(30),
                MasterRefreshRepeat = 3,
                LowerPriorityDelay = TimeSpan.FromSeconds(1),
                LowerPriorityRepeat = 6,
            },
            Accept = false,
            DontTrackPrimary = true,
            V3ChecksumAsV2 = true,
            SmtpAlert = true,
        };
        Assert.Equal(expected, Assert.Single(configuration.Instances));
    }

    [Fact]
    public void VrrpInstance_Minimal_KeepsKeepalivedDefaults()
    {
        var instance = ReadClean("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 7\n}\n").Instances[0];

        Assert.Equal(new VrrpInstanceConfig { Name = "VI_1", Interface = "eth0", VirtualRouterId = 7 }, instance);
        Assert.True(instance.Preempt);
        Assert.Equal(100, instance.Priority);
        Assert.Null(instance.Accept);
    }

    [Theory]
    [InlineData("accept", true)]
    [InlineData("preempt", null)]
    [InlineData("smtp_alert false", null)]
    [InlineData("v3_checksum_as_v2 no", null)]
    public void Switches_TakeAnOptionalBoolean(string line, bool? accept)
    {
        var instance = ReadClean($"vrrp_instance VI_1 {{\n {line}\n}}\n").Instances[0];

        Assert.Equal(accept, instance.Accept);
        Assert.True(instance.Preempt);
        Assert.NotEqual(true, instance.SmtpAlert);
        Assert.False(instance.V3ChecksumAsV2);
    }

    [Fact]
    public void Authentication_AhType_IsRead()
    {
        var instance = ReadClean("vrrp_instance VI_1 {\n authentication {\n auth_type AH\n auth_pass x\n }\n}\n").Instances[0];

        Assert.Equal(new AuthenticationConfig(AuthenticationType.Ah, "x"), instance.Authentication);
    }

    [Fact]
    public void VirtualRouterId_OutOfRange_IsStoredAsWritten_ForTheValidator()
    {
        var instance = ReadClean("vrrp_instance VI_1 {\n virtual_router_id 300\n priority 0\n}\n").Instances[0];

        Assert.Equal(300, instance.VirtualRouterId);
        Assert.Equal(0, instance.Priority);
    }

    [Fact]
    public void VrrpSyncGroup_EveryKeyword_IsRead()
    {
        var configuration = ReadClean("""
            vrrp_sync_group VG_1 {
                group {
                    inside_network
                    outside_network
                }
                notify_master /etc/keepalived/to_master.sh
                notify_backup /etc/keepalived/to_backup.sh
                notify_fault "/etc/keepalived/fault.sh VG_1"
                notify_stop /etc/keepalived/stop.sh
                notify /etc/keepalived/notify.sh
                smtp_alert
                track_script {
                    chk weight 5
                }
                track_interface {
                    eth0
                }
                track_file {
                    tf
                }
                sync_group_tracking_weight
            }
            """);

        var expected = new SyncGroupConfig
        {
            Name = "VG_1",
            Members = new[] { "inside_network", "outside_network" },
            Notify = new NotifyConfig
            {
                Master = new NotifyScript("/etc/keepalived/to_master.sh"),
                Backup = new NotifyScript("/etc/keepalived/to_backup.sh"),
                Fault = new NotifyScript("/etc/keepalived/fault.sh VG_1"),
                Stop = new NotifyScript("/etc/keepalived/stop.sh"),
                Any = new NotifyScript("/etc/keepalived/notify.sh"),
            },
            SmtpAlert = true,
            TrackScripts = new[] { new TrackReference("chk") { Weight = 5 } },
            TrackInterfaces = new[] { new TrackReference("eth0") },
            TrackFiles = new[] { new TrackReference("tf") },
            TrackingWeight = true,
        };
        Assert.Equal(expected, Assert.Single(configuration.SyncGroups));
    }

    [Fact]
    public void SyncGroupMembers_OnOneLine_AreAllRead()
    {
        var configuration = ReadClean("vrrp_sync_group G { group { VI_1 VI_2 } }\n");

        Assert.Equal(new[] { "VI_1", "VI_2" }, configuration.SyncGroups[0].Members);
    }

    [Fact]
    public void StaticAddressesAndRoutes_AreRead()
    {
        var configuration = ReadClean("""
            static_ipaddress {
                10.210.214.163/24 brd 10.210.214.255 dev eth0
            }
            static_routes {
                10.0.0.0/8 via 10.210.214.1 dev eth0
                2001:db8:1::/48 via 2001:db8::1
            }
            """);

        Assert.Equal(
            new[] { new VirtualAddress(Ip("10.210.214.163")) { PrefixLength = 24, Broadcast = Ip("10.210.214.255"), Device = "eth0" } },
            configuration.StaticAddresses);
        Assert.Equal(
            new[]
            {
                new VirtualRoute(IPNetwork.Parse("10.0.0.0/8")) { Via = Ip("10.210.214.1"), Device = "eth0" },
                new VirtualRoute(IPNetwork.Parse("2001:db8:1::/48")) { Via = Ip("2001:db8::1") },
            },
            configuration.StaticRoutes);
    }

    [Fact]
    public void SourceMap_RecordsKeywordAndValueLocations()
    {
        var configuration = ReadClean("""
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id   51
                virtual_ipaddress {
                    10.0.0.100/24 dev eth0
                }
            }
            """);

        var instance = configuration.Instances[0];
        Assert.Equal(new SourceLocation("keepalived.conf", 1, 1), instance.Source.Location);
        Assert.Equal(new SourceLocation("keepalived.conf", 3, 5), instance.Source.Of("virtual_router_id"));
        Assert.Equal(new SourceLocation("keepalived.conf", 3, 25), instance.Source.Of("virtual_router_id:value"));
        Assert.Equal(new SourceLocation("keepalived.conf", 4, 5), instance.Source.Of("virtual_ipaddress"));
        var address = instance.VirtualIpAddresses[0];
        Assert.Equal(new SourceLocation("keepalived.conf", 5, 9), address.Source.Location);
        Assert.Equal(new SourceLocation("keepalived.conf", 5, 23), address.Source.Of("dev"));
        Assert.Equal(new SourceLocation("keepalived.conf", 5, 27), address.Source.Of("dev:value"));
    }

    [Fact]
    public void WeirdLayout_IsReadLikeTheTidyOne()
    {
        const string tidy = """
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                authentication {
                    auth_type PASS
                    auth_pass 1111
                }
                virtual_ipaddress {
                    10.0.0.100/24
                }
                track_script {
                    chk
                }
            }
            """;
        const string weird = "\r\n\t! leading comment\r\nvrrp_instance VI_1{state BACKUP # why not\r\n" +
            "      interface\teth0   \r\n\r\n\r\nvirtual_router_id 51!glued comment\r\n" +
            "   authentication{auth_type PASS\r\nauth_pass 1111}\r\n" +
            "virtual_ipaddress\r\n{\r\n 10.0.0.100/24\r\n      }\r\ntrack_script { chk }\r\n}";

        Assert.Equal(ReadClean(tidy), ReadClean(weird));
    }

    [Fact]
    public void UnknownKeywords_WarnWithTheirLocation_AndTheirBlocksAreSkipped()
    {
        var (configuration, diagnostics) = Read("""
            frobnicate {
                vrrp_instance NOT_AN_INSTANCE {
                }
            }
            vrrp_instance VI_1 {
                prority 100
                linkbeat_use_polling
                interface eth0
            }
            global_defs {
                enable_snmp_vrrp
            }
            """);

        Assert.Equal(
            new[]
            {
                "keepalived.conf:1:1: warning HV0020: unknown keyword 'frobnicate' in the top level; ignored",
                "keepalived.conf:6:5: warning HV0020: unknown keyword 'prority' in vrrp_instance VI_1; ignored",
                "keepalived.conf:7:5: warning HV0022: linkbeat_use_polling is a keepalived keyword that HaVrrp does not support; ignored",
                "keepalived.conf:11:5: warning HV0022: enable_snmp_vrrp is a keepalived keyword that HaVrrp does not support (HaVrrp has no SNMP or D-Bus interface; the control socket serves monitoring); ignored",
            },
            Lines(diagnostics));
        Assert.Equal("VI_1", Assert.Single(configuration.Instances).Name);
        Assert.Equal("eth0", configuration.Instances[0].Interface);
    }

    [Fact]
    public void LvsBlocks_AreIgnoredWithOneWarningCountingThem()
    {
        var (configuration, diagnostics) = Read("""
            virtual_server 10.0.0.1 80 {
                real_server 10.0.0.2 80 {
                    HTTP_GET { url { path / } }
                }
            }
            virtual_server_group web {
                10.0.0.1 80
            }
            virtual_server 10.0.0.1 443 {
            }
            vrrp_instance VI_1 {
            }
            """);

        Assert.Equal(
            ["keepalived.conf:1:1: warning HV0021: 3 LVS blocks (virtual_server, virtual_server_group) ignored: HaVrrp implements only the VRRP part of keepalived"],
            Lines(diagnostics));
        Assert.Single(configuration.Instances);
    }

    [Fact]
    public void DuplicateNames_AreErrors_AndTheFirstDefinitionIsKept()
    {
        var (configuration, diagnostics) = Read("""
            vrrp_script chk {
                script /bin/true
            }
            vrrp_script chk {
                script /bin/false
            }
            vrrp_instance VI_1 {
                priority 10
            }
            vrrp_instance VI_1 {
                priority 20
            }
            """);

        Assert.Equal(
            new[]
            {
                "keepalived.conf:4:1: error HV0025: vrrp_script 'chk' is already defined at keepalived.conf:1:1; this one is ignored",
                "keepalived.conf:10:1: error HV0025: vrrp_instance 'VI_1' is already defined at keepalived.conf:7:1; this one is ignored",
            },
            Lines(diagnostics));
        Assert.Equal("/bin/true", Assert.Single(configuration.Scripts).Script);
        Assert.Equal(10, Assert.Single(configuration.Instances).Priority);
    }

    [Fact]
    public void BadValues_NameTheKeywordAndTheText()
    {
        var (configuration, diagnostics) = Read("""
            vrrp_instance VI_1 {
                state ACTIVE
                virtual_router_id fifty
                priority
                advert_int 1s
                mcast_src_ip 10.0.0
                interface eth0 eth1
                unicast_peer {
                    10.0.0.300
                }
                virtual_ipaddress {
                    10.0.0.1/abc
                    10.0.0.2/24 dev
                }
            }
            """);

        Assert.Equal(
            new[]
            {
                "keepalived.conf:2:11: error HV0024: state: 'ACTIVE' is not MASTER or BACKUP",
                "keepalived.conf:3:23: error HV0024: virtual_router_id: 'fifty' is not a whole number",
                "keepalived.conf:4:5: error HV0023: priority needs a value",
                "keepalived.conf:5:16: error HV0024: advert_int: '1s' is not a number of seconds",
                "keepalived.conf:6:18: error HV0024: mcast_src_ip: '10.0.0' is not an IP address",
                "keepalived.conf:7:20: warning HV0026: interface takes 1 value; ignoring 'eth1'",
                "keepalived.conf:9:9: error HV0024: unicast_peer: '10.0.0.300' is not an IP address",
                "keepalived.conf:12:9: error HV0024: virtual_ipaddress: '10.0.0.1/abc' has a prefix length that is not a whole number",
                "keepalived.conf:13:21: error HV0023: dev needs a value",
            },
            Lines(diagnostics));
        var instance = configuration.Instances[0];
        Assert.Equal("eth0", instance.Interface);
        Assert.Equal(InitialState.Backup, instance.InitialState);
        Assert.Single(instance.VirtualIpAddresses);
    }

    [Fact]
    public void BlockKeywordWithoutBlock_IsReported()
    {
        var (_, diagnostics) = Read("vrrp_instance VI_1\nvrrp_script\n");

        Assert.Equal(
            new[]
            {
                "keepalived.conf:1:1: error HV0013: vrrp_instance needs a '{ ... }' block",
                "keepalived.conf:2:1: error HV0023: vrrp_script needs a name",
                "keepalived.conf:2:1: error HV0013: vrrp_script needs a '{ ... }' block",
            },
            Lines(diagnostics));
    }

    [Fact]
    public void ManyInstances_AreReadInFileOrder()
    {
        var text = string.Concat(Enumerable.Range(1, 255).Select(id =>
            $"vrrp_instance VI_{id} {{\n interface eth0\n virtual_router_id {id}\n virtual_ipaddress {{\n 10.0.{id}.1/24\n 10.1.{id}.1/24\n }}\n track_script {{\n chk\n }}\n}}\n"));

        var configuration = ReadClean(text);

        Assert.Equal(255, configuration.Instances.Count);
        Assert.Equal(Enumerable.Range(1, 255), configuration.Instances.Select(instance => instance.VirtualRouterId));
    }
}
