using System.Threading.Channels;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Runtime;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Tests.Runtime;

/// <summary>A script runner whose runs end when the test says so; it records every command it was given.</summary>
internal sealed class FakeScriptRunner : IScriptRunner
{
    private readonly Channel<(ScriptCommand Command, TaskCompletionSource<ScriptRunResult> Completion)> _runs = Channel.CreateUnbounded<(ScriptCommand, TaskCompletionSource<ScriptRunResult>)>();
    private int _started;

    public int Started => Volatile.Read(ref _started);

    public Task<ScriptRunResult> RunAsync(ScriptCommand command, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        var completion = new TaskCompletionSource<ScriptRunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _runs.Writer.TryWrite((command, completion));
        return completion.Task;
    }

    /// <summary>Waits for the next run to start.</summary>
    public async Task<(ScriptCommand Command, TaskCompletionSource<ScriptRunResult> Completion)> NextAsync() =>
        await _runs.Reader.ReadAsync().AsTask().WaitAsync(Cluster.Patience);
}

public sealed class TrackingSourceTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static void WaitForTimer(ManualTimeProvider clock, TimeSpan due) =>
        Assert.True(SpinWait.SpinUntil(() => clock.NextDue <= due, Cluster.Patience), "the source never armed its timer");

    [Fact]
    public async Task ScriptScheduler_RunsEachScriptOnceAnInterval_AsItsUser_AndNeverOverlapsARun()
    {
        var clock = new ManualTimeProvider();
        var runner = new FakeScriptRunner();
        var configuration = new HaVrrpConfiguration
        {
            Global = new GlobalSettings { ScriptUser = new ScriptUser("keepalived_script") },
            Scripts = new([new VrrpScriptConfig { Name = "chk", Script = "/usr/bin/check 'a b'", Interval = 2 * Second, Timeout = Second }]),
        };
        var scheduler = new ScriptScheduler(configuration, runner, clock, new ListLogger());
        var posted = Channel.CreateUnbounded<EngineEvent>();
        using var stop = new CancellationTokenSource();
        var running = scheduler.RunAsync(posted.Writer.TryWrite, stop.Token);

        var first = await runner.NextAsync();
        Assert.Equal(["/usr/bin/check", "a b"], first.Command.Arguments);
        Assert.Equal("keepalived_script", first.Command.User?.User);
        Assert.Equal(Second, first.Command.Timeout);

        // Still running two and a half intervals later: no second copy starts.
        clock.AdvanceToNextTimerOrTo(5 * Second);
        Assert.Equal(1, runner.Started);
        first.Completion.SetResult(new ScriptRunResult(ScriptOutcome.Exited(1), clock.GetUtcNow(), 5 * Second));
        var result = Assert.IsType<ScriptResult>(await posted.Reader.ReadAsync().AsTask().WaitAsync(Cluster.Patience));
        Assert.Equal("chk", result.ScriptName);
        Assert.Equal(ScriptOutcome.Exited(1), result.Result.Outcome);

        // The schedule keeps its rhythm: runs due at 2 and 4 were skipped while the first ran; the next is at 6.
        WaitForTimer(clock, 6 * Second);
        Assert.Equal(1, runner.Started);
        while (clock.AdvanceToNextTimerOrTo(6 * Second))
        {
        }
        var second = await runner.NextAsync();
        Assert.Equal(6 * Second, clock.Elapsed);
        second.Completion.SetResult(new ScriptRunResult(ScriptOutcome.Success, clock.GetUtcNow(), TimeSpan.Zero));
        Assert.IsType<ScriptResult>(await posted.Reader.ReadAsync().AsTask().WaitAsync(Cluster.Patience));

        await stop.CancelAsync();
        await running.WaitAsync(Cluster.Patience);
    }

    [Fact]
    public void TrackFileWatcher_CreatesTheInitFile_AndPostsOnlyChanges()
    {
        var directory = Directory.CreateTempSubdirectory("havrrp-track-file-");
        try
        {
            var path = Path.Combine(directory.FullName, "weight");
            var configuration = new HaVrrpConfiguration
            {
                TrackFiles = new([new TrackFileConfig { Name = "tf", File = path, InitFile = true, InitValue = 5 }]),
            };
            var watcher = new TrackFileWatcher(configuration, new ManualTimeProvider(), new ListLogger());
            var posted = new List<EngineEvent>();

            watcher.Poll(item => { posted.Add(item); return true; });
            watcher.Poll(item => { posted.Add(item); return true; });
            File.WriteAllText(path, "-3");
            watcher.Poll(item => { posted.Add(item); return true; });
            File.Delete(path);
            watcher.Poll(item => { posted.Add(item); return true; });

            Assert.Equal(
                [new TrackFileChanged("tf", "5\n"), new TrackFileChanged("tf", "-3"), new TrackFileChanged("tf", null)],
                posted);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void TrackFileWatcher_InitFileOverwrite_ReplacesContentAtStartButNeverOnReload()
    {
        var directory = Directory.CreateTempSubdirectory("havrrp-track-file-");
        try
        {
            var atStart = Path.Combine(directory.FullName, "at-start");
            var addedByReload = Path.Combine(directory.FullName, "added-by-reload");
            File.WriteAllText(atStart, "7");
            File.WriteAllText(addedByReload, "9");
            TrackFileConfig Overwriting(string name, string path) =>
                new() { Name = name, File = path, InitFile = true, InitValue = 1, InitOverwrite = true };
            var watcher = new TrackFileWatcher(
                new HaVrrpConfiguration { TrackFiles = new([Overwriting("start", atStart)]) }, new ManualTimeProvider(), new ListLogger());

            watcher.Poll(_ => true);
            watcher.Follow(new HaVrrpConfiguration { TrackFiles = new([Overwriting("start", atStart), Overwriting("reload", addedByReload)]) });
            watcher.Poll(_ => true);

            Assert.Equal("1\n", File.ReadAllText(atStart));
            Assert.Equal("9", File.ReadAllText(addedByReload));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

public sealed class ScriptSecurityViolationTests
{
    [Theory]
    [InlineData(false, null, null, true, true)]
    [InlineData(false, null, null, false, false)]
    [InlineData(false, "nobody", null, true, false)]
    [InlineData(false, null, "root", false, true)]
    [InlineData(true, null, null, true, false)]
    public void SecurityViolation_IsReportedWhenScriptsRunAsRootWithoutScriptSecurity(
        bool enableScriptSecurity, string? scriptUser, string? globalUser, bool daemonIsRoot, bool expected)
    {
        var configuration = new HaVrrpConfiguration
        {
            Global = new GlobalSettings
            {
                EnableScriptSecurity = enableScriptSecurity,
                ScriptUser = globalUser is null ? null : new ScriptUser(globalUser),
            },
            Scripts = new([new VrrpScriptConfig { Name = "chk", Script = "/bin/true", User = scriptUser is null ? null : new ScriptUser(scriptUser) }]),
        };

        Assert.Equal(expected, ScriptSecurityGate.FirstRootScriptUnchecked(configuration, daemonIsRoot) is not null);
    }
}
