using HaVrrp.TestSupport.Observers;

namespace HaVrrp.Integration.Tests;

/// <summary>The figures a failover is judged by, computed from a made-up probe history.</summary>
public sealed class ProbeReportTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    /// <summary>One probe per character, every 10 ms: '1' or '2' answered by that node, '.' unanswered.</summary>
    private static ProbeReport History(string answers) => new(
        [.. answers.Select((answer, index) => answer == '.'
            ? new Probe(index, index * Interval, null, null, null)
            : new Probe(index, index * Interval, index * Interval + TimeSpan.FromMilliseconds(1), null, $"node{answer}"))],
        Interval,
        duplicateReplies: 0);

    [Fact]
    public void LongestOutage_RunsFromTheLastAnsweredProbe_ToTheFirstAnsweredAfterTheLongestGap()
    {
        var report = History("11.11....22");

        Assert.Equal(5, report.UnansweredCount);
        Assert.Equal(4, report.LongestUnansweredRun);
        // Last answer before the gap: probe 4 (40 ms); first after: probe 9 (90 ms).
        Assert.Equal(TimeSpan.FromMilliseconds(50), report.LongestOutage);
    }

    [Fact]
    public void ResponderSequence_NamesEachResponderOncePerStretch()
    {
        var report = History("111..2212");

        Assert.Equal(["node1", "node2", "node1", "node2"], report.ResponderSequence);
        Assert.Equal("node2", report.LastResponder);
    }

    [Fact]
    public void AnOutageThatNeverEnded_LastsUntilTheLastProbeSent()
    {
        var report = History("11....");

        Assert.Equal(4, report.LongestUnansweredRun);
        Assert.Equal(TimeSpan.FromMilliseconds(40), report.LongestOutage);
    }

    [Fact]
    public void SendGap_CountsOnlyBetweenTheAnswersTheTestWaitedFor()
    {
        // Probes 0-9 every 10 ms, then a 500 ms stall before probe 10, then probe 11 10 ms later.
        var probes = Enumerable.Range(0, 12)
            .Select(index => new Probe(index, index * Interval + (index >= 10 ? TimeSpan.FromMilliseconds(500) : TimeSpan.Zero), null, null, "node1"))
            .ToList();

        var stallAfterTheOutcome = new ProbeReport(probes, Interval, duplicateReplies: 0, judgedFrom: 2, judgedUntil: 8);
        var stallInsideTheWindow = new ProbeReport(probes, Interval, duplicateReplies: 0, judgedFrom: 2, judgedUntil: 11);
        var wholeRecord = new ProbeReport(probes, Interval, duplicateReplies: 0);

        Assert.Equal(Interval, stallAfterTheOutcome.LongestSendGap);
        Assert.Equal(TimeSpan.FromMilliseconds(510), stallInsideTheWindow.LongestSendGap);
        Assert.Equal(9, stallInsideTheWindow.LongestSendGapAfter!.Sequence);
        Assert.Equal(TimeSpan.FromMilliseconds(510), wholeRecord.LongestSendGap);
    }

    [Fact]
    public void GapAtResponderChange_IsTheTimeBetweenTheOldNodesLastAnswerAndTheNewNodesFirst()
    {
        Assert.Equal(Interval, History("1112222").LongestGapAtResponderChange);
        Assert.Equal(TimeSpan.FromMilliseconds(30), History("11..222").LongestGapAtResponderChange);
        Assert.Equal(TimeSpan.Zero, History("1111").LongestGapAtResponderChange);
    }

    [Fact]
    public void AHistoryWithoutGaps_HasNoOutage()
    {
        var report = History("1111");

        Assert.Equal(0, report.UnansweredCount);
        Assert.Equal(TimeSpan.Zero, report.LongestOutage);
    }
}
