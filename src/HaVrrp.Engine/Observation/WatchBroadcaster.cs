namespace HaVrrp.Engine.Observation;

/// <summary>
/// Hands what the engine loop observes to every watcher without ever waiting for one: <see cref="Publish"/> copies
/// the item into each subscriber's bounded buffer (a full buffer counts a miss instead). Subscribing and leaving
/// happen on control-plane threads; publishing on the loop. With no subscriber, <see cref="HasSubscribers"/> lets
/// the loop skip building the item at all.
/// </summary>
public sealed class WatchBroadcaster<T>
    where T : class
{
    private readonly Lock _gate = new();
    private WatchSubscription<T>[] _subscribers = [];

    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length > 0;

    private int _generation;

    /// <summary>
    /// Counts the times the first subscriber arrived: an observer that compares states takes a fresh baseline when
    /// it changes, so a watcher never hears of changes that happened while nobody watched.
    /// </summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>A new subscriber seeing the items <paramref name="wants"/> accepts; dispose it to leave.</summary>
    public WatchSubscription<T> Subscribe(Func<T, bool> wants, int capacity = WatchSubscription<T>.DefaultCapacity)
    {
        var subscription = new WatchSubscription<T>(wants, capacity, Leave);
        lock (_gate)
        {
            if (_subscribers.Length == 0)
            {
                Interlocked.Increment(ref _generation);
            }
            Volatile.Write(ref _subscribers, [.. _subscribers, subscription]);
        }
        return subscription;
    }

    /// <summary>Called by the engine loop; never blocks.</summary>
    public void Publish(T item)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Offer(item);
        }
    }

    private void Leave(WatchSubscription<T> subscription)
    {
        lock (_gate)
        {
            Volatile.Write(ref _subscribers, [.. _subscribers.Where(subscriber => subscriber != subscription)]);
        }
    }
}
