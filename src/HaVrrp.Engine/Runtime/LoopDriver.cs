using System.Threading.Channels;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// Where the engine loop runs and how it sleeps until an event is posted or its next deadline passes
/// (docs/daemon.md, "The engine loop's own thread").
/// </summary>
internal abstract class LoopDriver
{
    /// <summary>The driver for <paramref name="time"/>: a thread of its own on the real clock, the clock's timers otherwise.</summary>
    public static LoopDriver For(TimeProvider time, ChannelReader<EngineEvent> events) =>
        time == TimeProvider.System ? new DedicatedThreadLoopDriver(events) : new TimeProviderLoopDriver(time, events);

    /// <summary>Starts <paramref name="loop"/>; the task completes when it ends.</summary>
    public abstract Task Start(Func<Task> loop);

    /// <summary>An event was written to the channel: a sleeping loop wakes. Safe from any thread.</summary>
    public abstract void Wake();

    /// <summary>
    /// Returns once an event waits in the channel, or <paramref name="wait"/> (none: no deadline) has passed.
    /// <paramref name="fallingAsleep"/> runs once the wake-up is armed, just before the loop sleeps: whoever it tells
    /// may move the clock at once.
    /// </summary>
    public abstract ValueTask SleepAsync(TimeSpan? wait, Action fallingAsleep, CancellationToken abort);
}

/// <summary>
/// The daemon's driver: the loop runs on a thread of its own and sleeps in a kernel wait, so its wake-ups never
/// queue behind thread-pool work (control requests, stream serialization, script results). Every await in the
/// loop completes synchronously here, so the loop never leaves its thread.
/// </summary>
internal sealed class DedicatedThreadLoopDriver(ChannelReader<EngineEvent> events) : LoopDriver
{
    private readonly object _gate = new();
    private bool _posted;
    private bool _abortWakes;

    public override Task Start(Func<Task> loop)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                loop().GetAwaiter().GetResult();
                ended.SetResult();
            }
            catch (OperationCanceledException exception)
            {
                ended.SetCanceled(exception.CancellationToken);
            }
#pragma warning disable CA1031 // Handed to whoever awaits the loop, as an async method would.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                ended.SetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = "havrrp-engine",
        };
        thread.Start();
        return ended.Task;
    }

    public override void Wake()
    {
        lock (_gate)
        {
            _posted = true;
            Monitor.Pulse(_gate);
        }
    }

    public override ValueTask SleepAsync(TimeSpan? wait, Action fallingAsleep, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(fallingAsleep);
        fallingAsleep();
        if (!_abortWakes)
        {
            // Registered once: the loop lives as long as the token, and a registration per sleep would allocate.
            abort.Register(Wake);
            _abortWakes = true;
        }
        lock (_gate)
        {
            // A wake-up for an event the loop has already read only costs one more turn; an event posted but not
            // yet signalled is seen by the look into the channel (its count: a peek would allocate, see VrrpEngine).
            if (!_posted && events.Count == 0 && !abort.IsCancellationRequested)
            {
                Monitor.Wait(_gate, wait ?? Timeout.InfiniteTimeSpan);
            }
            _posted = false;
        }
        abort.ThrowIfCancellationRequested();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The driver on any other clock (tests move a manual one): the loop runs as an ordinary async method and sleeps on
/// the clock's timers. A wake-up whose event the loop has already read (the channel signals its waiter
/// asynchronously, so the signal can come after the loop took the event) goes back to sleep on the same timer:
/// waking would drop the timer and re-arm it, and a test told the loop was asleep could move the clock past a
/// timer that is briefly not there.
/// </summary>
internal sealed class TimeProviderLoopDriver(TimeProvider time, ChannelReader<EngineEvent> events) : LoopDriver
{
    private Task<bool>? _pendingRead;

    public override Task Start(Func<Task> loop) => loop();

    public override void Wake()
    {
        // The channel's own waiter wakes the loop.
    }

    public override async ValueTask SleepAsync(TimeSpan? wait, Action fallingAsleep, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(fallingAsleep);
        using var wakeUp = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var delay = wait is { } period ? Task.Delay(period, time, wakeUp.Token) : null;
        fallingAsleep();
        while (true)
        {
            _pendingRead ??= events.WaitToReadAsync(abort).AsTask();
            var woken = delay is null ? _pendingRead : await Task.WhenAny(_pendingRead, delay).ConfigureAwait(false);
            if (woken != _pendingRead)
            {
                break;
            }
            var moreToRead = await _pendingRead.ConfigureAwait(false);
            _pendingRead = null;
            if (!moreToRead)
            {
                throw new InvalidOperationException("The event channel closed while the loop was running.");
            }
            if (events.Count > 0)
            {
                break;
            }
        }
        await wakeUp.CancelAsync().ConfigureAwait(false);
        abort.ThrowIfCancellationRequested();
    }
}
