using HaVrrp.Engine.Platform.Linux.Netlink;


namespace HaVrrp.TestSupport;

public static class LinkMonitorExtensions
{
    /// <summary>
    /// Reads events until one matches. The deadline only guards against a hung test run; it is
    /// generous and never asserts on speed.
    /// </summary>
    public static async Task<T> WaitForAsync<T>(this LinkMonitor monitor, Func<T, bool> predicate, int deadlineSeconds = 30)
        where T : LinkMonitorEvent
    {
        var seen = new List<LinkMonitorEvent>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(deadlineSeconds));
        try
        {
            await foreach (var monitorEvent in monitor.ReadEventsAsync(deadline.Token))
            {
                seen.Add(monitorEvent);
                if (monitorEvent is T match && predicate(match))
                {
                    return match;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new TimeoutException(
            $"No matching {typeof(T).Name} within {deadlineSeconds} s. Seen: {string.Join("; ", seen)}");
    }
}
