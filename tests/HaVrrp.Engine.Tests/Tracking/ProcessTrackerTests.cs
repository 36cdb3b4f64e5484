using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Tests.Tracking;

/// <summary>The quorum verdict and its delays, on the engine's timeline (no clock is read).</summary>
public sealed class ProcessTrackerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static ProcessTracker Tracker(int quorum = 1, int? quorumMax = null, double terminateDelay = 0, double forkDelay = 0) =>
        new(new TrackProcessConfig
        {
            Name = "haproxy",
            Process = "haproxy",
            Quorum = quorum,
            QuorumMax = quorumMax,
            TerminateDelay = TimeSpan.FromSeconds(terminateDelay),
            ForkDelay = TimeSpan.FromSeconds(forkDelay),
        });

    [Fact]
    public void BeforeTheFirstCount_TheVerdictIsUnknown_ThenTheScanIsTakenAsItIs()
    {
        var tracker = Tracker(terminateDelay: 5);
        Assert.Null(tracker.HasQuorum);
        Assert.True(tracker.Update(0, ProcessChangeCause.Scan, TimeSpan.Zero));
        Assert.False(tracker.HasQuorum);
        Assert.Null(tracker.NextDeadline);
    }

    [Theory]
    [InlineData(1, null, 0, false)]
    [InlineData(1, null, 7, true)]
    [InlineData(2, 3, 1, false)]
    [InlineData(2, 3, 3, true)]
    [InlineData(2, 3, 4, false)]
    [InlineData(0, 0, 0, true)]
    [InlineData(0, 0, 1, false)]
    public void TheQuorumHolds_FromQuorumToQuorumMax(int quorum, int? quorumMax, int count, bool expected)
    {
        var tracker = Tracker(quorum, quorumMax);
        tracker.Update(count, ProcessChangeCause.Scan, TimeSpan.Zero);
        Assert.Equal(expected, tracker.HasQuorum);
    }

    [Fact]
    public void AnExit_LosesTheQuorumAfterTerminateDelay_NotBefore()
    {
        var tracker = Tracker(terminateDelay: 2);
        tracker.Update(1, ProcessChangeCause.Scan, TimeSpan.Zero);

        Assert.False(tracker.Update(0, ProcessChangeCause.Exit, 10 * Second));
        Assert.True(tracker.HasQuorum);
        Assert.Equal(12 * Second, tracker.NextDeadline);
        Assert.False(tracker.OnTimer(11 * Second));

        Assert.True(tracker.OnTimer(12 * Second));
        Assert.False(tracker.HasQuorum);
        Assert.Null(tracker.NextDeadline);
    }

    [Fact]
    public void AProcessBackWithinTerminateDelay_WasNeverSeenGone()
    {
        var tracker = Tracker(terminateDelay: 2);
        tracker.Update(1, ProcessChangeCause.Scan, TimeSpan.Zero);
        tracker.Update(0, ProcessChangeCause.Exit, 10 * Second);

        Assert.False(tracker.Update(1, ProcessChangeCause.Exec, 11 * Second));
        Assert.Null(tracker.NextDeadline);
        Assert.False(tracker.OnTimer(12 * Second));
        Assert.True(tracker.HasQuorum);
    }

    [Fact]
    public void AnExec_GainsTheQuorumAtOnce_AForkAfterForkDelay()
    {
        var exec = Tracker(forkDelay: 3);
        exec.Update(0, ProcessChangeCause.Scan, TimeSpan.Zero);
        Assert.True(exec.Update(1, ProcessChangeCause.Exec, Second));
        Assert.True(exec.HasQuorum);

        var fork = Tracker(quorum: 2, forkDelay: 3);
        fork.Update(1, ProcessChangeCause.Scan, TimeSpan.Zero);
        Assert.False(fork.Update(2, ProcessChangeCause.Fork, Second));
        Assert.Equal(4 * Second, fork.NextDeadline);
        Assert.True(fork.OnTimer(4 * Second));
        Assert.True(fork.HasQuorum);
    }

    [Fact]
    public void WithoutDelays_EveryChangeOfVerdictIsImmediate()
    {
        var tracker = Tracker(quorum: 1, quorumMax: 2);
        tracker.Update(1, ProcessChangeCause.Scan, TimeSpan.Zero);
        Assert.True(tracker.Update(3, ProcessChangeCause.Fork, Second));
        Assert.False(tracker.HasQuorum);
        Assert.True(tracker.Update(2, ProcessChangeCause.Exit, 2 * Second));
        Assert.True(tracker.HasQuorum);
        Assert.False(tracker.Update(1, ProcessChangeCause.Exit, 3 * Second));
    }
}
