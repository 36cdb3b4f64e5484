using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Tracking;

/// <summary>keepalived's script states as shown by its data dump and SNMP: INIT, INIT/FAILED, GOOD, BAD.</summary>
public enum ScriptStatus
{
    /// <summary>No result yet; the first result decides, whatever rise and fall say.</summary>
    Init,

    /// <summary>No result yet, but <c>init_fail</c> says to treat it as failed until <c>rise</c> successes.</summary>
    InitFailed,

    Good,

    Bad,
}

/// <summary>A change of a script's good/bad state, to be logged the way keepalived logs it.</summary>
public sealed record ScriptTransition(string ScriptName, bool IsGood, ScriptOutcome Outcome)
{
    /// <summary>keepalived's phrase, e.g. <c>VRRP_Script(chk_haproxy) succeeded</c>; alerting greps for it.</summary>
    public string LogMessage => $"VRRP_Script({ScriptName}) {Outcome.Describe()}";
}

/// <summary>
/// One <c>vrrp_script</c>: when it is due, and its rise/fall hysteresis, exactly as keepalived 2.2 counts.
/// <para>
/// keepalived keeps one counter, <c>result</c>, in 0 .. rise+fall-1. Below <c>rise</c> the script is BAD,
/// from <c>rise</c> up it is GOOD. A success while BAD counts up by one and, on reaching <c>rise</c>,
/// jumps to the top (rise+fall-1), so that <c>fall</c> failures are then needed to go BAD. A failure while
/// GOOD counts down by one and, on going below <c>rise</c>, drops to 0, so that <c>rise</c> successes are
/// then needed. A fresh script starts at rise-1, so its first result decides at once; with
/// <c>init_fail</c> it starts at 0 and needs <c>rise</c> successes.
/// </para>
/// <para>
/// Timing: a run starts every <c>interval</c>; a run that is still going when the next is due makes
/// keepalived skip that run rather than start a second copy. A run still going after <c>timeout</c>
/// is terminated and counts as a failure. Time is passed in; nothing here reads a clock.
/// </para>
/// </summary>
public sealed class ScriptTracker
{
    private readonly int _top;
    private int _result;
    private bool _awaitingFirstResult = true;

    public ScriptTracker(VrrpScriptConfig config, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        Rise = Math.Max(1, config.Rise);
        Fall = Math.Max(1, config.Fall);
        _top = Rise + Fall - 1;
        _result = config.InitFail ? 0 : Rise - 1;
        NextRunDue = start;
    }

    public VrrpScriptConfig Config { get; }

    public string Name => Config.Name;

    public int Rise { get; }

    public int Fall { get; }

    /// <summary>keepalived's counter, 0 .. rise+fall-1, for the status view.</summary>
    public int Result => _result;

    public ScriptStatus Status =>
        _awaitingFirstResult ? (Config.InitFail ? ScriptStatus.InitFailed : ScriptStatus.Init)
        : _result >= Rise ? ScriptStatus.Good
        : ScriptStatus.Bad;

    /// <summary>True while good, false while bad or init_fail; null before the first result of a plain script.</summary>
    public bool? IsUp => Status switch
    {
        ScriptStatus.Good => true,
        ScriptStatus.Init => null,
        _ => false,
    };

    /// <summary>Successes still needed to turn GOOD (0 when good).</summary>
    public int SuccessesToRise => Status == ScriptStatus.Good ? 0 : Rise - _result;

    /// <summary>Failures still needed to turn BAD (0 when bad).</summary>
    public int FailuresToFall => Status switch
    {
        ScriptStatus.Good => _result - Rise + 1,
        ScriptStatus.Init => 1,
        _ => 0,
    };

    public bool IsRunning { get; private set; }

    public DateTimeOffset NextRunDue { get; private set; }

    public DateTimeOffset? LastStarted { get; private set; }

    public TimeSpan? LastDuration { get; private set; }

    public ScriptOutcome? LastOutcome { get; private set; }

    /// <summary>Runs skipped because the previous one was still going (keepalived logs each one).</summary>
    public long SkippedRuns { get; private set; }

    public TimeSpan Timeout => Config.EffectiveTimeout;

    /// <summary>When the current run must be terminated; null when idle.</summary>
    public DateTimeOffset? RunDeadline => IsRunning && LastStarted is { } started ? started + Timeout : null;

    public bool IsDue(DateTimeOffset now) => now >= NextRunDue;

    /// <summary>The tracker's state for the control plane.</summary>
    public ScriptRunStatus Describe() =>
        new(Status, LastOutcome, LastStarted, LastDuration, IsRunning, Result, Rise, Fall, SuccessesToRise, FailuresToFall, SkippedRuns);

    /// <summary>
    /// Called when the run is due. Returns true when the caller should start the script now; false when
    /// the previous run is still going, in which case this run is skipped, as keepalived does.
    /// </summary>
    public bool TryBeginRun(DateTimeOffset now)
    {
        // The schedule advances from the due time, not from now, so a slow event loop does not drift it;
        // if the loop fell more than an interval behind, the missed runs are not replayed.
        NextRunDue += Config.Interval;
        if (NextRunDue <= now)
        {
            NextRunDue = now + Config.Interval;
        }
        if (IsRunning)
        {
            SkippedRuns++;
            return false;
        }

        IsRunning = true;
        LastStarted = now;
        return true;
    }

    /// <summary>Records how the run ended; returns the transition to log and act on, if the state changed.</summary>
    public ScriptTransition? CompleteRun(ScriptOutcome outcome, DateTimeOffset now)
    {
        IsRunning = false;
        LastOutcome = outcome;
        if (LastStarted is { } started)
        {
            LastDuration = now - started;
        }

        var wasFirstResult = _awaitingFirstResult;
        _awaitingFirstResult = false;
        return outcome.IsSuccess ? CountSuccess(outcome) : CountFailure(outcome, wasFirstResult && !Config.InitFail);
    }

    private ScriptTransition? CountSuccess(ScriptOutcome outcome)
    {
        if (_result < Rise - 1)
        {
            _result++;
            return null;
        }

        var turnsGood = _result < Rise;
        _result = _top;
        return turnsGood ? new ScriptTransition(Name, IsGood: true, outcome) : null;
    }

    private ScriptTransition? CountFailure(ScriptOutcome outcome, bool isFirstResult)
    {
        if (_result > Rise)
        {
            _result--;
            return null;
        }

        // A plain script's first failure is reported even though it was never good: the instance was
        // waiting to learn the state. After init_fail the instance already counted it as failed.
        var turnsBad = _result == Rise || isFirstResult;
        _result = 0;
        return turnsBad ? new ScriptTransition(Name, IsGood: false, outcome) : null;
    }
}
