using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Tests.Tracking;

/// <summary>keepalived's matching of vrrp_track_process (track_process.c check_params and read_procs).</summary>
public sealed class ProcessMatcherTests
{
    private static TrackProcessConfig Block(string process, ProcessParameterMatch match = ProcessParameterMatch.None, bool fullCommand = false, params string[] parameters) =>
        new() { Name = "p", Process = process, Parameters = new(parameters), ParameterMatch = match, FullCommand = fullCommand || match != ProcessParameterMatch.None };

    [Fact]
    public void WithoutFullCommand_TheKernelNameIsCompared_NotTheCommandLine()
    {
        var block = Block("haproxy");
        Assert.True(ProcessMatcher.Matches(block, "haproxy", null));
        Assert.False(ProcessMatcher.Matches(block, "haproxy-wrapper", null));
        Assert.False(ProcessMatcher.Matches(block, "bash", ["haproxy"]));
    }

    [Fact]
    public void FullCommand_ComparesTheWholeFirstWord_PathIncluded_WithAnyArguments()
    {
        var block = Block("/usr/sbin/haproxy", fullCommand: true);
        Assert.True(ProcessMatcher.Matches(block, "haproxy", ["/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg"]));
        Assert.False(ProcessMatcher.Matches(block, "haproxy", ["haproxy", "-f", "/etc/haproxy.cfg"]));
        Assert.False(ProcessMatcher.Matches(block, "haproxy", []));
    }

    [Theory]
    [InlineData(new[] { "-f", "a.cfg" }, true)]
    [InlineData(new[] { "-f", "a.cfg", "-D" }, false)]
    [InlineData(new[] { "-f" }, false)]
    [InlineData(new[] { "-f", "a.cfg.bak" }, false)]
    public void Exact_TheArgumentsAreTheParameters(string[] arguments, bool matches) =>
        Assert.Equal(matches, ProcessMatcher.ParametersMatch(ProcessParameterMatch.Exact, ["-f", "a.cfg"], arguments));

    [Theory]
    [InlineData(new[] { "-f", "a.cfg" }, true)]
    [InlineData(new[] { "-f", "a.cfg", "-D" }, true)]
    [InlineData(new[] { "-f", "a.cfg.bak" }, false)]
    [InlineData(new[] { "-f" }, false)]
    public void Partial_TheArgumentsStartWithAllParameters(string[] arguments, bool matches) =>
        Assert.Equal(matches, ProcessMatcher.ParametersMatch(ProcessParameterMatch.Partial, ["-f", "a.cfg"], arguments));

    [Theory]
    [InlineData(new[] { "-f", "a.cfg" }, true)]
    [InlineData(new[] { "-f", "a.cfg.bak", "-D" }, true)]
    [InlineData(new[] { "-x", "a.cfg" }, false)]
    [InlineData(new[] { "-f", "b.cfg" }, false)]
    public void Initial_TheLastParameterNeedOnlyBeginItsArgument(string[] arguments, bool matches) =>
        Assert.Equal(matches, ProcessMatcher.ParametersMatch(ProcessParameterMatch.Initial, ["-f", "a.cfg"], arguments));

    [Fact]
    public void ExactWithoutParameters_MeansNoArguments_AndNoParamMatchMeansAny()
    {
        Assert.True(ProcessMatcher.Matches(Block("sleep", ProcessParameterMatch.Exact), "sleep", ["sleep"]));
        Assert.False(ProcessMatcher.Matches(Block("sleep", ProcessParameterMatch.Exact), "sleep", ["sleep", "5"]));
        Assert.True(ProcessMatcher.Matches(Block("sleep", fullCommand: true), "sleep", ["sleep", "5"]));
    }
}
