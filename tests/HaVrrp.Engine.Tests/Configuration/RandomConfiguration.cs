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
        Instances = Several(Instance).DistinctBy(instance => instance.Name).ToValueList(),
        SyncGroups = Several(SyncGroup).DistinctBy(group => group.Name).ToValueList(),
        StaticAddresses = Several(Address),
        StaticRoutes = Several(Route),
        // keepalived.conf has no control block: its users get the defaults.
        Control = KeepalivedExpressible ? new ControlSettings() : Control(),
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
        VirtualMac = Maybe(() => new VirtualMacConfig
        {
            InterfaceName = Maybe(() => Pick(["vrrp.51", "vip0", "v-1"])),
            Address = Maybe(() => Pick(["02:00:00:00:00:01", "02:aa:bb:cc:dd", "00:00:5e:00:01:05"])),
            TransmitOnBase = Chance(),
        }),
        LowerPriorityNoAdvert = MaybeValue(Chance),
        HigherPrioritySendAdvert = MaybeValue(Chance),
        OwnerIgnoreAdverts = MaybeValue(Chance),
        VirtualIpAddresses = Several(Address),
        ExcludedVirtualIpAddresses = Several(Address),
        VirtualRoutes = Several(Route),
        TrackScripts = Several(TrackReference),
        TrackInterfaces = Several(TrackReference),
        TrackFiles = Several(TrackReference),
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

    private VirtualRoute Route()
    {
        var address = AnyAddress();
        var bytes = address.GetAddressBytes();
        var prefix = _random.Next(0, bytes.Length * 8 + 1);
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }
        return new VirtualRoute(new IPNetwork(new IPAddress(bytes), prefix))
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
