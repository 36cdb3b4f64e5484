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

/// <summary>
/// A reference from an instance or sync group to a tracked object (<c>track_script</c>,
/// <c>track_interface</c>, <c>track_file</c>), with keepalived's per-reference weight override.
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

    public NotifyConfig Notify { get; init; } = new();

    public bool? SmtpAlert { get; init; }

    /// <summary>keepalived's <c>sync_group_tracking_weight</c>: members keep their tracking weights.</summary>
    public bool TrackingWeight { get; init; }

    public SourceMap Source { get; init; } = SourceMap.None;
}
