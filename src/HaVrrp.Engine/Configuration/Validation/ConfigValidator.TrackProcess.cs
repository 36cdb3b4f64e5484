namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>Rules for vrrp_track_process blocks and the track_process lists that refer to them.</summary>
public sealed partial class ConfigValidator
{
    /// <summary>The kernel keeps a process's comm (what is matched without full_command) to 15 characters.</summary>
    private const int MaxCommLength = 15;

    private const int MaxTrackProcessWeight = 254;

    private static readonly TimeSpan MaxProcessDelay = TimeSpan.FromHours(1);

    private static void CheckTrackProcessReferences(ValueList<TrackReference> references, HaVrrpConfiguration config, DiagnosticBag diagnostics)
    {
        foreach (var reference in references)
        {
            CheckReferenceExists("track_process", "vrrp_track_process", reference, config.TrackProcesses.Select(p => p.Name),
                DiagnosticCodes.UnknownTrackProcess, diagnostics);
            if (reference.Weight is { } weight)
            {
                CheckTrackProcessWeight("track_process " + reference.Name, weight, reference.Source.ValueOf("weight"), diagnostics);
            }
        }
    }

    /// <summary>keepalived's ranges (vrrp_parser.c): weight ±254, quorum 1..65535 (0 only with quorum_max 0), delays up to an hour.</summary>
    private static void CheckTrackProcess(TrackProcessConfig process, DiagnosticBag diagnostics)
    {
        var owner = "vrrp_track_process " + process.Name;
        CheckTrackProcessWeight(owner, process.Weight, process.Source.ValueOf("weight"), diagnostics);
        var quorumFloor = process.QuorumMax == 0 ? 0 : 1;
        if (process.Quorum < quorumFloor || process.Quorum > TrackProcessConfig.MaxQuorum)
        {
            diagnostics.Error(DiagnosticCodes.TrackProcessValueOutOfRange, process.Source.ValueOf("quorum"),
                $"{owner} quorum {process.Quorum} is out of range {quorumFloor} to {TrackProcessConfig.MaxQuorum}");
        }
        if (process.QuorumMax is { } max && (max < process.Quorum || max > TrackProcessConfig.MaxQuorum))
        {
            diagnostics.Error(DiagnosticCodes.TrackProcessValueOutOfRange, process.Source.ValueOf("quorum_max"),
                $"{owner} quorum_max {max} is out of range {process.Quorum} (the quorum) to {TrackProcessConfig.MaxQuorum}");
        }
        foreach (var (keyword, delay) in new[] { ("terminate_delay", process.TerminateDelay), ("fork_delay", process.ForkDelay) })
        {
            if (delay < TimeSpan.Zero || delay > MaxProcessDelay)
            {
                var location = process.Source.Has(keyword) ? process.Source.ValueOf(keyword) : process.Source.ValueOf("delay");
                diagnostics.Error(DiagnosticCodes.TrackProcessValueOutOfRange, location,
                    $"{owner} {keyword} {delay.TotalSeconds}s is out of range 0 to 3600 seconds");
            }
        }
        CheckProcessNameCanMatch(process, owner, diagnostics);
    }

    /// <summary>
    /// Without full_command the name is compared with the kernel's comm, which never holds a '/' and keeps only 15
    /// characters: such a name can never match, so the instance would sit in its "process down" state for ever.
    /// </summary>
    private static void CheckProcessNameCanMatch(TrackProcessConfig process, string owner, DiagnosticBag diagnostics)
    {
        if (process.ReadsCommandLine)
        {
            return;
        }
        string? why = process.Process.Contains('/', StringComparison.Ordinal)
            ? "contains '/'"
            : process.Process.Length > MaxCommLength ? $"is longer than the kernel's {MaxCommLength}-character process name" : null;
        if (why is not null)
        {
            diagnostics.Warning(DiagnosticCodes.TrackProcessNeverMatches, process.Source.ValueOf("process"),
                $"{owner}: process '{process.Process}' {why}, so it never matches without full_command; add full_command to match the command line's first word");
        }
    }

    private static void CheckTrackProcessWeight(string owner, int weight, SourceLocation location, DiagnosticBag diagnostics)
    {
        if (weight is < -MaxTrackProcessWeight or > MaxTrackProcessWeight)
        {
            diagnostics.Error(DiagnosticCodes.TrackProcessValueOutOfRange, location,
                $"{owner} weight {weight} is out of range -254 to 254");
        }
    }
}
