using System.Net;
using System.Text;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Yaml;

namespace HaVrrp.Engine.Tests.Configuration;

public sealed class YamlConfigReaderTests
{
    private static (HaVrrpConfiguration Config, string[] Diagnostics) Read(string yaml)
    {
        var diagnostics = new DiagnosticBag();
        var config = YamlConfigReader.ReadText(yaml, "havrrp.yaml", diagnostics);
        return (config, diagnostics.Items.Select(d => d.ToString()).ToArray());
    }

    private static ValueList<T> List<T>(params T[] items) => items;

    private static VrrpInstanceConfig ReadInstance(string body)
    {
        var (config, diagnostics) = Read("vrrp_instances:\n  VI_1:\n" + string.Join('\n', body.Split('\n').Select(line => "    " + line)));
        Assert.Empty(diagnostics);
        return Assert.Single(config.Instances);
    }

    [Fact]
    public void Instance_WithEveryKey_ReadsEveryProperty()
    {
        var instance = ReadInstance("""
            state: MASTER
            interface: eth0
            virtual_router_id: 51
            priority: 150
            advert_int: 100ms
            version: 3
            authentication: { auth_type: PASS, auth_pass: secret }
            nopreempt: true
            preempt_delay: 30s
            accept: false
            dont_track_primary: true
            mcast_src_ip: 10.1.1.2
            mcast_dst_ip: 224.0.0.19
            unicast_src_ip: 10.1.1.2
            unicast_peer: [ 10.1.1.17, "10.1.1.18 min_ttl 250 max_ttl 255", { address: 10.1.1.19, max_ttl: 64 } ]
            v3_checksum_as_v2: yes
            virtual_ipaddress: [ 10.1.1.200/24 ]
            virtual_ipaddress_excluded: [ fd00::1/64 ]
            virtual_routes: [ "10.2.0.0/16 via 10.1.1.1" ]
            track_script: [ chk_haproxy ]
            track_interface: [ "eth1 weight -10" ]
            track_file: [ { name: maintenance, weight: 5, reverse: true } ]
            notify_master: /etc/havrrp/notify.sh master
            notify_backup: { script: /etc/havrrp/notify.sh backup, user: "haproxy haproxy" }
            notify_fault: f
            notify_stop: s
            notify: n
            notify_master_rx_lower_pri: r
            garp_master_delay: 10
            garp_master_repeat: 3
            garp_lower_prio_delay: 1.5s
            garp_lower_prio_repeat: 2
            garp_master_refresh: 2m
            garp_master_refresh_repeat: 4
            smtp_alert: false
            """);

        var expected = new VrrpInstanceConfig
        {
            Name = "VI_1",
            InitialState = InitialState.Master,
            Interface = "eth0",
            VirtualRouterId = 51,
            Priority = 150,
            AdvertInterval = TimeSpan.FromMilliseconds(100),
            Version = 3,
            Authentication = new AuthenticationConfig(AuthenticationType.Pass, "secret"),
            Preempt = false,
            PreemptDelay = TimeSpan.FromSeconds(30),
            Accept = false,
            DontTrackPrimary = true,
            MulticastSourceIp = IPAddress.Parse("10.1.1.2"),
            MulticastDestinationIp = IPAddress.Parse("224.0.0.19"),
            UnicastSourceIp = IPAddress.Parse("10.1.1.2"),
            UnicastPeers = List(
                new UnicastPeer(IPAddress.Parse("10.1.1.17")),
                new UnicastPeer(IPAddress.Parse("10.1.1.18")) { MinTtl = 250, MaxTtl = 255 },
                new UnicastPeer(IPAddress.Parse("10.1.1.19")) { MaxTtl = 64 }),
            V3ChecksumAsV2 = true,
            VirtualIpAddresses = List(new VirtualAddress(IPAddress.Parse("10.1.1.200")) { PrefixLength = 24 }),
            ExcludedVirtualIpAddresses = List(new VirtualAddress(IPAddress.Parse("fd00::1")) { PrefixLength = 64 }),
            VirtualRoutes = List(new VirtualRoute(IPNetwork.Parse("10.2.0.0/16")) { Via = IPAddress.Parse("10.1.1.1") }),
            TrackScripts = List(new TrackReference("chk_haproxy")),
            TrackInterfaces = List(new TrackReference("eth1") { Weight = -10 }),
            TrackFiles = List(new TrackReference("maintenance") { Weight = 5, Reverse = true }),
            Notify = new NotifyConfig
            {
                Master = new NotifyScript("/etc/havrrp/notify.sh master"),
                Backup = new NotifyScript("/etc/havrrp/notify.sh backup") { User = new ScriptUser("haproxy", "haproxy") },
                Fault = new NotifyScript("f"),
                Stop = new NotifyScript("s"),
                Any = new NotifyScript("n"),
                MasterRxLowerPriority = new NotifyScript("r"),
            },
            Garp = new GarpSettings
            {
                MasterDelay = TimeSpan.FromSeconds(10),
                MasterRepeat = 3,
                LowerPriorityDelay = TimeSpan.FromSeconds(1.5),
                LowerPriorityRepeat = 2,
                MasterRefresh = TimeSpan.FromMinutes(2),
                MasterRefreshRepeat = 4,
            },
            SmtpAlert = false,
        };
        Assert.Equal(expected, instance);
    }

    [Fact]
    public void GlobalScriptsTrackFilesSyncGroupsAndStatics_WithEveryKey_ReadEveryProperty()
    {
        var (config, diagnostics) = Read("""
            global_defs:
              router_id: lb1
              vrrp_mcast_group4: 224.0.0.19
              vrrp_mcast_group6: ff02::13
              vrrp_version: 3
              script_user: keepalived_script:users
              enable_script_security: true
              vrrp_strict: on
              vrrp_garp_master_delay: 1s
              vrrp_garp_master_repeat: 2
              vrrp_garp_lower_prio_delay: 3s
              vrrp_garp_lower_prio_repeat: 4
              vrrp_garp_master_refresh: 5s
              vrrp_garp_master_refresh_repeat: 6
              vrrp_garp_interval: 1ms
              vrrp_gna_interval: 2ms
              notify_fifo: /run/havrrp.fifo
              vrrp_notify_fifo: /run/vrrp.fifo
              vrrp_startup_delay: 0.5
              notification_email: [ ops@example.com ]
              notification_email_from: lb1@example.com
              smtp_server: 127.0.0.1
              smtp_connect_timeout: 30
            vrrp_scripts:
              chk_haproxy: { script: "killall -0 haproxy", interval: 2s, timeout: 1s, weight: -20, reverse: true, rise: 2, fall: 3, user: haproxy, init_fail: true }
              chk_short: "pidof nginx"
            vrrp_track_files:
              maintenance: { file: /etc/havrrp/maintenance, weight: -1, reverse: true, init_file: true, init_value: 0, init_overwrite: true }
            vrrp_sync_groups:
              VG_1:
                group: [ VI_1, VI_2 ]
                track_script: [ chk_haproxy ]
                track_interface: [ eth0 ]
                track_file: [ maintenance ]
                notify_master: /etc/havrrp/group.sh master
                smtp_alert: true
                sync_group_tracking_weight: true
            static_ipaddress:
              - 192.168.1.5/24 brd 192.168.1.255 dev eth1 scope global label eth1:s no_track
            static_routes:
              - { to: 10.0.0.0/8, via: 192.168.1.1, dev: eth1, src: 192.168.1.5, metric: 10, table: 100, scope: global, no_track: true }
              - blackhole 172.16.0.0/12
            """);

        Assert.Empty(diagnostics);
        Assert.Equal(
            new GlobalSettings
            {
                RouterId = "lb1",
                MulticastGroup4 = IPAddress.Parse("224.0.0.19"),
                MulticastGroup6 = IPAddress.Parse("ff02::13"),
                VrrpVersion = 3,
                ScriptUser = new ScriptUser("keepalived_script", "users"),
                EnableScriptSecurity = true,
                VrrpStrict = true,
                Garp = new GarpSettings
                {
                    MasterDelay = TimeSpan.FromSeconds(1),
                    MasterRepeat = 2,
                    LowerPriorityDelay = TimeSpan.FromSeconds(3),
                    LowerPriorityRepeat = 4,
                    MasterRefresh = TimeSpan.FromSeconds(5),
                    MasterRefreshRepeat = 6,
                    Interval = TimeSpan.FromMilliseconds(1),
                    NaInterval = TimeSpan.FromMilliseconds(2),
                },
                NotifyFifo = "/run/havrrp.fifo",
                VrrpNotifyFifo = "/run/vrrp.fifo",
                StartupDelay = TimeSpan.FromMilliseconds(500),
                NotificationEmails = List("ops@example.com"),
                NotificationEmailFrom = "lb1@example.com",
                SmtpServer = "127.0.0.1",
                SmtpConnectTimeout = TimeSpan.FromSeconds(30),
            },
            config.Global);
        Assert.Equal(
            [
                new VrrpScriptConfig
                {
                    Name = "chk_haproxy", Script = "killall -0 haproxy", Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(1),
                    Weight = -20, WeightReverse = true, Rise = 2, Fall = 3, User = new ScriptUser("haproxy"), InitFail = true,
                },
                new VrrpScriptConfig { Name = "chk_short", Script = "pidof nginx" },
            ],
            config.Scripts);
        Assert.Equal(
            new TrackFileConfig { Name = "maintenance", File = "/etc/havrrp/maintenance", Weight = -1, WeightReverse = true, InitFile = true, InitValue = 0, InitOverwrite = true },
            Assert.Single(config.TrackFiles));
        Assert.Equal(
            new SyncGroupConfig
            {
                Name = "VG_1",
                Members = List("VI_1", "VI_2"),
                TrackScripts = List(new TrackReference("chk_haproxy")),
                TrackInterfaces = List(new TrackReference("eth0")),
                TrackFiles = List(new TrackReference("maintenance")),
                Notify = new NotifyConfig { Master = new NotifyScript("/etc/havrrp/group.sh master") },
                SmtpAlert = true,
                TrackingWeight = true,
            },
            Assert.Single(config.SyncGroups));
        Assert.Equal(
            new VirtualAddress(IPAddress.Parse("192.168.1.5"))
            {
                PrefixLength = 24, Broadcast = IPAddress.Parse("192.168.1.255"), Device = "eth1", Scope = "global", Label = "eth1:s", NoTrack = true,
            },
            Assert.Single(config.StaticAddresses));
        Assert.Equal(
            [
                new VirtualRoute(IPNetwork.Parse("10.0.0.0/8"))
                {
                    Via = IPAddress.Parse("192.168.1.1"), Device = "eth1", PreferredSource = IPAddress.Parse("192.168.1.5"),
                    Metric = 10, Table = "100", Scope = "global", NoTrack = true,
                },
                new VirtualRoute(IPNetwork.Parse("172.16.0.0/12")) { Type = "blackhole" },
            ],
            config.StaticRoutes);
    }

    [Fact]
    public void VirtualAddress_StructuredAndOneLineForms_ReadTheSame()
    {
        var instance = ReadInstance("""
            virtual_ipaddress:
              - 10.1.1.200/24 brd 10.1.1.255 dev eth1 label eth1:vip
              - { address: 10.1.1.200/24, brd: 10.1.1.255, dev: eth1, label: "eth1:vip" }
            """);

        Assert.Equal(instance.VirtualIpAddresses[0], instance.VirtualIpAddresses[1]);
        Assert.Equal(
            new VirtualAddress(IPAddress.Parse("10.1.1.200")) { PrefixLength = 24, Broadcast = IPAddress.Parse("10.1.1.255"), Device = "eth1", Label = "eth1:vip" },
            instance.VirtualIpAddresses[0]);
    }

    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("100ms", 100)]
    [InlineData("0.5", 500)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("3", 3000)]
    [InlineData(".25s", 250)]
    public void AdvertInt_WrittenAsDuration_ReadsAsTimeSpan(string text, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ReadInstance($"advert_int: {text}").AdvertInterval);
    }

    [Fact]
    public void SourceMap_RecordsKeyAndValueLocations()
    {
        var (config, _) = Read("""
            vrrp_instances:
              VI_1:
                virtual_router_id: 300
                virtual_ipaddress: [ "10.1.1.200/24 dev eth1" ]
            """);

        var instance = config.Instances[0];
        Assert.Equal(new SourceLocation("havrrp.yaml", 2, 3), instance.Source.Location);
        Assert.Equal(new SourceLocation("havrrp.yaml", 3, 5), instance.Source.Of("virtual_router_id"));
        Assert.Equal(new SourceLocation("havrrp.yaml", 3, 24), instance.Source.Of("virtual_router_id:value"));
        var address = instance.VirtualIpAddresses[0];
        Assert.Equal(new SourceLocation("havrrp.yaml", 4, 26), address.Source.Location);
        Assert.Equal(new SourceLocation("havrrp.yaml", 4, 41), address.Source.Of("dev"));
        Assert.Equal(new SourceLocation("havrrp.yaml", 4, 45), address.Source.Of("dev:value"));
    }

    [Theory]
    [InlineData("vrrp_instances: [", "havrrp.yaml:2:1: error HV0050: YAML syntax error: ")]
    [InlineData("vrrp_instances: []", "havrrp.yaml:1:17: error HV0051: vrrp_instances must be a mapping, not a sequence")]
    [InlineData("vrrp_instances:\n  VI_1:\n    priority: [1]", "havrrp.yaml:3:15: error HV0051: priority must be a single value, not a sequence")]
    [InlineData("vrrp_instances:\n  VI_1:\n    priorty: 1", "havrrp.yaml:3:5: warning HV0052: unknown key 'priorty' in vrrp_instance VI_1; did you mean 'priority'?")]
    [InlineData("vrrp_instance:\n  VI_1: {}", "havrrp.yaml:1:1: warning HV0052: unknown key 'vrrp_instance' in the top level; did you mean 'vrrp_instances'?")]
    [InlineData("global_defs:\n  colour: blue", "havrrp.yaml:2:3: warning HV0052: unknown key 'colour' in global_defs")]
    [InlineData("vrrp_instances:\n  VI_1:\n    virtual_router_id: abc", "havrrp.yaml:3:24: error HV0024: invalid virtual_router_id 'abc': expected a whole number")]
    [InlineData("vrrp_instances:\n  VI_1:\n    advert_int: 1 sec", "havrrp.yaml:3:17: error HV0024: invalid advert_int '1 sec': expected a duration such as 1s, 100ms, 1.5s, 2m or a number of seconds")]
    [InlineData("vrrp_instances:\n  VI_1:\n    state: PRIMARY", "havrrp.yaml:3:12: error HV0024: invalid state 'PRIMARY': expected MASTER or BACKUP")]
    [InlineData("vrrp_instances:\n  VI_1:\n    nopreempt: maybe", "havrrp.yaml:3:16: error HV0024: invalid nopreempt 'maybe': expected true or false")]
    [InlineData("vrrp_instances:\n  VI_1:\n    virtual_ipaddress: [ \"10.1.1.300/24 dev eth1\" ]", "havrrp.yaml:3:27: error HV0024: invalid virtual_ipaddress '10.1.1.300/24': expected an address such as 10.1.1.200/24 or fd00::1/64")]
    [InlineData("vrrp_instances:\n  VI_1:\n    virtual_ipaddress: [ \"10.1.1.3/24 colour red\" ]", "havrrp.yaml:3:39: error HV0024: invalid virtual_ipaddress 'colour': expected one of brd, dev, label, scope, no_track or use_vmac")]
    [InlineData("vrrp_instances:\n  VI_1:\n    virtual_ipaddress: [ \"10.1.1.3/24 dev\" ]", "havrrp.yaml:3:39: error HV0023: dev in virtual_ipaddress has no value")]
    [InlineData("vrrp_instances:\n  VI_1:\n    unicast_src_ip: 10.1.1", "havrrp.yaml:3:21: error HV0024: invalid unicast_src_ip '10.1.1': expected an IP address")]
    [InlineData("vrrp_instances:\n  VI_1:\n    virtual_routes: [ \"10.1.1.5/8 via 10.1.1.1\" ]", "havrrp.yaml:3:24: error HV0024: invalid virtual_routes '10.1.1.5/8': expected a network such as 192.168.100.0/24 (host bits clear) or an address")]
    [InlineData("vrrp_instances:\n  VI_1:\n    priority:", "havrrp.yaml:3:14: error HV0023: priority has no value")]
    [InlineData("vrrp_instances:\n  VI_1:", "havrrp.yaml:2:8: error HV0023: vrrp_instance VI_1 has no settings")]
    [InlineData("vrrp_scripts:\n  chk: { interval: 2s }", "havrrp.yaml:2:3: error HV0023: vrrp_script chk has no script")]
    [InlineData("vrrp_instances:\n  VI_1:\n    authentication: { auth_type: PASS }", "havrrp.yaml:3:21: error HV0023: authentication has no auth_pass")]
    [InlineData("vrrp_instances:\n  VI_1: { virtual_router_id: 1 }\n  VI_1: { virtual_router_id: 2 }", "havrrp.yaml:3:3: error HV0025: 'VI_1' appears twice in vrrp_instances (first at line 2); this one is ignored")]
    [InlineData("vrrp_instances:\n  VI_1:\n    priority: 1\n    priority: 2", "havrrp.yaml:4:5: error HV0025: 'priority' appears twice in vrrp_instance VI_1 (first at line 3); this one is ignored")]
    [InlineData("global_defs: {}\n---\nb: 2", "havrrp.yaml:2:1: error HV0050: YAML syntax error: only one document is allowed; everything from here on is ignored")]
    [InlineData("- 1", "havrrp.yaml:1:1: error HV0051: the top level must be a mapping, not a sequence")]
    [InlineData("# only a comment\n", "havrrp.yaml: warning HV0005: configuration is empty")]
    public void BadInput_IsReportedWithExactDiagnostic(string yaml, string expected)
    {
        var (_, diagnostics) = Read(yaml);

        Assert.True(
            diagnostics.Length == 1 && diagnostics[0].StartsWith(expected, StringComparison.Ordinal),
            "got: " + string.Join(" | ", diagnostics));
    }

    [Fact]
    public void BadInput_NeverThrows_AndKeepsWhatCouldBeRead()
    {
        var (config, diagnostics) = Read("vrrp_instances:\n  VI_1:\n    virtual_router_id: abc\n    priority: 90\n");

        Assert.Single(diagnostics);
        Assert.Equal(90, Assert.Single(config.Instances).Priority);
    }

    [Fact]
    public void Read_MissingFile_ReportsHV0001()
    {
        var path = Path.Combine(Path.GetTempPath(), $"havrrp-missing-{Guid.NewGuid():N}.yaml");
        var diagnostics = new DiagnosticBag();

        YamlConfigReader.Read(path, diagnostics);

        Assert.Equal($"{path}: error HV0001: file not found", Assert.Single(diagnostics.Items).ToString());
    }

    [Fact]
    public void Read_Directory_ReportsHV0002()
    {
        var diagnostics = new DiagnosticBag();

        YamlConfigReader.Read(Path.GetTempPath(), diagnostics);

        Assert.Equal($"{Path.GetTempPath()}: error HV0002: cannot read file: it is a directory", Assert.Single(diagnostics.Items).ToString());
    }

    [Theory]
    [InlineData(new byte[] { (byte)'a', (byte)':', 0, 1 }, "error HV0003: file is not text (it contains a NUL byte)", "1:3")]
    [InlineData(new byte[] { (byte)'a', (byte)':', (byte)'\n', 0xC3, 0x28 }, "error HV0003: file is not UTF-8 text", "2:1")]
    public void Read_BinaryOrInvalidUtf8_ReportsHV0003(byte[] content, string expected, string lineAndColumn)
    {
        var diagnostic = ReadFile(content);

        Assert.EndsWith($":{lineAndColumn}: {expected}", diagnostic, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileOverFourMebibytes_ReportsHV0004()
    {
        const long limit = ConfigLoadLimits.DefaultMaxFileBytes;
        var diagnostic = ReadFile(Encoding.UTF8.GetBytes(new string('#', (int)limit + 1)));

        Assert.EndsWith($": error HV0004: file is {limit + 1} bytes, larger than the {limit}-byte limit; not read", diagnostic, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_WarnsHV0005()
    {
        Assert.EndsWith(": warning HV0005: configuration is empty", ReadFile([]), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileWithByteOrderMark_ReadsNormally()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("global_defs: { router_id: lb1 }\n")]);
            var diagnostics = new DiagnosticBag();

            var config = YamlConfigReader.Read(path, diagnostics);

            Assert.Empty(diagnostics.Items);
            Assert.Equal("lb1", config.Global.RouterId);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string ReadFile(byte[] content)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, content);
            var diagnostics = new DiagnosticBag();
            YamlConfigReader.Read(path, diagnostics);
            return Assert.Single(diagnostics.Items).ToString();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
