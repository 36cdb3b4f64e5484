namespace HaVrrp.TestSupport.Observers;

/// <summary>The zero-loss verdict on a <see cref="ProbeReport"/>, kept honest about the prober itself.</summary>
public static class ProbeAssert
{
    /// <summary>
    /// How far apart, at most, the last probe the old node answered and the first the new node answered may
    /// have been sent: ten intervals. That is where a hand-over loses traffic if it loses any (the old node
    /// has let go and the new one has not yet taken over), so there the prober must have kept its rhythm.
    /// </summary>
    public const int MostIntervalsAroundTheHandOver = 10;

    /// <summary>
    /// The most the prober may fall behind anywhere else between the answers the test waited for: twenty-five
    /// intervals. One node answered on either side of such a stall, so it cannot hide the hand-over's
    /// loss; the bound still fails a run in which the prober barely ran. On a 2-core machine at a load average of
    /// 20 and more the prober, for all its weight, was seen to stall for up to 116 ms (docs/development.md).
    /// </summary>
    public const int MostIntervalsBetweenProbes = 25;

    /// <summary>
    /// Every probe sent was answered, and probes were really sent: finely around each change of responder,
    /// and throughout the judged part of the record.
    /// </summary>
    public static void NoneLost(ProbeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Assert.True(report.Probes.Count > 0, "The prober sent no probe at all.");
        Assert.True(
            report.LongestGapAtResponderChange <= report.Interval * MostIntervalsAroundTheHandOver,
            $"The prober stalled across the hand-over itself, so this run cannot show zero loss: {report}");
        Assert.True(
            report.LongestSendGap <= report.Interval * MostIntervalsBetweenProbes,
            $"The prober itself was starved, so this run cannot show zero loss: {report}");
        Assert.True(report.UnansweredCount == 0, report.ToString());
    }
}
