namespace HaVrrp.TestSupport.Observers;

/// <summary>The zero-loss verdict on a <see cref="ProbeReport"/>, kept honest about the prober itself.</summary>
public static class ProbeAssert
{
    /// <summary>
    /// The most the prober may fall behind its rhythm for a run to count: ten intervals. A hand-over
    /// at risk lasts about one interval of the backup's Skew_Time, so a prober that stalled longer
    /// could have slept through exactly the moment the test is about.
    /// </summary>
    public const int MostIntervalsBetweenProbes = 10;

    /// <summary>
    /// Every probe sent was answered, and probes were sent throughout: the longest gap between two
    /// sent probes is within <see cref="MostIntervalsBetweenProbes"/> intervals.
    /// </summary>
    public static void NoneLost(ProbeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Assert.True(report.Probes.Count > 0, "The prober sent no probe at all.");
        Assert.True(
            report.LongestSendGap <= report.Interval * MostIntervalsBetweenProbes,
            $"The prober itself was starved, so this run cannot show zero loss: {report}");
        Assert.True(report.UnansweredCount == 0, report.ToString());
    }
}
