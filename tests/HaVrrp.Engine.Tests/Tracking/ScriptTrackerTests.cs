using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Tests.Tracking;

public class ScriptTrackerTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ScriptTracker Tracker(int rise = 1, int fall = 1, bool initFail = false, double interval = 2, double? timeout = null) =>
        new(new VrrpScriptConfig
        {
            Name = "chk_haproxy",
            Script = "/usr/bin/pidof haproxy",
            Rise = rise,
            Fall = fall,
            InitFail = initFail,
            Interval = TimeSpan.FromSeconds(interval),
            Timeout = timeout is { } t ? TimeSpan.FromSeconds(t) : null,
        }, Start);

    private static ScriptTransition? Run(ScriptTracker tracker, bool success)
    {
        var now = tracker.NextRunDue;
        Assert.True(tracker.TryBeginRun(now));
        return tracker.CompleteRun(success ? ScriptOutcome.Success : ScriptOutcome.Exited(1), now + TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public void FreshScript_FirstSuccess_TurnsGoodAtOnceWhateverRiseSays()
    {
        var tracker = Tracker(rise: 3, fall: 2);
        Assert.Equal(ScriptStatus.Init, tracker.Status);
        Assert.Null(tracker.IsUp);

        var transition = Run(tracker, success: true);

        Assert.Equal(ScriptStatus.Good, tracker.Status);
        Assert.Equal("VRRP_Script(chk_haproxy) succeeded", transition?.LogMessage);
        Assert.Equal(4, tracker.Result); // rise + fall - 1
    }

    [Fact]
    public void FreshScript_FirstFailure_TurnsBadAtOnceAndIsReported()
    {
        var tracker = Tracker(rise: 3, fall: 2);

        var transition = Run(tracker, success: false);

        Assert.Equal(ScriptStatus.Bad, tracker.Status);
        Assert.Equal("VRRP_Script(chk_haproxy) failed (exited with status 1)", transition?.LogMessage);
        Assert.Equal(0, tracker.Result);
        Assert.Equal(3, tracker.SuccessesToRise);
    }

    [Fact]
    public void InitFail_StartsFailedAndNeedsRiseSuccesses()
    {
        var tracker = Tracker(rise: 3, fall: 2, initFail: true);
        Assert.Equal(ScriptStatus.InitFailed, tracker.Status);
        Assert.False(tracker.IsUp);

        Assert.Null(Run(tracker, success: true));
        Assert.Null(Run(tracker, success: true));
        Assert.Equal(ScriptStatus.Bad, tracker.Status);
        Assert.NotNull(Run(tracker, success: true));
        Assert.Equal(ScriptStatus.Good, tracker.Status);
    }

    [Fact]
    public void InitFail_FirstFailure_IsNotReportedAgain()
    {
        var tracker = Tracker(rise: 2, fall: 2, initFail: true);

        Assert.Null(Run(tracker, success: false));
        Assert.Equal(ScriptStatus.Bad, tracker.Status);
    }

    [Fact]
    public void Good_NeedsFallFailuresInARowToTurnBad()
    {
        var tracker = Tracker(rise: 2, fall: 3);
        Run(tracker, success: true);

        Assert.Null(Run(tracker, success: false));
        Assert.Null(Run(tracker, success: false));
        Assert.Equal(ScriptStatus.Good, tracker.Status);
        Assert.Equal(1, tracker.FailuresToFall);
        Assert.NotNull(Run(tracker, success: false));
        Assert.Equal(ScriptStatus.Bad, tracker.Status);
    }

    [Fact]
    public void Good_OneSuccessBetweenFailures_ResetsTheFallCount()
    {
        var tracker = Tracker(rise: 2, fall: 3);
        Run(tracker, success: true);

        Run(tracker, success: false);
        Run(tracker, success: false);
        Run(tracker, success: true);
        Assert.Equal(3, tracker.FailuresToFall);
        Run(tracker, success: false);
        Run(tracker, success: false);

        Assert.Equal(ScriptStatus.Good, tracker.Status);
    }

    [Fact]
    public void Bad_NeedsRiseSuccessesInARow_AndAFailureStartsAgain()
    {
        var tracker = Tracker(rise: 3, fall: 1);
        Run(tracker, success: false);

        Run(tracker, success: true);
        Run(tracker, success: true);
        Run(tracker, success: false);
        Assert.Equal(0, tracker.Result);
        Run(tracker, success: true);
        Run(tracker, success: true);
        Assert.Equal(ScriptStatus.Bad, tracker.Status);
        var transition = Run(tracker, success: true);

        Assert.True(transition?.IsGood);
        Assert.Equal(ScriptStatus.Good, tracker.Status);
    }

    [Fact]
    public void RepeatedSuccessesWhileGood_ReportNothing()
    {
        var tracker = Tracker();
        Run(tracker, success: true);

        Assert.Null(Run(tracker, success: true));
        Assert.Null(Run(tracker, success: true));
    }

    [Theory]
    [InlineData(ScriptOutcomeKind.TimedOut, "VRRP_Script(chk_haproxy) timed_out")]
    [InlineData(ScriptOutcomeKind.Signaled, "VRRP_Script(chk_haproxy) failed (due to signal 9)")]
    [InlineData(ScriptOutcomeKind.FailedToStart, "VRRP_Script(chk_haproxy) failed (could not be started)")]
    public void TimeoutsSignalsAndStartFailures_CountAsFailures(ScriptOutcomeKind kind, string message)
    {
        var tracker = Tracker();
        Run(tracker, success: true);
        Assert.True(tracker.TryBeginRun(tracker.NextRunDue));

        var transition = tracker.CompleteRun(new ScriptOutcome(kind, Signal: 9), Start + TimeSpan.FromSeconds(3));

        Assert.Equal(message, transition?.LogMessage);
        Assert.Equal(ScriptStatus.Bad, tracker.Status);
    }

    [Fact]
    public void Runs_AreDueEveryIntervalFromTheSchedule()
    {
        var tracker = Tracker(interval: 2);
        Assert.True(tracker.IsDue(Start));

        tracker.TryBeginRun(Start + TimeSpan.FromMilliseconds(30));
        tracker.CompleteRun(ScriptOutcome.Success, Start + TimeSpan.FromMilliseconds(50));

        Assert.Equal(Start + TimeSpan.FromSeconds(2), tracker.NextRunDue);
        Assert.False(tracker.IsDue(Start + TimeSpan.FromSeconds(1.9)));
        Assert.Equal(TimeSpan.FromMilliseconds(20), tracker.LastDuration);
    }

    [Fact]
    public void RunStillGoingWhenTheNextIsDue_SkipsThatRun()
    {
        var tracker = Tracker(interval: 1, timeout: 5);
        Assert.True(tracker.TryBeginRun(Start));

        Assert.False(tracker.TryBeginRun(Start + TimeSpan.FromSeconds(1)));

        Assert.Equal(1, tracker.SkippedRuns);
        Assert.Equal(Start + TimeSpan.FromSeconds(5), tracker.RunDeadline);
    }

    [Fact]
    public void Timeout_DefaultsToTheInterval()
    {
        var tracker = Tracker(interval: 3);

        tracker.TryBeginRun(Start);

        Assert.Equal(Start + TimeSpan.FromSeconds(3), tracker.RunDeadline);
    }

    [Fact]
    public void EventLoopFallingBehind_DoesNotReplayMissedRuns()
    {
        var tracker = Tracker(interval: 1);

        tracker.TryBeginRun(Start + TimeSpan.FromSeconds(10));

        Assert.Equal(Start + TimeSpan.FromSeconds(11), tracker.NextRunDue);
    }
}
