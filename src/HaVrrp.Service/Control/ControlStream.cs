using HaVrrp.Engine.Control;
using HaVrrp.Engine.Observation;

namespace HaVrrp.Service.Control;

/// <summary>
/// One running stream (docs/control-protocol.md, "Streams"): reads its subscription's buffer and sends each item as
/// a notification, a <c>missed</c> notification where items were dropped, and an <c>end</c> notification when its
/// count or timeout is reached or the client cancels. Waiting for a slow client happens here, never in the engine
/// loop: the engine only ever writes into the subscription's bounded buffer.
/// </summary>
internal abstract class ControlStream(long subscription, int? count, TimeSpan? timeout, TimeProvider time) : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StreamEndReason? _endReason;

    public long Subscription => subscription;

    public async Task RunAsync(ControlSession session)
    {
        using var timeoutSource = timeout is { } limit ? new CancellationTokenSource(limit, time) : new CancellationTokenSource();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(session.Closing, _cancel.Token, timeoutSource.Token);
        try
        {
            var delivered = 0;
            while (true)
            {
                var (line, isItem) = await NextLineAsync(stopping.Token).ConfigureAwait(false);
                await session.SendAsync(line, stopping.Token).ConfigureAwait(false);
                if (isItem && ++delivered == count)
                {
                    _endReason = StreamEndReason.Count;
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            _endReason ??= timeoutSource.IsCancellationRequested ? StreamEndReason.Timeout : StreamEndReason.Cancelled;
        }
        finally
        {
            LeaveBroadcaster();
        }
        try
        {
            if (!session.Closing.IsCancellationRequested && _endReason is { } reason)
            {
                var end = JsonRpcWire.Notification(ControlNotifications.End, new EndNotification(subscription, reason), ControlJsonContext.Default.EndNotification);
                await session.SendAsync(end, session.Closing).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            // The client went away; nobody is left to tell.
        }
        finally
        {
            _finished.TrySetResult();
        }
    }

    /// <summary>Called by the session once the stream has finished.</summary>
    public void Dispose() => _cancel.Dispose();

    /// <summary>subscription.cancel: ends the stream and returns once its end notification is queued.</summary>
    public async Task<bool> CancelAsync()
    {
        if (_finished.Task.IsCompleted)
        {
            return false;
        }
        _endReason ??= StreamEndReason.Cancelled;
        TryCancel();
        await _finished.Task.ConfigureAwait(false);
        return _endReason == StreamEndReason.Cancelled;
    }

    /// <summary>The connection closes: stop without a word.</summary>
    public Task StopAsync()
    {
        TryCancel();
        return _finished.Task;
    }

    /// <summary>The next line to send, and whether it counts as an item (a missed notification does not).</summary>
    protected abstract ValueTask<(byte[] Line, bool IsItem)> NextLineAsync(CancellationToken cancellationToken);

    protected abstract void LeaveBroadcaster();

    protected byte[] MissedLine(long missed) =>
        JsonRpcWire.Notification(ControlNotifications.Missed, new MissedNotification(subscription, missed), ControlJsonContext.Default.MissedNotification);

    private void TryCancel()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It has just ended by itself.
        }
    }
}

/// <summary>A stream of one kind of item from one engine broadcaster.</summary>
internal sealed class ControlStream<T>(
    long subscription,
    WatchSubscription<T> source,
    Func<long, T, byte[]> itemLine,
    int? count,
    TimeSpan? timeout,
    TimeProvider time)
    : ControlStream(subscription, count, timeout, time)
    where T : class
{
    protected override async ValueTask<(byte[] Line, bool IsItem)> NextLineAsync(CancellationToken cancellationToken)
    {
        var next = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
        return next.Item is { } item ? (itemLine(Subscription, item), true) : (MissedLine(next.Missed), false);
    }

    protected override void LeaveBroadcaster() => source.Dispose();
}
