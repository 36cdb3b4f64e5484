using System.Collections.Frozen;

namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// keepalived keywords HaVrrp recognises but does not implement (HV0022), per block. Anything neither handled
/// nor listed here is unknown (HV0020), which usually means a typing mistake.
/// </summary>
internal static class KeepalivedKeywords
{
    /// <summary>Blocks of keepalived's LVS half: parsed, ignored, one HV0021 for the whole file set.</summary>
    public static readonly FrozenSet<string> LoadBalancerBlocks = FrozenSet.ToFrozenSet(["virtual_server", "virtual_server_group"]);

    public static readonly FrozenSet<string> UnsupportedTopLevel = FrozenSet.ToFrozenSet(
    [
        "vrrp_track_process", "bfd_instance", "garp_group", "track_group", "static_rules", "linkbeat_interfaces",
        "interface_up_down_delays", "net_namespace", "net_namespace_ipvs", "namespace_with_ipsets", "instance",
        "use_pid_dir", "vrrp_gname",
    ]);

    public static readonly FrozenSet<string> UnsupportedGlobal = FrozenSet.ToFrozenSet(
    [
        "enable_traps", "lvs_id", "lvs_sync_daemon", "lvs_timeouts", "lvs_flush", "lvs_flush_onstop",
        "lvs_notify_fifo", "lvs_notify_fifo_script", "enable_snmp_vrrp", "enable_snmp_keepalived",
        "enable_snmp_checker", "enable_snmp_rfc", "enable_snmp_rfcv2", "enable_snmp_rfcv3", "snmp_socket",
        "enable_dbus", "dbus_service_name", "dbus_no_interface_name", "max_auto_priority",
        "min_auto_priority_delay", "vrrp_priority", "checker_priority", "bfd_priority", "vrrp_no_swap",
        "checker_no_swap", "bfd_no_swap", "vrrp_cpu_affinity", "checker_cpu_affinity", "bfd_cpu_affinity",
        "vrrp_rt_priority", "checker_rt_priority", "bfd_rt_priority", "vrrp_rlimit_rttime",
        "checker_rlimit_rttime", "bfd_rlimit_rttime", "vrrp_min_garp", "vrrp_garp_extra_if",
        "vrrp_down_timer_adverts", "vrrp_lower_prio_no_advert", "vrrp_higher_prio_send_advert",
        "vrrp_check_unicast_src", "vrrp_skip_check_adv_addr", "vrrp_notify_priority_changes",
        "fifo_write_vrrp_states_on_reload", "vrrp_delay_after_boot", "dynamic_interfaces", "vmac_prefix",
        "vmac_addr_prefix", "nftables", "nftables_priority", "nftables_counters", "nftables_ifindex",
        "vrrp_iptables", "vrrp_ipsets", "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier", "reload_check_config",
        "reload_time_file", "reload_repeat", "reload_file", "include_check", "data_use_instance",
        "state_file_location", "stats_file_location", "json_file_location", "json_version", "linkbeat_interfaces",
        "linkbeat_use_polling", "interface_up_down_delays", "smtp_helo_name", "smtp_alert", "smtp_alert_vrrp",
        "smtp_alert_checker", "notify_fifo_script", "vrrp_notify_fifo_script", "process_names", "process_name",
        "vrrp_process_name", "checker_process_name", "bfd_process_name", "default_interface", "local_name",
        "umask", "startup_script", "startup_script_timeout", "shutdown_script", "shutdown_script_timeout",
        "random_seed", "disable_local_igmp", "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force",
        "vrrp_netlink_monitor_rcv_bufs", "vrrp_netlink_monitor_rcv_bufs_force", "vrrp_startup_delay_after_boot",
        "checker_log_all_failures", "script_timeout", "no_email_faults", "vrrp_garp_lower_prio_delay_after_boot",
        "vrrp_version_default", "vrrp_own_all_if", "vrrp_skip_check_adv_addr", "vrrp_strict_mode",
        "vrrp_tracking_priority", "enable_script_security_hashed", "vrrp_track_process_name",
    ]);

    public static readonly FrozenSet<string> UnsupportedInstance = FrozenSet.ToFrozenSet(
    [
        "use_vmac", "use_vmac_addr", "vmac_xmit_base", "use_ipvlan", "vrf", "track_process", "track_bfd",
        "track_src_ip", "unicast_fault_no_peer", "unicast_ttl", "check_unicast_src", "old_unicast_checksum",
        "garp_extra_if", "down_timer_adverts", "timer_expired_backup", "thread_timer_expired",
        "lower_prio_no_advert", "higher_prio_send_advert", "auth_hmac", "no_virtual_ipaddress",
        "promote_secondaries", "virtual_rules", "skip_check_adv_addr", "strict_mode", "notify_priority_changes",
        "kernel_rx_buf_size", "notify_deleted", "debug", "linkbeat_use_polling", "native_ipv6", "track_group",
        "vmac_group", "unicast_peer_ttl", "notify_stop_script",
    ]);

    public static readonly FrozenSet<string> UnsupportedSyncGroup = FrozenSet.ToFrozenSet(
    [
        "track_process", "track_bfd", "global_tracking", "notify_deleted", "notify_priority_changes",
    ]);

    /// <summary>Address options of <c>ip address add</c> that keepalived passes on and HaVrrp does not.</summary>
    public static readonly FrozenSet<string> UnsupportedAddressFlags = FrozenSet.ToFrozenSet(
        ["home", "-nodad", "nodad", "mngtmpaddr", "noprefixroute", "autojoin", "use_vmac"]);

    public static readonly FrozenSet<string> UnsupportedAddressOptions = FrozenSet.ToFrozenSet(
        ["peer", "preferred_lft", "valid_lft", "protocol"]);

    /// <summary>Route options of <c>ip route add</c> that take a value and that HaVrrp does not apply.</summary>
    public static readonly FrozenSet<string> UnsupportedRouteOptions = FrozenSet.ToFrozenSet(
    [
        "protocol", "proto", "tos", "dsfield", "realms", "mtu", "advmss", "rtt", "rttvar", "reordering", "window",
        "cwnd", "ssthresh", "initcwnd", "initrwnd", "features", "quickack", "congctl", "pref", "expires",
        "fastopen_no_cookie", "ttl-propagate", "hoplimit", "nexthop", "encap", "as", "from",
    ]);

    public static readonly FrozenSet<string> UnsupportedRouteFlags = FrozenSet.ToFrozenSet(["onlink", "lock"]);

    public static readonly FrozenSet<string> RouteTypes = FrozenSet.ToFrozenSet(
        ["blackhole", "unreachable", "prohibit", "throw", "local", "broadcast", "multicast", "unicast"]);
}
