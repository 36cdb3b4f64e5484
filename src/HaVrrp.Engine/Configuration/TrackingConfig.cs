namespace HaVrrp.Engine.Configuration;

/// <summary>One <c>vrrp_script</c> block: a periodic health check.</summary>
public sealed record VrrpScriptConfig
{
    public required string Name { get; init; }

    /// <summary>The command line, as written (keepalived splits it into arguments itself; no shell).</summary>
    public required string Script { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Null means "the interval", as keepalived does.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>0 means a failing check faults the instance; positive adds while OK; negative subtracts while failing.</summary>
    public int Weight { get; init; }

    /// <summary>keepalived's <c>weight N reverse</c>: the weight applies the other way round.</summary>
    public bool WeightReverse { get; init; }

    public int Rise { get; init; } = 1;

    public int Fall { get; init; } = 1;

    public ScriptUser? User { get; init; }

    /// <summary>Start in the failed state until the first success.</summary>
    public bool InitFail { get; init; }

    public SourceMap Source { get; init; } = SourceMap.None;

    public TimeSpan EffectiveTimeout => Timeout ?? Interval;
}

/// <summary>One <c>vrrp_track_file</c> block: a number in a file, multiplied by the weight.</summary>
public sealed record TrackFileConfig
{
    public required string Name { get; init; }

    public required string File { get; init; }

    public int Weight { get; init; } = 1;

    public bool WeightReverse { get; init; }

    /// <summary>keepalived's <c>init_file [VALUE] [overwrite]</c>: create the file at start.</summary>
    public int? InitValue { get; init; }

    public bool InitFile { get; init; }

    public bool InitOverwrite { get; init; }

    public SourceMap Source { get; init; } = SourceMap.None;
}

/// <summary>How the parameters of a <c>vrrp_track_process</c> are compared with a running process's arguments.</summary>
public enum ProcessParameterMatch
{
    /// <summary>No <c>param_match</c> and no parameters: any arguments match.</summary>
    None,

    /// <summary>The arguments are exactly the parameters (keepalived's default once parameters are given).</summary>
    Exact,

    /// <summary>The first arguments are the parameters; more may follow.</summary>
    Partial,

    /// <summary>As <see cref="Partial"/>, but the last parameter need only begin the argument it is compared with.</summary>
    Initial,
}

/// <summary>
/// One <c>vrrp_track_process</c> block: how many running processes match a name (and parameters), against a quorum.
/// keepalived's defaults: quorum 1, no upper bound, no delays, weight 0 (FAULT while the quorum is missed).
/// </summary>
public sealed record TrackProcessConfig
{
    /// <summary>keepalived's largest quorum and quorum_max.</summary>
    public const int MaxQuorum = 65535;

    public required string Name { get; init; }

    /// <summary>The process name: its <c>comm</c>, or with <see cref="FullCommand"/> its whole argv[0].</summary>
    public required string Process { get; init; }

    /// <summary>The parameters written after the process name (keepalived then compares the command line).</summary>
    public ValueList<string> Parameters { get; init; } = ValueList<string>.Empty;

    public ProcessParameterMatch ParameterMatch { get; init; }

    /// <summary>Match argv[0] of /proc/PID/cmdline instead of the 15-character <c>comm</c>.</summary>
    public bool FullCommand { get; init; }

    public int Weight { get; init; }

    public bool WeightReverse { get; init; }

    public int Quorum { get; init; } = 1;

    /// <summary>Null means no upper bound. 0 (with quorum 0) means "up while no such process runs".</summary>
    public int? QuorumMax { get; init; }

    /// <summary>How long the quorum must stay lost before the instances hear of it.</summary>
    public TimeSpan TerminateDelay { get; init; }

    /// <summary>How long a quorum reached by a tracked process forking must hold before the instances hear of it.</summary>
    public TimeSpan ForkDelay { get; init; }

    public SourceMap Source { get; init; } = SourceMap.None;

    /// <summary>Whether the command line is read (<c>full_command</c>, or parameters to compare), not only comm.</summary>
    public bool ReadsCommandLine => FullCommand || ParameterMatch != ProcessParameterMatch.None;

    /// <summary>keepalived sets <c>full_command</c> itself when parameters or <c>param_match</c> are written.</summary>
    public bool ReadsCommandLineImplicitly() => Parameters.Count > 0 || ParameterMatch != ProcessParameterMatch.None;

    /// <summary>The quorum holds with <paramref name="count"/> matching processes.</summary>
    public bool IsQuorate(int count) => count >= Quorum && (QuorumMax is not { } max || count <= max);
}

/// <summary>
/// A reference from an instance or sync group to a tracked object (<c>track_script</c>,
/// <c>track_interface</c>, <c>track_file</c>, <c>track_process</c>), with keepalived's per-reference weight override.
/// </summary>
public sealed record TrackReference(string Name)
{
    /// <summary>Null means the tracked object's own weight (for interfaces: 0, i.e. fault when down).</summary>
    public int? Weight { get; init; }

    /// <summary>Null means the tracked object's own setting.</summary>
    public bool? Reverse { get; init; }

    public SourceMap Source { get; init; } = SourceMap.None;
}

/// <summary>A notify script and the user it runs as, e.g. <c>notify_master "/etc/k/n.sh master" root</c>.</summary>
public sealed record NotifyScript(string Command)
{
    public ScriptUser? User { get; init; }

    public SourceMap Source { get; init; } = SourceMap.None;
}

/// <summary>The notify_* scripts of an instance or sync group.</summary>
public sealed record NotifyConfig
{
    public NotifyScript? Master { get; init; }

    public NotifyScript? Backup { get; init; }

    public NotifyScript? Fault { get; init; }

    public NotifyScript? Stop { get; init; }

    /// <summary>keepalived's plain <c>notify</c>: called on every transition with type, name, state, priority.</summary>
    public NotifyScript? Any { get; init; }

    public NotifyScript? MasterRxLowerPriority { get; init; }

    public bool IsEmpty => this == new NotifyConfig();

    /// <summary>The scripts that are set, each with its keepalived keyword, for checks that treat them all alike.</summary>
    public IEnumerable<(string Keyword, NotifyScript Script)> Configured()
    {
        (string Keyword, NotifyScript? Script)[] all =
        [
            ("notify_master", Master),
            ("notify_backup", Backup),
            ("notify_fault", Fault),
            ("notify_stop", Stop),
            ("notify", Any),
            ("notify_master_rx_lower_pri", MasterRxLowerPriority),
        ];
        foreach (var (keyword, script) in all)
        {
            if (script is not null)
            {
                yield return (keyword, script);
            }
        }
    }
}

/// <summary>One <c>vrrp_sync_group</c>: instances that change state together.</summary>
public sealed record SyncGroupConfig
{
    public required string Name { get; init; }

    public ValueList<string> Members { get; init; } = ValueList<string>.Empty;

    public ValueList<TrackReference> TrackScripts { get; init; } = ValueList<TrackReference>.Empty;

    public ValueList<TrackReference> TrackInterfaces { get; init; } = ValueList<TrackReference>.Empty;

    public ValueList<TrackReference> TrackFiles { get; init; } = ValueList<TrackReference>.Empty;

    public ValueList<TrackReference> TrackProcesses { get; init; } = ValueList<TrackReference>.Empty;

    public NotifyConfig Notify { get; init; } = new();

    public bool? SmtpAlert { get; init; }

    /// <summary>keepalived's <c>sync_group_tracking_weight</c>: members keep their tracking weights.</summary>
    public bool TrackingWeight { get; init; }

    public SourceMap Source { get; init; } = SourceMap.None;
}
