using System.Net;

namespace HaVrrp.Engine.Configuration;

/// <summary>keepalived's <c>global_defs</c>, the parts that matter to VRRP, with keepalived's defaults.</summary>
public sealed record GlobalSettings
{
    public static readonly IPAddress DefaultMulticastGroup4 = IPAddress.Parse("224.0.0.18");
    public static readonly IPAddress DefaultMulticastGroup6 = IPAddress.Parse("ff02::12");

    /// <summary>Node name in logs and notifications; keepalived defaults it to the host name.</summary>
    public string? RouterId { get; init; }

    public IPAddress MulticastGroup4 { get; init; } = DefaultMulticastGroup4;

    public IPAddress MulticastGroup6 { get; init; } = DefaultMulticastGroup6;

    /// <summary>Default VRRP version for instances that do not say (IPv6 instances are always 3).</summary>
    public int VrrpVersion { get; init; } = 2;

    /// <summary>Default user (and optional group) that scripts run as.</summary>
    public ScriptUser? ScriptUser { get; init; }

    public bool EnableScriptSecurity { get; init; }

    /// <summary>keepalived's <c>vrrp_strict</c>: reject what the RFCs forbid.</summary>
    public bool VrrpStrict { get; init; }

    /// <summary>keepalived's <c>vrrp_lower_prio_no_advert</c>: the default of every instance's <c>lower_prio_no_advert</c>.</summary>
    public bool LowerPriorityNoAdvert { get; init; }

    /// <summary>keepalived's <c>vrrp_higher_prio_send_advert</c>: the default of every instance's <c>higher_prio_send_advert</c>.</summary>
    public bool HigherPrioritySendAdvert { get; init; }

    /// <summary>keepalived's <c>vrrp_check_unicast_src</c>: every unicast instance checks its adverts' source.</summary>
    public bool CheckUnicastSource { get; init; }

    /// <summary>keepalived's <c>vrrp_skip_check_adv_addr</c>: every instance skips the VIP-list check of its master's adverts.</summary>
    public bool SkipCheckAdvertAddresses { get; init; }

    /// <summary>keepalived's <c>vrrp_owner_ignore_adverts</c>: the default of every address owner's <c>owner_ignore_adverts</c>.</summary>
    public bool OwnerIgnoreAdverts { get; init; }

    /// <summary>keepalived's global <c>v3_checksum_as_v2</c>: every instance sends the VRRPv3 IPv4 checksum without the pseudo-header.</summary>
    public bool V3ChecksumAsV2 { get; init; }

    /// <summary>keepalived's <c>vrrp_down_timer_adverts</c>: the default of every instance's <c>down_timer_adverts</c>.</summary>
    public int DownTimerAdverts { get; init; } = Protocol.Router.VrrpTimers.DownTimerAdverts;

    public GarpSettings Garp { get; init; } = GarpSettings.Defaults;

    /// <summary>keepalived's <c>vrrp_rt_priority</c>, <c>vrrp_rlimit_rttime</c> and <c>vrrp_priority</c>.</summary>
    public SchedulingSettings Scheduling { get; init; } = SchedulingSettings.Default;

    /// <summary>keepalived's <c>nftables [NAME]</c>: the table Accept_Mode off is enforced in (null: <c>havrrpd</c>).</summary>
    public string? NftablesTable { get; init; }

    /// <summary>The table name goes into nft's own language, so only a plain name is taken (HV0162).</summary>
    public static bool IsValidNftablesTable(string name) =>
        name.Length is > 0 and <= 64 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>keepalived's <c>nftables_priority</c>: the priority of havrrpd's input and output chains (null: -1).</summary>
    public int? NftablesPriority { get; init; }

    /// <summary>keepalived's <c>nftables_counters</c>: count what the rules drop.</summary>
    public bool NftablesCounters { get; init; }

    public string? NotifyFifo { get; init; }

    public string? VrrpNotifyFifo { get; init; }

    /// <summary>keepalived's <c>log_unknown_vrids</c>: log adverts for VRIDs no instance runs (rate-limited in havrrpd).</summary>
    public bool LogUnknownVrids { get; init; }

    /// <summary>keepalived's <c>state_dump_file</c>: where SIGUSR1 writes the data file (else /tmp/keepalived.data).</summary>
    public string? StateDumpFile { get; init; }

    /// <summary>keepalived's <c>stats_dump_file</c>: where SIGUSR2 writes the statistics (else /tmp/keepalived.stats).</summary>
    public string? StatsDumpFile { get; init; }

    /// <summary>keepalived's <c>json_dump_file</c>: where the JSON signal writes (else /tmp/keepalived.json).</summary>
    public string? JsonDumpFile { get; init; }

    /// <summary>keepalived's <c>vrrp_startup_delay</c>.</summary>
    public TimeSpan StartupDelay { get; init; }

    /// <summary>Kept for conversion; HaVrrp sends no e-mail (see docs/configuration.md).</summary>
    public ValueList<string> NotificationEmails { get; init; } = ValueList<string>.Empty;

    public string? NotificationEmailFrom { get; init; }

    public string? SmtpServer { get; init; }

    public TimeSpan? SmtpConnectTimeout { get; init; }

    public SourceMap Source { get; init; } = SourceMap.None;
}

/// <summary>
/// Gratuitous ARP / unsolicited NA timing (keepalived's <c>vrrp_garp_*</c> globals and the per-instance
/// <c>garp_*</c> overrides). A null member means "inherit": from the globals for an instance, from
/// keepalived's defaults for the globals.
/// </summary>
public sealed record GarpSettings
{
    /// <summary>keepalived's defaults: 5 GARPs now and 5 more after 5 s, no refresh.</summary>
    public static GarpSettings Defaults { get; } = new()
    {
        MasterDelay = TimeSpan.FromSeconds(5),
        MasterRepeat = 5,
        MasterRefresh = TimeSpan.Zero,
        MasterRefreshRepeat = 1,
    };

    /// <summary>Delay before the second burst after becoming master (0 = no second burst).</summary>
    public TimeSpan? MasterDelay { get; init; }

    /// <summary>GARPs per burst on becoming master.</summary>
    public int? MasterRepeat { get; init; }

    /// <summary>Delay of the burst sent when a master hears a lower-priority advert (default: MasterDelay).</summary>
    public TimeSpan? LowerPriorityDelay { get; init; }

    /// <summary>GARPs per lower-priority burst (default: MasterRepeat).</summary>
    public int? LowerPriorityRepeat { get; init; }

    /// <summary>Period of refresh GARPs while master (0 = off).</summary>
    public TimeSpan? MasterRefresh { get; init; }

    public int? MasterRefreshRepeat { get; init; }

    /// <summary>Gap between consecutive GARPs (global only).</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>Gap between consecutive unsolicited NAs (global only).</summary>
    public TimeSpan? NaInterval { get; init; }

    /// <summary>This record's values where set, <paramref name="fallback"/>'s elsewhere.</summary>
    public GarpSettings Over(GarpSettings fallback) => new()
    {
        MasterDelay = MasterDelay ?? fallback.MasterDelay,
        MasterRepeat = MasterRepeat ?? fallback.MasterRepeat,
        LowerPriorityDelay = LowerPriorityDelay ?? fallback.LowerPriorityDelay,
        LowerPriorityRepeat = LowerPriorityRepeat ?? fallback.LowerPriorityRepeat,
        MasterRefresh = MasterRefresh ?? fallback.MasterRefresh,
        MasterRefreshRepeat = MasterRefreshRepeat ?? fallback.MasterRefreshRepeat,
        Interval = Interval ?? fallback.Interval,
        NaInterval = NaInterval ?? fallback.NaInterval,
    };
}

/// <summary>A user and optional group, as in <c>script_user haproxy haproxy</c> or <c>user nobody:nogroup</c>.</summary>
public sealed record ScriptUser(string User, string? Group = null)
{
    public override string ToString() => Group is null ? User : $"{User} {Group}";
}
