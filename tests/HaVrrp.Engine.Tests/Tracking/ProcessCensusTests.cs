using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Tests.Tracking;

/// <summary>Counting matching processes from scans and from the kernel's process events.</summary>
public sealed class ProcessCensusTests
{
    private static readonly TrackProcessConfig Haproxy = new() { Name = "haproxy", Process = "haproxy" };

    private static readonly TrackProcessConfig Sleeper = new()
    {
        Name = "sleeper", Process = "sleep", Parameters = new(["1000"]), ParameterMatch = ProcessParameterMatch.Exact, FullCommand = true,
    };

    private static ProcessSnapshot Process(int pid, string comm, int parent = 1, params string[] commandLine) =>
        new(pid, parent, comm, commandLine.Length == 0 ? [comm] : commandLine);

    [Fact]
    public void TheFirstScan_ReportsEveryBlock_EvenWithNothingRunning()
    {
        var census = new ProcessCensus([Haproxy, Sleeper]);
        var changes = census.Rescan([Process(10, "haproxy"), Process(11, "haproxy"), Process(12, "bash")], initial: true);

        Assert.Equal([new("haproxy", 2, ProcessChangeCause.Scan), new("sleeper", 0, ProcessChangeCause.Scan)], changes);
        Assert.True(census.NeedsCommandLine);
    }

    [Fact]
    public void AChildOfATrackedProcess_CountsAsAFork_UntilItExecsSomethingElse()
    {
        var census = new ProcessCensus([Haproxy]);
        census.Rescan([Process(10, "haproxy")], initial: true);

        Assert.Equal([new("haproxy", 2, ProcessChangeCause.Fork)], census.Fork(10, 20));
        Assert.Empty(census.Fork(99, 21));
        Assert.Equal([new("haproxy", 1, ProcessChangeCause.Exit)], census.Examine(20, Process(20, "sh")));
        Assert.Equal([new("haproxy", 0, ProcessChangeCause.Exit)], census.Exit(10));
        Assert.Empty(census.Exit(10));
    }

    [Fact]
    public void AnExec_IsMatchedAfresh_AndAnExecOfSomethingElseChangesNothing()
    {
        var census = new ProcessCensus([Sleeper]);
        census.Rescan([], initial: true);

        Assert.Empty(census.Examine(30, Process(30, "sleep", 1, "sleep", "5")));
        Assert.Equal([new("sleeper", 1, ProcessChangeCause.Exec)], census.Examine(31, Process(31, "sleep", 1, "sleep", "1000")));
        Assert.Equal([new("sleeper", 0, ProcessChangeCause.Exit)], census.Examine(31, null));
    }

    [Fact]
    public void ARename_OnlyConcernsBlocksMatchingTheKernelName()
    {
        var census = new ProcessCensus([Haproxy, Sleeper]);
        census.Rescan([Process(40, "sleep", 1, "sleep", "1000")], initial: true);

        var changes = census.Examine(40, Process(40, "haproxy", 1, "sleep", "1000"), commOnly: true);

        Assert.Equal([new("haproxy", 1, ProcessChangeCause.Exec)], changes);
        Assert.Equal([40], census.MembersOf("sleeper"));
    }

    [Fact]
    public void LaterScans_ReportOnlyChanges_WithTheCauseTheDifferenceShows()
    {
        var census = new ProcessCensus([Haproxy]);
        census.Rescan([Process(10, "haproxy")], initial: true);

        Assert.Empty(census.Rescan([Process(10, "haproxy"), Process(12, "bash")], initial: false));
        Assert.Equal([new("haproxy", 2, ProcessChangeCause.Fork)], census.Rescan([Process(10, "haproxy"), Process(11, "haproxy", parent: 10)], initial: false));
        Assert.Equal([new("haproxy", 3, ProcessChangeCause.Exec)], census.Rescan([Process(10, "haproxy"), Process(11, "haproxy", 10), Process(13, "haproxy")], initial: false));
        Assert.Equal([new("haproxy", 0, ProcessChangeCause.Exit)], census.Rescan([], initial: false));
    }
}
