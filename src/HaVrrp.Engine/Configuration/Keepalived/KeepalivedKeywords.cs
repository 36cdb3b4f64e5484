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

    // The sets below follow keepalived v2.4.3's parser (global_parser.c, vrrp_parser.c, track_file.c and the roots
    // of check_parser.c and bfd_parser.c): every keyword there is either handled by the mappers or listed here, and
    // nothing is listed here that keepalived does not read. KeepalivedUpstreamKeywordTests walks that list.

    public static readonly FrozenSet<string> UnsupportedTopLevel = FrozenSet.ToFrozenSet(
    [
        "bfd_instance", "garp_group", "track_group", "linkbeat_interfaces",
        "linkbeat_use_polling", "interface_up_down_delays", "net_namespace", "net_namespace_ipvs",
        "namespace_with_ipsets", "instance", "use_pid_dir", "child_wait_time", "SSL",
    ]);

    public static readonly FrozenSet<string> UnsupportedGlobal = FrozenSet.ToFrozenSet(
    [
        "enable_traps", "lvs_timeouts", "lvs_flush", "lvs_flush_on_stop", "lvs_flush_onstop", "lvs_sync_daemon",
        "lvs_notify_fifo", "lvs_notify_fifo_script", "lvs_process_name", "lvs_netlink_cmd_rcv_bufs",
        "lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs", "lvs_netlink_monitor_rcv_bufs_force",
        "nftables_ipvs", "nftables_ipvs_priority", "nftables_ipvs_start_fwmark", "rs_init_notifies",
        "snmp_vs_stats_update_interval", "snmp_rs_stats_update_interval", "no_checker_emails",
        "enable_snmp_vrrp", "enable_snmp_keepalived", "enable_snmp_checker", "enable_snmp_rfc", "enable_snmp_rfcv2",
        "enable_snmp_rfcv3", "snmp_socket", "enable_dbus", "dbus_service_name", "dbus_no_interface_name",
        "max_auto_priority", "min_auto_priority_delay", "checker_priority", "bfd_priority",
        "vrrp_no_swap", "checker_no_swap", "bfd_no_swap", "vrrp_cpu_affinity", "checker_cpu_affinity",
        "bfd_cpu_affinity", "checker_rt_priority", "bfd_rt_priority",
        "checker_rlimit_rttime", "bfd_rlimit_rttime", "checker_rlimit_rtime", "bfd_rlimit_rtime",
        "vrrp_min_garp", "vrrp_garp_extra_if", "vrrp_vmac_garp_intvl",
        "vrrp_notify_priority_changes", "fifo_write_vrrp_states_on_reload",
        "vrrp_delay_after_boot", "dynamic_interfaces", "vmac_prefix", "vmac_addr_prefix",
        "nftables_ifindex", "vrrp_iptables", "vrrp_ipsets",
        "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier", "reload_check_config", "reload_time_file", "reload_repeat",
        "reload_file", "include_check", "config_save_dir", "tmp_config_directory", "data_use_instance",
        "json_version", "smtp_helo_name", "smtp_alert",
        "smtp_alert_vrrp", "smtp_alert_checker", "checker_log_all_failures", "notify_fifo_script",
        "vrrp_notify_fifo_script", "process_names", "process_name", "vrrp_process_name", "checker_process_name",
        "bfd_process_name", "use_symlink_paths", "default_interface", "umask", "startup_script",
        "startup_script_timeout", "shutdown_script", "shutdown_script_timeout", "random_seed", "disable_local_igmp",
        "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
        "vrrp_netlink_monitor_rcv_bufs_force", "process_monitor_rcv_bufs", "process_monitor_rcv_bufs_force",
        "no_email_faults", "iproute_usr_dir", "iproute_etc_dir",
    ]);

    public static readonly FrozenSet<string> UnsupportedInstance = FrozenSet.ToFrozenSet(
    [
        "use_ipvlan", "vrf", "track_bfd",
        "track_src_ip", "old_unicast_checksum",
        "garp_extra_if", "vmac_garp_intvl", "timer_expired_backup", "thread_timer_expired",
        "auth_hmac",
        "notify_priority_changes", "kernel_rx_buf_size", "notify_deleted", "debug", "linkbeat_use_polling",
        "native_ipv6", "lvs_sync_daemon_interface",
    ]);

    public static readonly FrozenSet<string> UnsupportedSyncGroup = FrozenSet.ToFrozenSet(
    [
        "track_bfd", "global_tracking", "notify_priority_changes",
    ]);

    /// <summary>
    /// Recognised keywords that decide when an instance fails over, with what a node running without them would lose.
    /// Ignoring one would let the node run and then never fail over for it, so each is an error (HV0027), not HV0022.
    /// </summary>
    public static readonly FrozenDictionary<string, string> UnimplementedFailoverTriggers = new Dictionary<string, string>
    {
        ["track_bfd"] =
            "it fails over when a BFD session goes down, and HaVrrp has no BFD; track the neighbour with a vrrp_script instead",
        ["track_src_ip"] =
            "it would put the instance in FAULT when its source address goes away, and HaVrrp does not watch it; remove it or track the address with a vrrp_script",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Why a keyword of <see cref="UnsupportedTopLevel"/>, <see cref="UnsupportedGlobal"/>... is ignored, where the
    /// reason is a whole part of keepalived HaVrrp leaves out on purpose; null for features not built (yet).
    /// </summary>
    public static string? ReasonIgnored(string keyword) => keyword switch
    {
        _ when keyword.StartsWith("lvs_", StringComparison.Ordinal) || keyword.StartsWith("checker_", StringComparison.Ordinal) ||
               keyword.StartsWith("nftables_ipvs", StringComparison.Ordinal) ||
               keyword is "SSL" or "net_namespace_ipvs" or "rs_init_notifies" or "snmp_vs_stats_update_interval"
                   or "snmp_rs_stats_update_interval" or "no_checker_emails" or "smtp_alert_checker" =>
            "it configures keepalived's LVS half, which HaVrrp does not implement",
        "vrrp_iptables" or "vrrp_ipsets" =>
            "havrrpd enforces no_accept with nftables (global_defs nftables), not iptables",
        "nftables_ifindex" =>
            "havrrpd matches link-local VIPs by interface name, which survives an interface being re-created",
        _ when keyword.StartsWith("bfd_", StringComparison.Ordinal) || keyword == "track_bfd" =>
            "HaVrrp has no BFD",
        _ when keyword.Contains("snmp", StringComparison.Ordinal) || keyword.Contains("dbus", StringComparison.Ordinal) ||
               keyword == "enable_traps" =>
            "HaVrrp has no SNMP or D-Bus interface; the control socket serves monitoring",
        _ => null,
    };

    /// <summary>Address options of <c>ip address add</c> that keepalived passes on and HaVrrp does not.</summary>
    public static readonly FrozenSet<string> UnsupportedAddressFlags = FrozenSet.ToFrozenSet(
        ["home", "-nodad", "nodad", "mngtmpaddr", "noprefixroute", "autojoin"]);

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
