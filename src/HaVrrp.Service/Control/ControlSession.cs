using HaVrrp.Engine.Control;

namespace HaVrrp.Service.Control;

/// <summary>
/// What a request knows of the connection it came on: who called, how to send a line on it (through the
/// connection's single writer), and the streams running on it, which end with it.
/// </summary>
internal sealed class ControlSession(ControlCaller caller, Func<byte[], CancellationToken, ValueTask> send, CancellationToken closing)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, ControlStream> _streams = [];

    public ControlCaller Caller => caller;

    /// <summary>Cancelled when the connection closes (the client hung up, or the daemon stops).</summary>
    public CancellationToken Closing => closing;

    /// <summary>Streams running now on this connection.</summary>
    public int StreamCount
    {
        get
        {
            lock (_gate)
            {
                return _streams.Count;
            }
        }
    }

    public ValueTask SendAsync(byte[] line, CancellationToken cancellationToken) => send(line, cancellationToken);

    /// <summary>Starts <paramref name="stream"/> and forgets it when it ends.</summary>
    public void Run(ControlStream stream)
    {
        lock (_gate)
        {
            _streams.Add(stream.Subscription, stream);
        }
        _ = stream.RunAsync(this).ContinueWith(
            _ =>
            {
                lock (_gate)
                {
                    _streams.Remove(stream.Subscription);
                }
                stream.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Ends one of this connection's streams (its end notification is sent first); false when it is not running.</summary>
    public async Task<bool> CancelAsync(long subscription)
    {
        ControlStream? stream;
        lock (_gate)
        {
            _streams.TryGetValue(subscription, out stream);
        }
        return stream is not null && await stream.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>The connection is closing: every stream stops and leaves its broadcaster, without an end notification.</summary>
    public Task StopStreamsAsync()
    {
        ControlStream[] running;
        lock (_gate)
        {
            running = [.. _streams.Values];
        }
        return Task.WhenAll(running.Select(stream => stream.StopAsync()));
    }
}
