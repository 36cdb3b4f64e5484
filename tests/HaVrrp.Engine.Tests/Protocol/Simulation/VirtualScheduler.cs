namespace HaVrrp.Engine.Tests.Protocol.Simulation;

/// <summary>
/// A discrete-event scheduler in virtual time: work runs in time order (ties in the order scheduled),
/// and time jumps straight to the next piece of work. Nothing sleeps.
/// </summary>
internal sealed class VirtualScheduler
{
    private readonly PriorityQueue<Action, (TimeSpan At, long Sequence)> _queue = new();
    private long _sequence;

    public TimeSpan Now { get; private set; }

    public void At(TimeSpan at, Action work) => _queue.Enqueue(work, (at < Now ? Now : at, _sequence++));

    public void After(TimeSpan delay, Action work) => At(Now + delay, work);

    /// <summary>Runs everything due up to and including <paramref name="end"/>, then sets the clock to it.</summary>
    public void RunUntil(TimeSpan end)
    {
        while (_queue.TryPeek(out _, out var key) && key.At <= end)
        {
            var work = _queue.Dequeue();
            Now = key.At;
            work();
        }
        Now = end;
    }
}
