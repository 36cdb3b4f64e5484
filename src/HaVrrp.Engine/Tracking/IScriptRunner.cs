using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Syntax;

namespace HaVrrp.Engine.Tracking;

/// <summary>One program to run: its argv (already split, see <see cref="ScriptArguments"/>) and its limits.</summary>
public sealed record ScriptCommand(IReadOnlyList<string> Arguments)
{
    /// <summary>The user and group to run as; null runs as the daemon's own user.</summary>
    public ScriptUser? User { get; init; }

    /// <summary>When the whole process group is sent SIGTERM.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long SIGTERM may take before SIGKILL; keepalived waits 2 s.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Bytes kept from each of stdout and stderr; the rest is read and thrown away so the script never blocks.</summary>
    public int OutputLimit { get; init; } = 4096;

    /// <summary>
    /// Kill whatever the script left running in its process group when it exits. A check that leaves
    /// children behind leaks one per interval; keepalived does not clean them up, HaVrrp does by default.
    /// </summary>
    public bool KillLeftoverProcesses { get; init; } = true;
}

/// <summary>How a run went, for the tracker (<see cref="Outcome"/>) and for the operator (the rest).</summary>
public sealed record ScriptRunResult(ScriptOutcome Outcome, DateTimeOffset Started, TimeSpan Duration)
{
    /// <summary>The process id, which is also the id of the process group the run lived in; 0 if it never started.</summary>
    public int ProcessId { get; init; }

    public string StandardOutput { get; init; } = string.Empty;

    public string StandardError { get; init; } = string.Empty;

    /// <summary>True when either stream wrote more than <see cref="ScriptCommand.OutputLimit"/> bytes.</summary>
    public bool OutputTruncated { get; init; }

    /// <summary>Why the run never started, e.g. an unknown user or a missing program.</summary>
    public string? StartError { get; init; }
}

/// <summary>Runs scripts. The engine's event loop awaits these without blocking; Platform/Linux implements it.</summary>
public interface IScriptRunner
{
    Task<ScriptRunResult> RunAsync(ScriptCommand command, CancellationToken cancellationToken);
}
