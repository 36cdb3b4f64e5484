using System.Net;
using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Tests.Configuration;

/// <summary>
/// Builds a configuration that sets (or leaves at its default) every property of every model record,
/// from one seed. FsCheck supplies the seeds, so a failure prints a seed that reproduces it.
/// </summary>
internal sealed class RandomConfiguration(int seed)
{
    private static readonly string[] Names = ["VI_1", "chk_haproxy", "eth0", "eth1", "lb-outside", "VG.1", "x", "bond0.100", "Null", "true", "123"];

    /// <summary>Texts that need care in YAML and keepalived.conf: quotes, colons, hashes, escapes, null-like words.</summary>
    private static readonly string[] Texts =
    [
        "killall -0 haproxy", "/etc/havrrp/notify.sh master", "</dev/tcp/127.0.0.1/80", "echo 'single' \"double\"",
        "a: b", "x # not a comment", "- dash", "null", "~", "", " padded ", "tab\there", "line\nbreak", "ünïcödé ✓",
        "{braces} [brackets], commas", "C:\\path\\to", "true", "-20", "@at", "%percent", "ends with colon:", "back\\slash\"quote",
    ];

    private static readonly TimeSpan[] Durations =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1.5),
        TimeSpan.FromMinutes(2), TimeSpan.FromHours(1), TimeSpan.FromSeconds(90), TimeSpan.FromTicks(1234), TimeSpan.FromMilliseconds(920),
    ];

    private readonly Random _random = new(seed);

    /// <summary>When true, only what keepalived.conf can express (see KeepalivedConfigWriter's remarks).</summary>
    public bool KeepalivedExpressible { get; init; }

    public HaVrrpConfiguration Create() => new()
    {
        Global = Global(),
        // Block names are unique within a section, as both formats require.
        Scripts = Several(Script).DistinctBy(script => script.Name).ToValueList(),
        TrackFiles = Several(TrackFile).DistinctBy(trackFile => trackFile.Name).ToValueList(),
        TrackProcesses = Several(TrackProcess).DistinctBy(process => process.Name).ToValueList(),
        Instances = Several(Instance).DistinctBy(instance => instance.Name).ToValueList(),
        SyncGroups = Several(SyncGroup).DistinctBy(group => group.Name).ToValueList(),
        StaticAddresses = Several(Address),
        StaticRoutes = Several(Route),
        StaticRules = Several(Rule),
        // keepalived.conf has no control block: its users get the defaults.
        Control = KeepalivedExpressible ? new ControlSettings() : Control(),
        // Nor a metrics block.
        Metrics = KeepalivedExpressible ? new MetricsSettings() : Metrics(),
    };

    private MetricsSettings Metrics() => new()
    {
        Listen = Maybe(() => Pick<IPEndPoint>([new(IPAddress.Loopback, 9650), new(IPAddress.IPv6Loopback, 9650), new(IPAddress.Any, 65535), new(IPAddress.Parse("fe80::1"), 1)])),
    };

    private ControlSettings Control() => new()
    {
        SocketPath = Maybe(() => Pick<string>(["/run/havrrp/havrrpd.sock", "/tmp/a b/ctl.sock", "/var/run/x: y.sock"])),
        AdminGroup = Maybe(Name),
    };

    private GlobalSettings Global() => new()
    {
        RouterId = Maybe(Text),
        MulticastGroup4 = Chance() ? Ipv4() : GlobalSettings.DefaultMulticastGroup4,
        MulticastGroup6 = Chance() ? Ipv6() : GlobalSettings.DefaultMulticastGroup6,
        VrrpVersion = _random.Next(2, 4),
        ScriptUser = Maybe(User),
        EnableScriptSecurity = Chance(),
        VrrpStrict = Chance(),
        LowerPriorityNoAdvert = Chance(),
        HigherPrioritySendAdvert = Chance(),
        OwnerIgnoreAdverts = Chance(),
        DownTimerAdverts = _random.Next(1, 101),
        LogUnknownVrids = Chance(),
        StateDumpFile = Maybe(() => "/var/run/keepalived/" + Text() + ".data"),
        JsonDumpFile = Maybe(() => "/var/run/keepalived/" + Text() + ".json"),
        CheckUnicastSource = Chance(),
        SkipCheckAdvertAddresses = Chance(),
        Garp = new GarpSettings
        {
            // Members with a keepalived default always hold a value: an unset global means the default.
            MasterDelay = Duration(),
            MasterRepeat = Number(),
            LowerPriorityDelay = MaybeValue(Duration),
            LowerPriorityRepeat = MaybeValue(Number),
            MasterRefresh = Duration(),
            MasterRefreshRepeat = Number(),
            Interval = MaybeValue(Duration),
            NaInterval = MaybeValue(Duration),
        },
        Scheduling = new SchedulingSettings
        {
            RealtimePriority = MaybeValue(() => _random.Next(1, 100)),
            RealtimeLimit = MaybeValue(() => TimeSpan.FromMicroseconds(_random.Next(2, 5_000_000))),
            Nice = MaybeValue(() => _random.Next(-20, 20)),
        },
        NotifyFifo = Maybe(Path),
        VrrpNotifyFifo = Maybe(Path),
        StartupDelay = Duration(),
        NotificationEmails = Several(() => Pick(["ops@example.com", "oncall@example.com", "a b@example.com"])),
        NotificationEmailFrom = Maybe(() => "lb1@example.com"),
        SmtpServer = Maybe(() => Pick(["127.0.0.1", "smtp.example.com"])),
        SmtpConnectTimeout = MaybeValue(Duration),
    };

    private VrrpScriptConfig Script() => new()
    {
        Name = Name(),
        Script = Command(),
        Interval = Duration(),
        Timeout = MaybeValue(Duration),
        Weight = _random.Next(-253, 254),
        WeightReverse = Chance(),
        Rise = Number(),
        Fall = Number(),
        User = Maybe(User),
        InitFail = Chance(),
    };

    private TrackFileConfig TrackFile()
    {
        var initFile = Chance();
        var mayInit = initFile || !KeepalivedExpressible;
        return new()
        {
            Name = Name(),
            File = Path(),
            Weight = _random.Next(-254, 255),
            WeightReverse = Chance(),
            InitFile = initFile,
            InitValue = mayInit ? MaybeValue(() => _random.Next(-10, 10)) : null,
            InitOverwrite = mayInit && Chance(),
        };
    }

    /// <summary>
    /// In the readers' normal form: parameters imply a param_match, a param_match implies full_command, and the
    /// quorum pairs are those keepalived.conf can say (quorum_max 0 takes the quorum to 0).
    /// </summary>
    private TrackProcessConfig TrackProcess()
    {
        var parameters = Several(() => Chance() ? Name() : Pick(["-f", "/etc/haproxy/haproxy.cfg", "--daemon", "a b"]));
        ProcessParameterMatch[] matches = parameters.Count > 0
            ? [ProcessParameterMatch.Exact, ProcessParameterMatch.Partial, ProcessParameterMatch.Initial]
            : [ProcessParameterMatch.None, ProcessParameterMatch.None, ProcessParameterMatch.Exact, ProcessParameterMatch.Partial, ProcessParameterMatch.Initial];
        var match = Pick(matches);
        var quorum = _random.Next(0, 4) switch
        {
            0 => (Quorum: 1, Max: (int?)null),
            1 => (_random.Next(1, 10), null),
            2 => (0, 0),
            _ => (Quorum: _random.Next(1, 5), Max: (int?)_random.Next(5, 65536)),
        };
        return new()
        {
            Name = Name(),
            Process = Chance() ? Name() : Path(),
            Parameters = parameters,
            ParameterMatch = match,
            FullCommand = match != ProcessParameterMatch.None || Chance(),
            Weight = _random.Next(-254, 255),
            WeightReverse = Chance(),
            Quorum = quorum.Quorum,
            QuorumMax = quorum.Max,
            TerminateDelay = Duration(),
            ForkDelay = Chance() ? Duration() : TimeSpan.Zero,
        };
    }

    private VrrpInstanceConfig Instance() => new()
    {
        Name = Name(),
        InitialState = Chance() ? InitialState.Master : InitialState.Backup,
        Interface = Maybe(Name),
        VirtualRouterId = _random.Next(-5, 300),
        Priority = _random.Next(0, 256),
        AdvertInterval = Duration(),
        Version = MaybeValue(() => _random.Next(2, 4)),
        Authentication = Maybe(() => new AuthenticationConfig(Chance() ? AuthenticationType.Pass : AuthenticationType.Ah, Pick(["secret", "1111", "a#b", "toolongpassword"]))),
        Preempt = Chance(),
        PreemptDelay = Duration(),
        Accept = MaybeValue(Chance),
        DontTrackPrimary = Chance(),
        MulticastSourceIp = Maybe(AnyAddress),
        MulticastDestinationIp = Maybe(AnyAddress),
        UnicastSourceIp = Maybe(AnyAddress),
        UnicastPeers = Several(() => new UnicastPeer(AnyAddress()) { MinTtl = MaybeValue(() => _random.Next(0, 256)), MaxTtl = MaybeValue(() => _random.Next(0, 256)) }),
        V3ChecksumAsV2 = Chance(),
        CheckUnicastSource = Chance(),
        SkipCheckAdvertAddresses = Chance(),
        UnicastTtl = MaybeValue(() => _random.Next(0, 256)),
        StrictMode = MaybeValue(Chance),
        NoVirtualAddresses = Chance(),
        PromoteSecondaries = Chance(),
        UseVirtualMacForAddresses = Chance(),
        VirtualMac = Maybe(() => new VirtualMacConfig
        {
            InterfaceName = Maybe(() => Pick(["vrrp.51", "vip0", "v-1"])),
            Address = Maybe(() => Pick(["02:00:00:00:00:01", "02:aa:bb:cc:dd", "00:00:5e:00:01:05"])),
            TransmitOnBase = Chance(),
        }),
        LowerPriorityNoAdvert = MaybeValue(Chance),
        HigherPrioritySendAdvert = MaybeValue(Chance),
        OwnerIgnoreAdverts = MaybeValue(Chance),
        DownTimerAdverts = MaybeValue(() => _random.Next(1, 101)),
        UnicastFaultNoPeer = Chance(),
        VirtualIpAddresses = Several(VirtualIpAddress),
        ExcludedVirtualIpAddresses = Several(VirtualIpAddress),
        VirtualRoutes = Several(Route),
        VirtualRules = Several(Rule),
        TrackScripts = Several(TrackReference),
        TrackInterfaces = Several(TrackReference),
        TrackFiles = Several(TrackReference),
        TrackProcesses = Several(TrackReference),
        Notify = Notify(),
        Garp = new GarpSettings
        {
            MasterDelay = MaybeValue(Duration),
            MasterRepeat = MaybeValue(Number),
            LowerPriorityDelay = MaybeValue(Duration),
            LowerPriorityRepeat = MaybeValue(Number),
            MasterRefresh = MaybeValue(Duration),
            MasterRefreshRepeat = MaybeValue(Number),
        },
        SmtpAlert = MaybeValue(Chance),
    };

    private SyncGroupConfig SyncGroup() => new()
    {
        Name = Name(),
        Members = Several(Name),
        TrackScripts = Several(TrackReference),
        TrackInterfaces = Several(TrackReference),
        TrackFiles = Several(TrackReference),
        TrackProcesses = Several(TrackReference),
        Notify = Notify(),
        SmtpAlert = MaybeValue(Chance),
        TrackingWeight = Chance(),
    };

    private NotifyConfig Notify() => new()
    {
        Master = Maybe(NotifyScript),
        Backup = Maybe(NotifyScript),
        Fault = Maybe(NotifyScript),
        Stop = Maybe(NotifyScript),
        Any = Maybe(NotifyScript),
        MasterRxLowerPriority = Maybe(NotifyScript),
    };

    private NotifyScript NotifyScript() => new(Command()) { User = Maybe(User) };

    private TrackReference TrackReference() => new(Name()) { Weight = MaybeValue(() => _random.Next(-254, 255)), Reverse = MaybeValue(Chance) };

    /// <summary>A VIP: an address that may also carry keepalived's per-address use_vmac.</summary>
    private VirtualAddress VirtualIpAddress() => Address() with { UseVirtualMac = Chance() };

    private VirtualAddress Address()
    {
        var address = AnyAddress();
        return new VirtualAddress(address)
        {
            PrefixLength = MaybeValue(() => _random.Next(0, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 33 : 129)),
            Broadcast = Maybe(Ipv4),
            Device = Maybe(Name),
            Label = Maybe(() => Pick(["eth0:vip", "eth1:1", "vip"])),
            Scope = Maybe(() => Pick(["global", "link", "host"])),
            NoTrack = Chance(),
        };
    }

    private IPNetwork Network(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        var prefix = _random.Next(0, bytes.Length * 8 + 1);
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }
        return new IPNetwork(new IPAddress(bytes), prefix);
    }

    /// <summary>A rule keepalived would accept: one action, table-only options on table rules, protocol only with no_track.</summary>
    private RoutingRule Rule()
    {
        var ipv6 = Chance();
        var action = Pick(Enum.GetValues<RoutingRuleAction>());
        var preference = (uint)_random.Next(0, 40000);
        var noTrack = Chance();
        var looksUpTable = action == RoutingRuleAction.Table;
        var rule = new RoutingRule
        {
            Family = ipv6 ? System.Net.Sockets.AddressFamily.InterNetworkV6 : System.Net.Sockets.AddressFamily.InterNetwork,
            Not = Chance(),
            From = MaybeValue(() => Network(ipv6 ? Ipv6() : Ipv4())),
            To = MaybeValue(() => Network(ipv6 ? Ipv6() : Ipv4())),
            Preference = preference,
            Tos = Chance() ? (byte)0 : (byte)_random.Next(256),
            FirewallMark = MaybeValue(() => (uint)_random.NextInt64(0, uint.MaxValue + 1L)),
            InputInterface = Maybe(() => Pick(["eth0", "bond0.100", "lb-outside"])),
            OutputInterface = Maybe(() => Pick(["eth1", "vrf-blue"])),
            Realms = looksUpTable && !ipv6 ? MaybeValue(() => (uint)_random.NextInt64(0, uint.MaxValue + 1L)) : null,
            SuppressPrefixLength = looksUpTable ? MaybeValue(() => _random.Next(0, 129)) : null,
            SuppressInterfaceGroup = looksUpTable ? MaybeValue(() => (uint)_random.Next(0, 1000)) : null,
            TunnelId = MaybeValue(() => (ulong)_random.NextInt64()),
            UidRange = MaybeValue(() => new NumberRange(1000, (uint)_random.Next(1000, 70000))),
            // keepalived reads numbers up to 127, and names (sctp, udplite) above.
            IpProtocol = MaybeValue(() => Chance() ? (byte)_random.Next(128) : Pick<byte>([132, 136])),
            SourcePorts = MaybeValue(() => new NumberRange((uint)_random.Next(1, 100), (uint)_random.Next(100, 65535))),
            DestinationPorts = MaybeValue(() => new NumberRange(443, 443)),
            Protocol = noTrack ? MaybeValue(() => (byte)_random.Next(256)) : null,
            Action = action,
            Table = looksUpTable ? Pick(["100", "main", "vrrp_table"]) : null,
            GotoTarget = action == RoutingRuleAction.Goto ? preference + (uint)_random.Next(1, 1000) : null,
            NoTrack = noTrack,
        };
        return rule.FirewallMark is not null && Chance() ? rule with { FirewallMask = (uint)_random.Next() } : rule;
    }

    private VirtualRoute Route()
    {
        return new VirtualRoute(Network(AnyAddress()))
        {
            Via = Maybe(AnyAddress),
            Device = Maybe(Name),
            PreferredSource = Maybe(AnyAddress),
            Metric = MaybeValue(() => _random.Next(0, 1000)),
            Table = Maybe(() => Pick<string>(KeepalivedExpressible ? ["main", "100", "vrrp_table"] : ["main", "100", "vrrp table"])),
            Scope = Maybe(() => Pick(["link", "global"])),
            Type = Maybe(() => Pick(["blackhole", "unreachable", "prohibit", "local"])),
            NoTrack = Chance(),
        };
    }

    private ScriptUser User() => Chance() ? new ScriptUser(Pick(["root", "keepalived_script"])) : new ScriptUser("haproxy", Pick(["haproxy", "nogroup"]));

    private string Name() => Pick(Names);

    private string Text() => KeepalivedExpressible ? Name() : Pick(Texts);

    /// <summary>keepalived.conf has no escape for a double quote inside a quoted command.</summary>
    private string Command() => Pick(Texts);

    private string Path() => Pick(["/run/havrrp.fifo", "/var/run/track file", "/etc/havrrp/weight"]);

    private IPAddress AnyAddress() => Chance() ? Ipv4() : Ipv6();

    private IPAddress Ipv4() => new([(byte)_random.Next(256), (byte)_random.Next(256), (byte)_random.Next(256), (byte)_random.Next(256)]);

    private IPAddress Ipv6()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        if (Chance())
        {
            Array.Clear(bytes, 2, 12);
        }
        return new IPAddress(bytes);
    }

    private TimeSpan Duration() => Pick(Durations);

    private int Number() => _random.Next(0, 20);

    private bool Chance() => _random.Next(2) == 0;

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private T? Maybe<T>(Func<T> create)
        where T : class => Chance() ? create() : null;

    private T? MaybeValue<T>(Func<T> create)
        where T : struct => Chance() ? create() : null;

    private ValueList<T> Several<T>(Func<T> create) => Enumerable.Range(0, _random.Next(0, 4)).Select(_ => create()).ToValueList();
}
