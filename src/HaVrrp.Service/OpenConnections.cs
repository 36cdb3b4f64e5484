namespace HaVrrp.Service;

/// <summary>
/// The connections a listener is serving now, each as the task that serves it: counted against the listener's
/// limit, and awaited when the daemon stops so that no answer is cut off. Thread-safe; a finished connection leaves
/// by itself.
/// </summary>
internal sealed class OpenConnections
{
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _serving = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _serving.Count;
            }
        }
    }

    public void Track(Task connection)
    {
        lock (_gate)
        {
            _serving.Add(connection);
        }
        _ = connection.ContinueWith(
            finished =>
            {
                lock (_gate)
                {
                    _serving.Remove(finished);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Waits for every connection open now to finish.</summary>
    public Task WhenAllClosedAsync(CancellationToken cancellationToken)
    {
        Task[] open;
        lock (_gate)
        {
            open = [.. _serving];
        }
        return Task.WhenAll(open).WaitAsync(cancellationToken);
    }
}
