using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Platform.Linux.Scripts;
using HaVrrp.Engine.Tracking;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Engine.Tests.Linux;

/// <summary>
/// Real processes, real shell scripts in a temp directory. Every run is awaited with a generous deadline,
/// and containment is proved by looking for the script's process group in /proc afterwards.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ScriptRunnerTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    private readonly string _directory = Directory.CreateTempSubdirectory("havrrp-runner-").FullName;
    private readonly ScriptRunner _runner = new();

    public ScriptRunnerTests()
    {
        // CreateTempSubdirectory makes it 0700; the user-switch test's script must be readable by nobody.
        File.SetUnixFileMode(_directory, (UnixFileMode)0b111_101_101);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteScript(string name, string body)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    private Task<ScriptRunResult> Run(ScriptCommand command, CancellationToken cancellationToken = default) =>
        _runner.RunAsync(command, cancellationToken).WaitAsync(Deadline, cancellationToken);

    private static async Task AssertGroupGoneAsync(ScriptRunResult result)
    {
        Assert.True(result.ProcessId > 0);
        Assert.Empty(await ProcessGroups.WaitUntilEmptyAsync(result.ProcessId, Deadline));
    }

    [Fact]
    public async Task ExitingScript_ReportsItsExitCodeAndOutput()
    {
        var script = WriteScript("exit3.sh", "echo checking; echo oops >&2; exit 3");

        var result = await Run(new ScriptCommand([script]) { Timeout = Deadline });

        Assert.Equal(ScriptOutcome.Exited(3), result.Outcome);
        Assert.Equal("checking\n", result.StandardOutput);
        Assert.Equal("oops\n", result.StandardError);
        Assert.False(result.OutputTruncated);
    }

    [Fact]
    public async Task Arguments_ReachTheProgramAsTheyAre_WithoutAShell()
    {
        var script = WriteScript("args.sh", "for a in \"$@\"; do echo \"[$a]\"; done");

        var result = await Run(new ScriptCommand([script, "two words", "$HOME", "|", "*"]) { Timeout = Deadline });

        Assert.Equal("[two words]\n[$HOME]\n[|]\n[*]\n", result.StandardOutput);
    }

    [Fact]
    public void WhenHavrrpdRunsRealtime_TheScriptIsStartedThroughChrtWithNormalScheduling()
    {
        var script = WriteScript("policy.sh", "exit 0");

        var normal = ScriptRunner.BuildStartInfo(new ScriptCommand([script]), normalScheduling: false, out _)!;
        var demoted = ScriptRunner.BuildStartInfo(new ScriptCommand([script]), normalScheduling: true, out var error)!;

        Assert.Null(error);
        Assert.EndsWith("/setsid", normal.FileName, StringComparison.Ordinal);
        Assert.Equal([script], normal.ArgumentList);
        Assert.EndsWith("/chrt", demoted.FileName, StringComparison.Ordinal);
        Assert.Equal(["--other", "0", normal.FileName, script], demoted.ArgumentList);
    }

    [Fact]
    public async Task ThroughChrt_TheScriptStillRunsAsTheLeaderOfItsGroup_WithNormalScheduling()
    {
        // Field 41 of /proc/PID/stat is the scheduling policy: 0 is SCHED_OTHER.
        var script = WriteScript("policy.sh", "cut -d' ' -f41 /proc/$$/stat; cut -d' ' -f5 /proc/$$/stat; echo $$");
        var start = ScriptRunner.BuildStartInfo(new ScriptCommand([script]), normalScheduling: true, out _)!;
        start.RedirectStandardInput = false;

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(Deadline);
        await process.WaitForExitAsync().WaitAsync(Deadline);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["0", lines[2], lines[2]], lines);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task Script_IsTheLeaderOfItsOwnProcessGroup()
    {
        var script = WriteScript("group.sh", "cut -d' ' -f5 /proc/$$/stat; echo $$");

        var result = await Run(new ScriptCommand([script]) { Timeout = Deadline });

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines[1], lines[0]);
        Assert.Equal(result.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[0]);
    }

    [Fact]
    public async Task HangingScript_TimesOutAndItsGroupIsGone()
    {
        var script = WriteScript("hang.sh", "sleep 1000");

        var result = await Run(new ScriptCommand([script]) { Timeout = Short, KillGrace = Short });

        Assert.Equal(ScriptOutcome.TimedOut, result.Outcome);
        await AssertGroupGoneAsync(result);
    }

    [Fact]
    public async Task ScriptIgnoringSigterm_IsKilledAfterTheGrace()
    {
        // An ignored signal stays ignored in children, so the sleep ignores SIGTERM too.
        var script = WriteScript("stubborn.sh", "trap '' TERM\nsleep 1000 &\nsleep 1000\nwait");

        var result = await Run(new ScriptCommand([script]) { Timeout = Short, KillGrace = Short });

        Assert.Equal(ScriptOutcome.TimedOut, result.Outcome);
        await AssertGroupGoneAsync(result);
    }

    [Fact]
    public async Task ScriptThatForksAndHangs_LosesEveryChildOnTimeout()
    {
        var script = WriteScript("forker.sh", "for i in 1 2 3 4 5; do sleep 1000 & done\n(sleep 1000; echo never) &\nwait");

        var result = await Run(new ScriptCommand([script]) { Timeout = Short, KillGrace = Short });

        Assert.Equal(ScriptOutcome.TimedOut, result.Outcome);
        await AssertGroupGoneAsync(result);
    }

    [Fact]
    public async Task ScriptThatExitsLeavingChildren_SucceedsAndTheChildrenAreKilled()
    {
        var script = WriteScript("leaver.sh", "sleep 1000 &\nsleep 1000 &\necho done\nexit 0");

        var result = await Run(new ScriptCommand([script]) { Timeout = Deadline });

        Assert.Equal(ScriptOutcome.Success, result.Outcome);
        Assert.Equal("done\n", result.StandardOutput);
        await AssertGroupGoneAsync(result);
    }

    [Fact]
    public async Task ChattyScript_WritingMegabytes_IsDrainedAndCapped()
    {
        var script = WriteScript("chatty.sh", "head -c 8000000 /dev/zero | tr '\\0' x\nhead -c 3000000 /dev/zero >&2\nexit 0");

        var result = await Run(new ScriptCommand([script]) { Timeout = Deadline, OutputLimit = 4096 });

        Assert.Equal(ScriptOutcome.Success, result.Outcome);
        Assert.Equal(new string('x', 4096), result.StandardOutput);
        Assert.True(result.OutputTruncated);
    }

    [Fact]
    public async Task ManyConcurrentRuns_EachReportTheirOwnExitCode()
    {
        var script = WriteScript("code.sh", "exit $1");

        var runs = Enumerable.Range(0, 40)
            .Select(i => Run(new ScriptCommand([script, (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture)]) { Timeout = Deadline }))
            .ToArray();
        var results = await Task.WhenAll(runs);

        Assert.Equal(Enumerable.Range(0, 40).Select(i => i % 7), results.Select(r => r.Outcome.ExitCode));
    }

    [Fact]
    public async Task MissingProgram_FailsWithExitCode127AndSaysWhy()
    {
        var result = await Run(new ScriptCommand([Path.Combine(_directory, "missing.sh")]) { Timeout = Deadline });

        Assert.Equal(ScriptOutcome.Exited(127), result.Outcome);
        Assert.Contains("missing.sh", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownUser_NeverStarts()
    {
        var result = await Run(new ScriptCommand(["/bin/true"]) { User = new ScriptUser("no-such-user-havrrp") });

        Assert.Equal(ScriptOutcome.FailedToStart, result.Outcome);
        Assert.Equal("user no-such-user-havrrp does not exist", result.StartError);
    }

    [Fact]
    public async Task GivenUser_RunsWithThatUsersIds()
    {
        // As root (CI) the script drops to nobody; as anyone else it runs as that same user through setpriv.
        var isRoot = LibCProbe.IsRoot;
        var user = isRoot ? new ScriptUser("nobody") : new ScriptUser(Environment.UserName);
        var script = WriteScript("whoami.sh", "echo $(id -u) $(id -G)");

        var result = await Run(new ScriptCommand([script]) { User = user, Timeout = Deadline });

        Assert.True(result.Outcome.IsSuccess, result.StandardError);
        var ids = result.StandardOutput.Trim().Split(' ');
        if (isRoot)
        {
            Assert.Equal("65534", ids[0]);
            Assert.Equal(2, ids.Length); // just the one group, as keepalived sets
        }
        Assert.NotEqual(string.Empty, ids[0]);
    }

    [Fact]
    public async Task Cancellation_KillsTheGroupAndThrows()
    {
        var script = WriteScript("slow.sh", "sleep 1000 &\nsleep 1000");
        using var cancellation = new CancellationTokenSource();
        var run = _runner.RunAsync(new ScriptCommand([script]) { Timeout = Deadline, KillGrace = Short }, cancellation.Token);

        cancellation.CancelAfter(Short);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Deadline));
    }
}

/// <summary>Who the tests run as.</summary>
internal static class LibCProbe
{
    public static bool IsRoot => Environment.UserName == "root";
}
