namespace HaVrrp.Engine.Tracking;

public enum ScriptOutcomeKind
{
    /// <summary>The script ran to its end; <see cref="ScriptOutcome.ExitCode"/> says how.</summary>
    Exited,

    /// <summary>Killed by a signal nobody here sent (e.g. it crashed, or an operator killed it).</summary>
    Signaled,

    /// <summary>Still running at its timeout, so its process group was terminated.</summary>
    TimedOut,

    /// <summary>Never ran: the program is missing, not executable, refused by script security, ...</summary>
    FailedToStart,
}

/// <summary>How one run of a check script ended. Only an exit code of 0 is a success, as in keepalived.</summary>
public readonly record struct ScriptOutcome(ScriptOutcomeKind Kind, int ExitCode = 0, int Signal = 0)
{
    public static ScriptOutcome Success { get; } = new(ScriptOutcomeKind.Exited);

    public static ScriptOutcome TimedOut { get; } = new(ScriptOutcomeKind.TimedOut);

    public static ScriptOutcome FailedToStart { get; } = new(ScriptOutcomeKind.FailedToStart);

    public bool IsSuccess => Kind == ScriptOutcomeKind.Exited && ExitCode == 0;

    public static ScriptOutcome Exited(int exitCode) => new(ScriptOutcomeKind.Exited, exitCode);

    public static ScriptOutcome KilledBy(int signal) => new(ScriptOutcomeKind.Signaled, Signal: signal);

    /// <summary>The words keepalived logs after <c>VRRP_Script(name)</c>.</summary>
    public string Describe() => Kind switch
    {
        ScriptOutcomeKind.Exited when ExitCode == 0 => "succeeded",
        ScriptOutcomeKind.Exited => $"failed (exited with status {ExitCode})",
        ScriptOutcomeKind.Signaled => $"failed (due to signal {Signal})",
        ScriptOutcomeKind.TimedOut => "timed_out",
        _ => "failed (could not be started)",
    };
}
