using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using static HaVrrp.Engine.Tests.Configuration.Keepalived.KeepalivedTestSupport;

namespace HaVrrp.Engine.Tests.Configuration.Keepalived;

/// <summary>
/// Walks every keyword keepalived's own parser installs and checks that havrrpd knows it: supported, ignored with a
/// reason (HV0021/HV0022), or refused with an error — never "unknown keyword" (HV0020), which would tell an operator
/// migrating a working keepalived.conf that they made a typing mistake. And the other way round: everything
/// havrrpd calls a keepalived keyword is one.
/// </summary>
public sealed class KeepalivedUpstreamKeywordTests
{
    // The keyword lists below are taken from keepalived v2.4.3's parser (install_keyword_root / install_keyword
    // calls in keepalived/core/global_parser.c, keepalived/vrrp/vrrp_parser.c, keepalived/trackers/track_file.c,
    // and the roots of keepalived/check/check_parser.c and keepalived/bfd/bfd_parser.c).

    public static readonly string[] TopLevel =
    [
        "global_defs", "linkbeat_use_polling", "net_namespace", "net_namespace_ipvs", "namespace_with_ipsets",
        "use_pid_dir", "instance", "child_wait_time", "track_group", "static_ipaddress", "static_routes",
        "static_rules", "vrrp_sync_group", "garp_group", "linkbeat_interfaces", "vrrp_instance", "vrrp_script",
        "vrrp_track_process", "interface_up_down_delays", "track_file", "vrrp_track_file", "virtual_server",
        "virtual_server_group", "bfd_instance", "SSL",
    ];

    public static readonly string[] GlobalDefs =
    [
        "process_names", "process_name", "vrrp_process_name", "checker_process_name", "lvs_process_name",
        "bfd_process_name", "use_symlink_paths", "router_id", "notification_email_from", "smtp_server",
        "smtp_helo_name", "smtp_connect_timeout", "notification_email", "smtp_alert", "startup_script",
        "startup_script_timeout", "shutdown_script", "shutdown_script_timeout", "max_auto_priority",
        "min_auto_priority_delay", "smtp_alert_vrrp", "smtp_alert_checker", "checker_log_all_failures",
        "dynamic_interfaces", "no_email_faults", "default_interface", "disable_local_igmp", "v3_checksum_as_v2",
        "lvs_timeouts", "lvs_flush", "lvs_flush_on_stop", "lvs_flush_onstop", "lvs_sync_daemon", "vrrp_mcast_group4",
        "vrrp_mcast_group6", "vrrp_garp_master_delay", "vrrp_garp_master_repeat", "vrrp_garp_master_refresh",
        "vrrp_garp_master_refresh_repeat", "vrrp_garp_lower_prio_delay", "vrrp_garp_lower_prio_repeat",
        "vrrp_down_timer_adverts", "vrrp_garp_interval", "vrrp_gna_interval", "vrrp_min_garp", "vrrp_garp_extra_if",
        "vrrp_vmac_garp_intvl", "vrrp_lower_prio_no_advert", "vrrp_higher_prio_send_advert", "vrrp_version",
        "vrrp_iptables", "vrrp_ipsets", "nftables", "nftables_priority", "nftables_ifindex", "vrrp_check_unicast_src",
        "vrrp_skip_check_adv_addr", "vrrp_strict", "vrrp_priority", "vrrp_no_swap", "vrrp_rt_priority",
        "vrrp_cpu_affinity", "vrrp_rlimit_rttime", "vrrp_rlimit_rtime", "nftables_ipvs", "nftables_ipvs_priority",
        "nftables_ipvs_start_fwmark", "nftables_counters", "notify_fifo", "notify_fifo_script", "vrrp_notify_fifo",
        "vrrp_notify_fifo_script", "vrrp_notify_priority_changes", "fifo_write_vrrp_states_on_reload",
        "lvs_notify_fifo", "lvs_notify_fifo_script", "checker_priority", "checker_no_swap", "checker_rt_priority",
        "checker_cpu_affinity", "checker_rlimit_rttime", "checker_rlimit_rtime", "bfd_priority", "bfd_no_swap",
        "bfd_rt_priority", "bfd_cpu_affinity", "bfd_rlimit_rttime", "bfd_rlimit_rtime", "snmp_socket", "enable_traps",
        "enable_snmp_vrrp", "enable_snmp_keepalived", "enable_snmp_rfc", "enable_snmp_rfcv2", "enable_snmp_rfcv3",
        "enable_snmp_checker", "snmp_vs_stats_update_interval", "snmp_rs_stats_update_interval", "enable_dbus",
        "dbus_service_name", "dbus_no_interface_name", "script_user", "enable_script_security",
        "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
        "vrrp_netlink_monitor_rcv_bufs_force", "process_monitor_rcv_bufs", "process_monitor_rcv_bufs_force",
        "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs",
        "lvs_netlink_monitor_rcv_bufs_force", "rs_init_notifies", "no_checker_emails", "vrrp_rx_bufs_policy",
        "vrrp_rx_bufs_multiplier", "vrrp_startup_delay", "vrrp_delay_after_boot", "log_unknown_vrids",
        "vrrp_owner_ignore_adverts", "vmac_prefix", "vmac_addr_prefix", "umask", "random_seed", "reload_check_config",
        "reload_time_file", "reload_repeat", "reload_file", "include_check", "config_save_dir", "tmp_config_directory",
        "data_use_instance", "json_version", "iproute_usr_dir", "iproute_etc_dir", "state_dump_file",
        "stats_dump_file", "json_dump_file",
    ];

    public static readonly string[] VrrpInstance =
    [
        "use_vmac", "use_vmac_addr", "vmac_xmit_base", "use_ipvlan", "unicast_peer", "unicast_fault_no_peer",
        "check_unicast_src", "old_unicast_checksum", "native_ipv6", "state", "interface", "vrf", "dont_track_primary",
        "track_interface", "track_script", "track_file", "track_process", "track_bfd", "mcast_src_ip",
        "unicast_src_ip", "mcast_dst_ip", "track_src_ip", "virtual_router_id", "unicast_ttl", "version", "priority",
        "advert_int", "virtual_ipaddress", "virtual_ipaddress_excluded", "no_virtual_ipaddress", "promote_secondaries",
        "linkbeat_use_polling", "v3_checksum_as_v2", "virtual_routes", "virtual_rules", "accept", "no_accept",
        "skip_check_adv_addr", "strict_mode", "preempt", "nopreempt", "preempt_delay", "debug", "notify_backup",
        "notify_master", "notify_fault", "notify_stop", "notify_deleted", "notify", "notify_master_rx_lower_pri",
        "smtp_alert", "notify_priority_changes", "lvs_sync_daemon_interface", "garp_master_delay",
        "garp_master_refresh", "garp_master_repeat", "garp_master_refresh_repeat", "garp_lower_prio_delay",
        "garp_lower_prio_repeat", "down_timer_adverts", "timer_expired_backup", "thread_timer_expired",
        "garp_extra_if", "vmac_garp_intvl", "lower_prio_no_advert", "higher_prio_send_advert", "owner_ignore_adverts",
        "kernel_rx_buf_size", "authentication", "auth_hmac",
    ];

    public static readonly string[] VrrpSyncGroup =
    [
        "group", "track_interface", "track_script", "track_file", "track_process", "track_bfd", "notify_backup",
        "notify_master", "notify_fault", "notify_stop", "notify", "smtp_alert", "global_tracking",
        "sync_group_tracking_weight", "notify_priority_changes",
    ];

    public static readonly string[] VrrpScript = ["script", "interval", "timeout", "weight", "rise", "fall", "user", "init_fail"];

    public static readonly string[] TrackFile = ["file", "weight", "init_file"];

    public static TheoryData<string, string> Keywords()
    {
        var data = new TheoryData<string, string>();
        foreach (var keyword in TopLevel)
        {
            data.Add("top level", keyword);
        }
        foreach (var (block, keywords) in new[]
        {
            ("global_defs", GlobalDefs), ("vrrp_instance", VrrpInstance), ("vrrp_sync_group", VrrpSyncGroup),
            ("vrrp_script", VrrpScript), ("track_file", TrackFile),
        })
        {
            foreach (var keyword in keywords)
            {
                data.Add(block, keyword);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Keywords))]
    public void UpstreamKeyword_IsSupportedIgnoredWithAReasonOrRefused_NeverUnknown(string block, string keyword)
    {
        var text = block switch
        {
            "top level" => $"{keyword} x {{\n}}\n",
            "global_defs" => $"global_defs {{\n {keyword} 1\n}}\n",
            _ => $"{block} B {{\n {keyword} 1\n}}\n",
        };

        var (_, diagnostics) = Read(text);

        Assert.DoesNotContain(diagnostics.Items, diagnostic => diagnostic.Code == DiagnosticCodes.UnknownKeyword);
    }

    [Fact]
    public void EveryKeywordHavrrpdCallsKeepalivedsButDoesNotSupport_ExistsUpstream()
    {
        var notUpstream = KeepalivedKeywords.UnsupportedTopLevel.Except(TopLevel)
            .Concat(KeepalivedKeywords.UnsupportedGlobal.Except(GlobalDefs))
            .Concat(KeepalivedKeywords.UnsupportedInstance.Except(VrrpInstance))
            .Concat(KeepalivedKeywords.UnsupportedSyncGroup.Except(VrrpSyncGroup))
            .Order(StringComparer.Ordinal);

        Assert.Empty(notUpstream);
    }
}

public sealed class GlobalV3ChecksumAsV2Tests
{
    [Fact]
    public void GlobalV3ChecksumAsV2_AppliesToEveryInstance_AndSurvivesConversionBothWays()
    {
        var configuration = ReadClean("global_defs {\n v3_checksum_as_v2\n}\nvrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n version 3\n virtual_ipaddress {\n 10.0.0.1\n }\n}\n");

        Assert.True(configuration.Global.V3ChecksumAsV2);
        Assert.False(configuration.Instances[0].V3ChecksumAsV2);
        Assert.Equal(
            HaVrrp.Engine.Protocol.Codec.ChecksumVariant.MessageOnly,
            HaVrrp.Engine.Runtime.ProtocolSettings.Profile(configuration.Instances[0], configuration.Global).IPv4ChecksumVariant);
        var diagnostics = new DiagnosticBag();
        var fromYaml = HaVrrp.Engine.Configuration.Yaml.YamlConfigReader.ReadText(
            HaVrrp.Engine.Configuration.Yaml.YamlConfigWriter.Write(configuration), "havrrp.yaml", diagnostics);
        Assert.True(fromYaml.Global.V3ChecksumAsV2);
        Assert.True(ReadClean(KeepalivedConfigWriter.Write(fromYaml)).Global.V3ChecksumAsV2);
        Assert.Empty(diagnostics.Items);
    }
}

public sealed class AdvertOptionKeywordTests
{
    private const string Config = """
        global_defs {
         vrrp_lower_prio_no_advert
         vrrp_higher_prio_send_advert true
         vrrp_owner_ignore_adverts
         vrrp_check_unicast_src
         vrrp_skip_check_adv_addr
        }
        vrrp_instance VI_1 {
         interface eth0
         virtual_router_id 1
         priority 255
         lower_prio_no_advert false
         higher_prio_send_advert
         owner_ignore_adverts no
         check_unicast_src
         skip_check_adv_addr
         unicast_ttl 64
         strict_mode off
         virtual_ipaddress {
          10.0.0.1
         }
        }
        """;

    [Fact]
    public void AdvertOptions_AreReadGlobalAndPerInstance_AndSurviveConversionBothWays()
    {
        var configuration = ReadClean(Config);

        AssertOptions(configuration);
        var diagnostics = new DiagnosticBag();
        var fromYaml = HaVrrp.Engine.Configuration.Yaml.YamlConfigReader.ReadText(
            HaVrrp.Engine.Configuration.Yaml.YamlConfigWriter.Write(configuration), "havrrp.yaml", diagnostics);
        Assert.Empty(diagnostics.Items);
        AssertOptions(fromYaml);
        AssertOptions(ReadClean(KeepalivedConfigWriter.Write(fromYaml)));
    }

    private static void AssertOptions(HaVrrpConfiguration configuration)
    {
        Assert.True(configuration.Global.LowerPriorityNoAdvert);
        Assert.True(configuration.Global.HigherPrioritySendAdvert);
        Assert.True(configuration.Global.OwnerIgnoreAdverts);
        Assert.True(configuration.Global.CheckUnicastSource);
        Assert.True(configuration.Global.SkipCheckAdvertAddresses);
        var instance = Assert.Single(configuration.Instances);
        Assert.False(instance.LowerPriorityNoAdvert);
        Assert.True(instance.HigherPrioritySendAdvert);
        Assert.False(instance.OwnerIgnoreAdverts);
        Assert.True(instance.CheckUnicastSource);
        Assert.True(instance.SkipCheckAdvertAddresses);
        Assert.Equal(64, instance.UnicastTtl);
        Assert.False(instance.StrictMode);
    }
}
