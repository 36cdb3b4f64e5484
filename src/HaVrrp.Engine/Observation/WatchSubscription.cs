using System.Threading.Channels;
using HaVrrp.Engine.Control;

namespace HaVrrp.Engine.Observation;

/// <summary>
/// One watcher's bounded buffer. The engine loop offers items with TryWrite; when the buffer is full the item is
/// counted as missed. The count travels as a <see cref="StreamItem{T}"/> with <c>Missed</c> &gt; 0 at the point of
/// the gap: before the next item that fits, or as soon as the reader finds the buffer empty.
/// </summary>
public sealed class WatchSubscription<T> : IDisposable
    where T : class
{
    /// <summary>Enough for a burst of adverts from many VRIDs; a reader further behind is told what it missed.</summary>
    public const int DefaultCapacity = 1024;

    private readonly Func<T, bool> _wants;
    private readonly Action<WatchSubscription<T>> _leave;
    private readonly Channel<StreamItem<T>> _buffer;
    private long _missed;
    private int _disposed;

    internal WatchSubscription(Func<T, bool> wants, int capacity, Action<WatchSubscription<T>> leave)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _wants = wants;
        _leave = leave;
        _buffer = Channel.CreateBounded<StreamItem<T>>(
            new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Items dropped so far and not yet reported.</summary>
    public long PendingMissed => Interlocked.Read(ref _missed);

    /// <summary>The next item, or the number missed since the last report; waits while there is neither.</summary>
    public async ValueTask<StreamItem<T>> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_buffer.Reader.TryRead(out var item))
            {
                return item;
            }
            // The buffer is empty, so the publisher's next offer would fit: report a gap now rather than later.
            var missed = Interlocked.Exchange(ref _missed, 0);
            if (missed > 0)
            {
                return new StreamItem<T>(null, missed);
            }
            var open = await _buffer.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
            ObjectDisposedException.ThrowIf(!open, this);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _leave(this);
            _buffer.Writer.TryComplete();
        }
    }

    internal void Offer(T item)
    {
        if (!_wants(item))
        {
            return;
        }
        var missed = Interlocked.Exchange(ref _missed, 0);
        if (missed > 0 && !_buffer.Writer.TryWrite(new StreamItem<T>(null, missed)))
        {
            Interlocked.Add(ref _missed, missed + 1);
            return;
        }
        if (!_buffer.Writer.TryWrite(new StreamItem<T>(item, 0)))
        {
            Interlocked.Increment(ref _missed);
        }
    }
}
