using HaVrrp.Engine.Control;

namespace HaVrrp;

/// <summary>One vrrp_script as the daemon runs it (Get-VrrpScript).</summary>
public sealed class VrrpScript
{
    public required string Name { get; init; }

    public required ScriptState Status { get; init; }

    public required string Command { get; init; }

    public required TimeSpan Interval { get; init; }

    public required TimeSpan Timeout { get; init; }

    public required int Weight { get; init; }

    public required bool WeightReverse { get; init; }

    public required int Rise { get; init; }

    public required int Fall { get; init; }

    /// <summary>keepalived's rise/fall counter, 0 .. Rise+Fall-1.</summary>
    public int Result { get; init; }

    public int SuccessesToRise { get; init; }

    public int FailuresToFall { get; init; }

    public int? LastExitCode { get; init; }

    /// <summary>How the last run ended, in keepalived's words.</summary>
    public string? LastResult { get; init; }

    public DateTimeOffset? LastRun { get; init; }

    public TimeSpan? LastDuration { get; init; }

    public bool IsRunning { get; init; }

    public long SkippedRuns { get; init; }

    public required string[] TrackedBy { get; init; }

    public string? DisabledReason { get; init; }

    public required string ComputerName { get; init; }

    public override string ToString() => Name;

    internal static VrrpScript From(ScriptInfo info, string computerName) => new()
    {
        Name = info.Name,
        Status = info.Status,
        Command = info.Command,
        Interval = info.Interval,
        Timeout = info.Timeout,
        Weight = info.Weight,
        WeightReverse = info.WeightReverse,
        Rise = info.Rise,
        Fall = info.Fall,
        Result = info.Result,
        SuccessesToRise = info.SuccessesToRise,
        FailuresToFall = info.FailuresToFall,
        LastExitCode = info.LastExitCode,
        LastResult = info.LastResult,
        LastRun = info.LastRunAt,
        LastDuration = info.LastDuration,
        IsRunning = info.IsRunning,
        SkippedRuns = info.SkippedRuns,
        TrackedBy = [.. info.TrackedBy],
        DisabledReason = info.DisabledReason,
        ComputerName = computerName,
    };
}
