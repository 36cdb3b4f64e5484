using System.Globalization;

namespace HaVrrp.FailoverBench;

/// <summary>The command line: a mode (failover, load, startup, fastadverts...) and its few options, with defaults that give a quick run.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: run.sh failover [--impl keepalived|havrrpd|MASTER,BACKUP] [--repetitions N]
                               [--profile v2|v3|all] [--scenario crash|graceful|all] [--vmac off|on|both]
               run.sh load     [--impl keepalived|havrrpd|havrrpd-jit[/...]] [--instances N] [--seconds S] [--repetitions N]
               run.sh startup  [--impl keepalived|havrrpd|havrrpd-jit[/...]] [--instances N] [--repetitions N]
                               (process start to the first advert on the wire, N address owners)
               run.sh fastadverts [--impl havrrpd/keepalived] [--instances N] [--seconds S] [--hogs N] [--rt-priority P]
                               (v3 advert_int 0.02 on two nodes under CPU hogs: spurious transitions, advert gaps;
                               --rt-priority gives every daemon vrrp_rt_priority P)
               run.sh scripts  [--count N] [--seconds S]      (havrrpd, N vrrp_scripts at interval 1 s)
               run.sh switchover [--repetitions N] [--profile v2|v3|all]
                               (planned switchover: havrrpd stepDown and keepalived's lower-priority + SIGHUP, alternating)
               run.sh control  [--instances N] [--samples N] [--clients N] [--seconds S]
                               (havrrpd control socket: instance.list latency, idle clients' RSS and CPU)
               run.sh watch    [--rate N] [--seconds S]       (advert.watch under a flood of N adverts/s)
               run.sh processes [--forks N] [--seconds S]     (havrrpd's CPU tracking a process while the host forks N/s)
        --impl A,B runs A on the master (node1) and B on the backup (node2): mixed pairs; A/B/C measures side by side.
        havrrpd is the executable HAVRRPD names (run.sh publishes Native AOT and sets it); havrrpd-jit is `dotnet havrrpd.dll`.
        """;

    public required string Mode { get; init; }

    /// <summary>vrrp_scripts for the scripts mode.</summary>
    public int ScriptCount { get; init; } = 200;

    public BenchDaemon MasterImplementation => Pairs[0].Master;

    public BenchDaemon BackupImplementation => Pairs[0].Backup;

    /// <summary>The (master, backup) pairs the failover mode measures, repetition by repetition in turn.</summary>
    public IReadOnlyList<(BenchDaemon Master, BenchDaemon Backup)> Pairs { get; init; } =
        [(BenchDaemon.Keepalived, BenchDaemon.Keepalived)];

    /// <summary>The daemons the one-daemon modes (load, startup, fastadverts) measure side by side: each pair's master.</summary>
    public IReadOnlyList<BenchDaemon> Daemons => [.. Pairs.Select(pair => pair.Master).Distinct()];

    public int Repetitions { get; init; } = 5;

    public IReadOnlyList<FailoverProfile> Profiles { get; init; } = FailoverProfile.All;

    /// <summary>use_vmac off (false), on (true), or each profile both ways (null).</summary>
    public bool? VirtualMac { get; init; } = false;

    /// <summary>The profiles with <see cref="VirtualMac"/> applied.</summary>
    public IReadOnlyList<FailoverProfile> EffectiveProfiles => VirtualMac switch
    {
        false => Profiles,
        true => [.. Profiles.Select(profile => profile.WithVirtualMac())],
        null => [.. Profiles.SelectMany(profile => new[] { profile, profile.WithVirtualMac() })],
    };

    public IReadOnlyList<FailoverScenario> Scenarios { get; init; } = [FailoverScenario.Crash, FailoverScenario.GracefulStop];

    /// <summary>--instances, when given; each mode has its own default.</summary>
    public int? GivenInstanceCount { get; init; }

    public int InstanceCount => GivenInstanceCount ?? (Mode == "fastadverts" ? 50 : 255);

    /// <summary>--seconds, when given; each mode has its own default.</summary>
    public TimeSpan? GivenWindow { get; init; }

    public TimeSpan LoadWindow => GivenWindow ?? TimeSpan.FromSeconds(Mode == "fastadverts" ? 600 : 30);

    /// <summary>Busy loops the fastadverts mode runs beside the daemons: one per core keeps every core busy.</summary>
    public int Hogs { get; init; } = Environment.ProcessorCount;

    /// <summary>vrrp_rt_priority for the fastadverts mode's daemons (keepalived's and havrrpd's alike); null: normal scheduling.</summary>
    public int? RealtimePriority { get; init; }

    /// <summary>Latency samples of each kind for the control mode.</summary>
    public int Samples { get; init; } = 2000;

    /// <summary>Idle connected clients for the control mode.</summary>
    public int IdleClients { get; init; } = 100;

    /// <summary>Adverts a second the watch mode floods the segment with.</summary>
    public int FloodRate { get; init; } = 25_000;

    /// <summary>Forks and execs a second the processes mode loads the host with.</summary>
    public int ForksPerSecond { get; init; } = 1000;

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with what was wrong.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> arguments)
    {
        if (arguments.Count == 0 || arguments[0] is not ("failover" or "load" or "startup" or "fastadverts" or "scripts" or "switchover" or "control" or "watch" or "processes"))
        {
            throw new ArgumentException("the first argument must be the mode: failover, load, startup, fastadverts, scripts, switchover, control, watch or processes");
        }
        var options = new BenchOptions { Mode = arguments[0] };
        for (var index = 1; index < arguments.Count; index += 2)
        {
            var name = arguments[index];
            var value = index + 1 < arguments.Count ? arguments[index + 1] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--impl" => WithImplementations(options, value),
                "--repetitions" => options with { Repetitions = PositiveNumber(name, value) },
                "--profile" => options with { Profiles = ParseProfiles(value) },
                "--vmac" => options with { VirtualMac = ParseVirtualMac(value) },
                "--scenario" => options with { Scenarios = ParseScenarios(value) },
                "--count" => options with { ScriptCount = PositiveNumber(name, value) },
                "--instances" => options with { GivenInstanceCount = PositiveNumber(name, value) },
                "--seconds" => options with { GivenWindow = TimeSpan.FromSeconds(PositiveNumber(name, value)) },
                "--hogs" => options with { Hogs = PositiveNumber(name, value) },
                "--rt-priority" => options with { RealtimePriority = PositiveNumber(name, value) },
                "--samples" => options with { Samples = PositiveNumber(name, value) },
                "--clients" => options with { IdleClients = PositiveNumber(name, value) },
                "--rate" => options with { FloodRate = PositiveNumber(name, value) },
                "--forks" => options with { ForksPerSecond = PositiveNumber(name, value) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }
        return options;
    }

    /// <summary>IMPL or MASTER,BACKUP; several separated by '/' are measured side by side (havrrpd/keepalived).</summary>
    private static BenchOptions WithImplementations(BenchOptions options, string value) =>
        options with { Pairs = [.. value.Split('/').Select(ParsePair)] };

    private static (BenchDaemon Master, BenchDaemon Backup) ParsePair(string value)
    {
        var names = value.Split(',');
        if (names.Length > 2)
        {
            throw new ArgumentException("--impl takes one implementation or MASTER,BACKUP (several separated by '/')");
        }
        var master = ParseImplementation(names[0]);
        return (master, names.Length == 2 ? ParseImplementation(names[1]) : master);
    }

    private static bool? ParseVirtualMac(string value) => value switch
    {
        "off" => false,
        "on" => true,
        "both" => null,
        _ => throw new ArgumentException($"unknown --vmac {value}: off, on or both"),
    };

    private static BenchDaemon ParseImplementation(string name) => name switch
    {
        "keepalived" => BenchDaemon.Keepalived,
        "havrrpd" => BenchDaemon.Havrrpd,
        "havrrpd-jit" => BenchDaemon.HavrrpdJit,
        _ => throw new ArgumentException($"unknown implementation {name}: keepalived, havrrpd or havrrpd-jit"),
    };

    private static IReadOnlyList<FailoverProfile> ParseProfiles(string value) => value switch
    {
        "v2" => [FailoverProfile.Version2OneSecond],
        "v3" => [FailoverProfile.Version3Centiseconds],
        "all" => FailoverProfile.All,
        _ => throw new ArgumentException($"unknown profile {value}: v2, v3 or all"),
    };

    private static IReadOnlyList<FailoverScenario> ParseScenarios(string value) => value switch
    {
        "crash" => [FailoverScenario.Crash],
        "graceful" => [FailoverScenario.GracefulStop],
        "all" => [FailoverScenario.Crash, FailoverScenario.GracefulStop],
        _ => throw new ArgumentException($"unknown scenario {value}: crash, graceful or all"),
    };

    private static int PositiveNumber(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} needs a positive whole number, not {value}");
}
