namespace HaVrrp.TestSupport.Observers;

/// <summary>
/// What a <see cref="ClientProbe"/> saw, in sending order, and the figures a failover is judged by:
/// how many probes went unanswered and how long the longest outage lasted.
/// </summary>
public sealed class ProbeReport
{
    /// <param name="probes">Every probe sent, in order.</param>
    /// <param name="interval">The time between two probes.</param>
    /// <param name="duplicateReplies">Replies beyond the first to one probe.</param>
    /// <param name="judgedFrom">The first probe whose rhythm counts: the one a test saw answered before it acted.</param>
    /// <param name="judgedUntil">The last probe whose rhythm counts: the one a test saw answered once its last action
    /// had taken effect; null for the whole record.</param>
    public ProbeReport(IReadOnlyList<Probe> probes, TimeSpan interval, int duplicateReplies, int judgedFrom = 0, int? judgedUntil = null)
    {
        ArgumentNullException.ThrowIfNull(probes);
        Probes = probes;
        Interval = interval;
        DuplicateReplies = duplicateReplies;
        (LongestUnansweredRun, LongestOutage) = FindLongestOutage(probes);
        (LongestSendGap, LongestSendGapAfter) = FindLongestSendGap(probes, judgedFrom, judgedUntil ?? probes.Count - 1);
        LongestGapAtResponderChange = FindLongestGapAtResponderChange(probes);
    }

    public IReadOnlyList<Probe> Probes { get; }

    /// <summary>The time between two probes.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Replies beyond the first to one probe: two nodes answering at once (both think they are master).</summary>
    public int DuplicateReplies { get; }

    public int AnsweredCount => Probes.Count(probe => probe.Answered);

    public int UnansweredCount => Probes.Count - AnsweredCount;

    /// <summary>The most probes in a row that went unanswered.</summary>
    public int LongestUnansweredRun { get; }

    /// <summary>
    /// The longest time the address did not answer: from the last answered probe before the longest
    /// unanswered run to the first answered one after it (to the last probe sent, if none came).
    /// </summary>
    public TimeSpan LongestOutage { get; }

    /// <summary>Who answered, in order, each responder once per stretch: ["node1", "node2"] after a clean failover.</summary>
    public IReadOnlyList<string> ResponderSequence
    {
        get
        {
            var sequence = new List<string>();
            foreach (var responder in Probes.Select(probe => probe.Responder).OfType<string>())
            {
                if (sequence.Count == 0 || sequence[^1] != responder)
                {
                    sequence.Add(responder);
                }
            }
            return sequence;
        }
    }

    /// <summary>
    /// The longest time between two probes sent: about <see cref="Interval"/> when the prober kept its
    /// rhythm, much more when the machine did not run it. A run with long gaps proves little either way,
    /// since probes that were never sent can be neither answered nor lost.
    /// </summary>
    public TimeSpan LongestSendGap { get; }

    /// <summary>The probe after which <see cref="LongestSendGap"/> began; null with fewer than two probes.</summary>
    public Probe? LongestSendGapAfter { get; }

    /// <summary>
    /// The longest time between the last probe one node answered and the first the next node answered: how
    /// finely the prober saw the hand-over itself, the one moment a hand-over can lose traffic. Zero without a change.
    /// </summary>
    public TimeSpan LongestGapAtResponderChange { get; }

    public string? LastResponder => Probes.LastOrDefault(probe => probe.Answered)?.Responder;

    public override string ToString() =>
        $"{Probes.Count} probes every {Interval.TotalMilliseconds} ms: {UnansweredCount} unanswered, " +
        $"longest outage {LongestOutage.TotalMilliseconds:F0} ms ({LongestUnansweredRun} in a row), " +
        $"longest gap between probes sent {LongestSendGap.TotalMilliseconds:F0} ms" +
        (LongestSendGapAfter is { } gapStart ? $" (after probe {gapStart.Sequence}, sent at {gapStart.SentAt.TotalSeconds:F3} s), " : ", ") +
        $"answered by {string.Join(" → ", ResponderSequence)} ({LongestGapAtResponderChange.TotalMilliseconds:F0} ms between the answers " +
        $"around a change), {DuplicateReplies} duplicate replies";

    /// <summary>
    /// From <paramref name="judgedFrom"/> to <paramref name="judgedUntil"/>: a stall before the test saw the address
    /// answer and acted, or after it saw the outcome, cannot hide a loss that the action caused.
    /// </summary>
    private static (TimeSpan Gap, Probe? After) FindLongestSendGap(IReadOnlyList<Probe> probes, int judgedFrom, int judgedUntil)
    {
        var longest = TimeSpan.Zero;
        Probe? after = null;
        for (var index = Math.Max(judgedFrom, 0) + 1; index <= Math.Min(judgedUntil, probes.Count - 1); index++)
        {
            var gap = probes[index].SentAt - probes[index - 1].SentAt;
            if (gap > longest)
            {
                (longest, after) = (gap, probes[index - 1]);
            }
        }
        return (longest, after);
    }

    private static TimeSpan FindLongestGapAtResponderChange(IReadOnlyList<Probe> probes)
    {
        var longest = TimeSpan.Zero;
        Probe? previous = null;
        foreach (var probe in probes.Where(probe => probe.Answered))
        {
            if (previous is not null && previous.Responder != probe.Responder && probe.SentAt - previous.SentAt > longest)
            {
                longest = probe.SentAt - previous.SentAt;
            }
            previous = probe;
        }
        return longest;
    }

    private static (int Run, TimeSpan Outage) FindLongestOutage(IReadOnlyList<Probe> probes)
    {
        var longestRun = 0;
        var longestOutage = TimeSpan.Zero;
        var runStart = -1;
        for (var index = 0; index <= probes.Count; index++)
        {
            var answered = index == probes.Count || probes[index].Answered;
            if (!answered)
            {
                if (runStart < 0)
                {
                    runStart = index;
                }
                continue;
            }
            if (runStart < 0)
            {
                continue;
            }
            var run = index - runStart;
            // The address was last seen alive at the probe before the run (or at the first probe sent).
            var from = probes[Math.Max(runStart - 1, 0)].SentAt;
            var to = index < probes.Count ? probes[index].SentAt : probes[^1].SentAt;
            if (run > longestRun)
            {
                longestRun = run;
                longestOutage = to - from;
            }
            runStart = -1;
        }
        return (longestRun, longestOutage);
    }
}
