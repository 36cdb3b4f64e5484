using System.Threading.Channels;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Tests.Runtime;

/// <summary>
/// On the real clock the engine loop owns a thread and sleeps in a kernel wait, so a busy thread pool (control
/// requests, stream serialization) can never delay its timers: docs/daemon.md, "The engine loop's own thread".
/// </summary>
public sealed class LoopDriverTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OnTheRealClock_TheLoopRunsOnAThreadOfItsOwn_AndStaysThereThroughEverySleep()
    {
        var events = Channel.CreateUnbounded<EngineEvent>();
        var driver = LoopDriver.For(TimeProvider.System, events.Reader);
        var threads = new List<(int Id, bool IsPoolThread, string? Name)>();

        var run = driver.Start(async () =>
        {
            for (var turn = 0; turn < 5; turn++)
            {
                threads.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name));
                await driver.SleepAsync(TimeSpan.FromMilliseconds(2), () => { }, CancellationToken.None);
            }
            threads.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name));
        });

        await run.WaitAsync(Patience);
        Assert.Single(threads.Distinct());
        Assert.Equal((false, "havrrp-engine"), (threads[0].IsPoolThread, threads[0].Name));
    }

    [Fact]
    public async Task Sleep_EndsWhenAnEventIsPosted_EvenWithoutADeadline()
    {
        var events = Channel.CreateUnbounded<EngineEvent>();
        var driver = LoopDriver.For(TimeProvider.System, events.Reader);
        using var asleep = new ManualResetEventSlim();
        var run = driver.Start(async () =>
        {
            asleep.Set();
            await driver.SleepAsync(wait: null, () => { }, CancellationToken.None);
        });
        Assert.True(asleep.Wait(Patience));

        Assert.True(events.Writer.TryWrite(new StopRequest()));
        driver.Wake();

        await run.WaitAsync(Patience);
    }

    [Fact]
    public async Task Sleep_DoesNotStart_WhenAnEventWaitsThatWasNeverSignalled()
    {
        var events = Channel.CreateUnbounded<EngineEvent>();
        var driver = LoopDriver.For(TimeProvider.System, events.Reader);
        Assert.True(events.Writer.TryWrite(new StopRequest()));

        var run = driver.Start(async () => await driver.SleepAsync(wait: null, () => { }, CancellationToken.None));

        await run.WaitAsync(Patience);
    }

    [Fact]
    public async Task Abort_WakesASleepingLoop_AndEndsItAsCancelled()
    {
        var events = Channel.CreateUnbounded<EngineEvent>();
        var driver = LoopDriver.For(TimeProvider.System, events.Reader);
        using var abort = new CancellationTokenSource();
        using var asleep = new ManualResetEventSlim();
        var run = driver.Start(async () =>
        {
            asleep.Set();
            await driver.SleepAsync(wait: null, () => { }, abort.Token);
        });
        Assert.True(asleep.Wait(Patience));

        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));
    }
}
