using System.Globalization;
using HaVrrp.TestSupport.Daemons;

namespace HaVrrp.FailoverBench;

/// <summary>The command line: a mode (failover, load or scripts) and its few options, with defaults that give a quick run.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: run.sh failover [--impl keepalived|havrrpd|MASTER,BACKUP] [--repetitions N]
                               [--profile v2|v3|all] [--scenario crash|graceful|all] [--vmac off|on|both]
               run.sh load     [--impl keepalived|havrrpd] [--instances N] [--seconds S]
               run.sh scripts  [--count N] [--seconds S]      (havrrpd, N vrrp_scripts at interval 1 s)
               run.sh switchover [--repetitions N] [--profile v2|v3|all]
                               (planned switchover: havrrpd stepDown and keepalived's lower-priority + SIGHUP, alternating)
               run.sh control  [--instances N] [--samples N] [--clients N] [--seconds S]
                               (havrrpd control socket: instance.list latency, idle clients' RSS and CPU)
               run.sh watch    [--rate N] [--seconds S]       (advert.watch under a flood of N adverts/s)
               run.sh processes [--forks N] [--seconds S]     (havrrpd's CPU tracking a process while the host forks N/s)
        --impl A,B runs A on the master (node1) and B on the backup (node2): mixed pairs.
        """;

    public required string Mode { get; init; }

    /// <summary>vrrp_scripts for the scripts mode.</summary>
    public int ScriptCount { get; init; } = 200;

    public DaemonImplementation MasterImplementation => Pairs[0].Master;

    public DaemonImplementation BackupImplementation => Pairs[0].Backup;

    /// <summary>The (master, backup) pairs the failover mode measures, repetition by repetition in turn.</summary>
    public IReadOnlyList<(DaemonImplementation Master, DaemonImplementation Backup)> Pairs { get; init; } =
        [(DaemonImplementation.Keepalived, DaemonImplementation.Keepalived)];

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

    public int InstanceCount { get; init; } = 255;

    public TimeSpan LoadWindow { get; init; } = TimeSpan.FromSeconds(30);

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
        if (arguments.Count == 0 || arguments[0] is not ("failover" or "load" or "scripts" or "switchover" or "control" or "watch" or "processes"))
        {
            throw new ArgumentException("the first argument must be the mode: failover, load, scripts, switchover, control, watch or processes");
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
                "--instances" => options with { InstanceCount = PositiveNumber(name, value) },
                "--seconds" => options with { LoadWindow = TimeSpan.FromSeconds(PositiveNumber(name, value)) },
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

    private static (DaemonImplementation Master, DaemonImplementation Backup) ParsePair(string value)
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

    private static DaemonImplementation ParseImplementation(string name) => name switch
    {
        "keepalived" => DaemonImplementation.Keepalived,
        "havrrpd" => DaemonImplementation.Havrrpd,
        _ => throw new ArgumentException($"unknown implementation {name}: keepalived or havrrpd"),
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
