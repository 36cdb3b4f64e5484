using System.Net;
using FsCheck;
using FsCheck.Fluent;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using HaVrrp.Engine.Configuration.Yaml;

namespace HaVrrp.Engine.Tests.Configuration;

/// <summary>
/// Golden texts for keepalived.conf output. Once the keepalived reader is merged, each golden also
/// becomes a conf -> model round trip.
/// </summary>
public sealed class KeepalivedConfigWriterTests
{
    private static string ExamplePath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Examples", .. parts]);

    [Fact]
    public void ExampleYaml_LoadsWithoutDiagnostics()
    {
        var diagnostics = new DiagnosticBag();

        var config = YamlConfigReader.Read(ExamplePath("havrrp.yaml"), diagnostics);

        Assert.Empty(diagnostics.Items);
        Assert.Equal(["outside", "inside"], config.Instances.Select(instance => instance.Name));
    }

    [Fact]
    public void ExampleYaml_WrittenAsKeepalived_IsTheShippedLbPairConf()
    {
        var config = YamlConfigReader.Read(ExamplePath("havrrp.yaml"), new DiagnosticBag());

        Assert.Equal(File.ReadAllText(ExamplePath("keepalived", "lb-pair.conf")), KeepalivedConfigWriter.Write(config));
    }

    [Fact]
    public void Instance_WithEveryOption_IsWrittenInKeepalivedSyntax()
    {
        var config = new HaVrrpConfiguration
        {
            Instances = new[]
            {
                new VrrpInstanceConfig
                {
                    Name = "VI_1",
                    InitialState = InitialState.Backup,
                    Interface = "eth0",
                    VirtualRouterId = 51,
                    Priority = 90,
                    AdvertInterval = TimeSpan.FromMilliseconds(500),
                    Version = 3,
                    Authentication = new AuthenticationConfig(AuthenticationType.Pass, "secret"),
                    Preempt = false,
                    PreemptDelay = TimeSpan.FromSeconds(30),
                    Accept = false,
                    DontTrackPrimary = true,
                    MulticastSourceIp = IPAddress.Parse("10.0.0.2"),
                    MulticastDestinationIp = IPAddress.Parse("224.0.0.19"),
                    UnicastSourceIp = IPAddress.Parse("10.0.0.2"),
                    UnicastPeers = new[] { new UnicastPeer(IPAddress.Parse("10.0.0.3")) { MinTtl = 250, MaxTtl = 255 } },
                    V3ChecksumAsV2 = true,
                    VirtualIpAddresses = new[]
                    {
                        new VirtualAddress(IPAddress.Parse("10.0.0.100")) { PrefixLength = 24, Broadcast = IPAddress.Parse("10.0.0.255"), Device = "eth0", Scope = "global", Label = "eth0:vip", NoTrack = true },
                    },
                    ExcludedVirtualIpAddresses = new[] { new VirtualAddress(IPAddress.Parse("fd00::100")) { PrefixLength = 64 } },
                    VirtualRoutes = new[]
                    {
                        new VirtualRoute(IPNetwork.Parse("192.168.100.0/24")) { Via = IPAddress.Parse("10.0.0.1"), Device = "eth0", PreferredSource = IPAddress.Parse("10.0.0.100"), Metric = 10, Table = "100", Scope = "global", NoTrack = true },
                        new VirtualRoute(IPNetwork.Parse("172.16.0.0/12")) { Type = "blackhole" },
                    },
                    TrackInterfaces = new[] { new TrackReference("eth1") { Weight = -10 } },
                    TrackScripts = new[] { new TrackReference("chk_haproxy"), new TrackReference("chk_nginx") { Weight = -20, Reverse = true } },
                    TrackFiles = new[] { new TrackReference("maintenance") { Reverse = false } },
                    Notify = new NotifyConfig
                    {
                        Master = new NotifyScript("/etc/havrrp/notify.sh master"),
                        Any = new NotifyScript("/etc/havrrp/notify.sh") { User = new ScriptUser("haproxy", "haproxy") },
                    },
                    Garp = new GarpSettings { MasterDelay = TimeSpan.FromSeconds(10), MasterRepeat = 3, MasterRefresh = TimeSpan.FromMinutes(1) },
                    SmtpAlert = true,
                },
            },
        };

        Assert.Equal(
            """
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                priority 90
                advert_int 0.5
                version 3
                nopreempt
                preempt_delay 30
                no_accept
                dont_track_primary
                mcast_src_ip 10.0.0.2
                mcast_dst_ip 224.0.0.19
                unicast_src_ip 10.0.0.2
                unicast_peer {
                    10.0.0.3 min_ttl 250 max_ttl 255
                }
                v3_checksum_as_v2
                authentication {
                    auth_type PASS
                    auth_pass secret
                }
                virtual_ipaddress {
                    10.0.0.100/24 brd 10.0.0.255 dev eth0 scope global label eth0:vip no_track
                }
                virtual_ipaddress_excluded {
                    fd00::100/64
                }
                virtual_routes {
                    192.168.100.0/24 via 10.0.0.1 dev eth0 src 10.0.0.100 metric 10 table 100 scope global no_track
                    blackhole 172.16.0.0/12
                }
                track_interface {
                    eth1 weight -10
                }
                track_script {
                    chk_haproxy
                    chk_nginx weight -20 reverse
                }
                track_file {
                    maintenance noreverse
                }
                garp_master_delay 10
                garp_master_refresh 60
                garp_master_repeat 3
                notify_master "/etc/havrrp/notify.sh master"
                notify "/etc/havrrp/notify.sh" haproxy haproxy
                smtp_alert
            }

            """.ReplaceLineEndings("\n"),
            KeepalivedConfigWriter.Write(config));
    }

    [Fact]
    public void GlobalsScriptsTrackFilesGroupsAndStatics_AreWrittenInKeepalivedOrder()
    {
        var config = new HaVrrpConfiguration
        {
            Global = new GlobalSettings
            {
                RouterId = "lb1",
                NotificationEmails = new[] { "ops@example.com" },
                NotificationEmailFrom = "lb1@example.com",
                SmtpServer = "127.0.0.1",
                SmtpConnectTimeout = TimeSpan.FromSeconds(30),
                MulticastGroup4 = IPAddress.Parse("224.0.0.19"),
                VrrpVersion = 3,
                ScriptUser = new ScriptUser("keepalived_script"),
                VrrpStrict = true,
                Garp = GarpSettings.Defaults with { MasterDelay = TimeSpan.FromSeconds(1), Interval = TimeSpan.FromMilliseconds(1) },
                VrrpNotifyFifo = "/run/havrrp.fifo",
                StartupDelay = TimeSpan.FromSeconds(5),
            },
            StaticAddresses = new[] { new VirtualAddress(IPAddress.Parse("192.168.1.5")) { PrefixLength = 24, Device = "eth1" } },
            StaticRoutes = new[] { new VirtualRoute(IPNetwork.Parse("10.0.0.0/8")) { Via = IPAddress.Parse("192.168.1.1") } },
            Scripts = new[]
            {
                new VrrpScriptConfig { Name = "chk_haproxy", Script = "killall -0 haproxy", Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(1), Weight = -20, WeightReverse = true, Rise = 2, Fall = 3, User = new ScriptUser("haproxy"), InitFail = true },
            },
            TrackFiles = new[]
            {
                new TrackFileConfig { Name = "maintenance", File = "/etc/havrrp/maintenance", Weight = -1, InitFile = true, InitValue = 0, InitOverwrite = true },
            },
            SyncGroups = new[]
            {
                new SyncGroupConfig { Name = "VG_1", Members = new[] { "VI_1", "VI_2" }, Notify = new NotifyConfig { Fault = new NotifyScript("/etc/havrrp/fault.sh VG_1") }, SmtpAlert = false, TrackingWeight = true },
            },
        };

        Assert.Equal(
            """
            global_defs {
                notification_email {
                    ops@example.com
                }
                notification_email_from lb1@example.com
                smtp_server 127.0.0.1
                smtp_connect_timeout 30
                router_id lb1
                vrrp_mcast_group4 224.0.0.19
                vrrp_version 3
                script_user keepalived_script
                vrrp_strict
                vrrp_garp_master_delay 1
                vrrp_garp_interval 0.001
                vrrp_notify_fifo "/run/havrrp.fifo"
                vrrp_startup_delay 5
            }

            static_ipaddress {
                192.168.1.5/24 dev eth1
            }

            static_routes {
                10.0.0.0/8 via 192.168.1.1
            }

            vrrp_script chk_haproxy {
                script "killall -0 haproxy"
                interval 2
                timeout 1
                weight -20 reverse
                rise 2
                fall 3
                user haproxy
                init_fail
            }

            track_file maintenance {
                file "/etc/havrrp/maintenance"
                weight -1
                init_file 0 overwrite
            }

            vrrp_sync_group VG_1 {
                group {
                    VI_1
                    VI_2
                }
                notify_fault "/etc/havrrp/fault.sh VG_1"
                smtp_alert false
                sync_group_tracking_weight
            }

            """.ReplaceLineEndings("\n"),
            KeepalivedConfigWriter.Write(config));
    }

    [Fact]
    public void AnyExpressibleConfiguration_IsWrittenWithBalancedBlocksAndNoEmptyValues()
    {
        var seeds = ArbMap.Default.GeneratorFor<int>().ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(seeds, seed =>
        {
            var text = KeepalivedConfigWriter.Write(new RandomConfiguration(seed) { KeepalivedExpressible = true }.Create());
            var depth = 0;
            foreach (var line in text.Split('\n'))
            {
                depth += line.EndsWith(" {", StringComparison.Ordinal) ? 1 : line.Trim() == "}" ? -1 : 0;
                Assert.True(depth >= 0, text);
                Assert.Equal(line.TrimEnd(), line);
            }
            Assert.Equal(0, depth);
        }));
    }
}
