using System.Globalization;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// The drivers themselves, against stand-in shell commands: log capture, waiting for a line,
/// signals, and the group kill that guarantees no daemon outlives its test. This is how
/// <see cref="HavrrpdNode"/> is proven before havrrpd's run mode exists.
/// </summary>
public sealed class DaemonDriverTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task LabProcess_CapturesStdoutAndStderr_LineByLine()
    {
        using var process = LabProcess.Start(["sh", "-c", "echo one; echo two >&2; echo three"]);

        Assert.Equal(0, await process.WaitForExitAsync(Deadline));
        await process.WaitForLogAsync("^three$", Deadline);

        var lines = process.Lines;
        Assert.Equal(["one", "three"], lines.Where(line => line.Channel == OutputChannel.Stdout).Select(line => line.Text));
        Assert.Equal(["two"], lines.Where(line => line.Channel == OutputChannel.Stderr).Select(line => line.Text));
    }

    [Fact]
    public async Task LabProcess_WaitForLog_FailsWithTheTranscript_WhenTheProcessExitsWithoutTheLine()
    {
        using var process = LabProcess.Start(["sh", "-c", "echo not what you wait for; exit 3"]);

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => process.WaitForLogAsync("Entering MASTER STATE", Deadline));

        Assert.Contains("exited (3)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("not what you wait for", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LabProcess_Kill_EndsTheWholeProcessGroup_IncludingForkedChildren()
    {
        using var process = LabProcess.Start(["sh", "-c", "sleep 300 & echo child $!; wait"]);
        var announced = await process.WaitForLogAsync(@"^child \d+$", Deadline);
        var child = int.Parse(announced.Text["child ".Length..], CultureInfo.InvariantCulture);
        Assert.Contains(child, ProcessGroups.LiveMembers(process.ProcessId));

        await process.KillAsync();

        Assert.Empty(ProcessGroups.LiveMembers(process.ProcessId));
    }

    [RootFact]
    public async Task HavrrpdNode_RunsTheLauncherInTheNodesNamespace_WithTheConfigFile_AndRelaysSignals()
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        // Stands in for `dotnet havrrpd.dll`: says where it runs and what it was given, then acts on HUP and TERM.
        const string StandIn =
            "trap 'echo reloading' HUP; trap 'echo stopping; exit 0' TERM; " +
            "echo \"args $1 $2\"; test -s \"$2\" && echo config-present; echo \"namespace $(ip netns identify)\"; " +
            "while true; do sleep 0.05; done";
        var configuration = LabProfile.Version2Multicast.Configuration(lab, lab.Nodes[0], priority: 150);
        using var daemon = HavrrpdNode.Start(lab.Nodes[0], configuration, HavrrpdConfigurationFormat.Yaml, ["sh", "-c", StandIn, "havrrpd"]);

        await daemon.WaitForLogAsync($"^namespace {lab.Nodes[0].Namespace}$");
        Assert.Contains(daemon.Lines, line => line.Text == $"args --config {daemon.ConfigurationPath}");
        Assert.Contains(daemon.Lines, line => line.Text == "config-present");
        Assert.EndsWith(".yaml", daemon.ConfigurationPath, StringComparison.Ordinal);

        daemon.Reload();
        await daemon.WaitForLogAsync("^reloading$");

        Assert.Equal(0, await daemon.StopGracefullyAsync());
        await daemon.WaitForLogAsync("^stopping$");
    }

    [RootFact]
    public void HavrrpdNode_Dispose_KillsTheDaemonAndRemovesItsDirectory()
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        var daemon = HavrrpdNode.Start(lab.Nodes[0], "{}", "havrrp.yaml", ["sh", "-c", "sleep 300 & wait", "havrrpd"]);
        var processGroup = daemon.Process.ProcessId;

        daemon.Dispose();

        Assert.Empty(ProcessGroups.LiveMembers(processGroup));
        Assert.False(Directory.Exists(daemon.Directory));
    }
}
