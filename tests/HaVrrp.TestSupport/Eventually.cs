using System.Diagnostics;

namespace HaVrrp.TestSupport;

/// <summary>
/// Waits for a condition about the outside world (who holds an address, what a daemon logged) by
/// looking again and again until it holds. The deadline is generous and only a failing test waits it
/// out; nothing here ever asserts on how quickly the condition came true.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns once <paramref name="condition"/> holds; throws a <see cref="TimeoutException"/> naming <paramref name="what"/> otherwise.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan deadline, string what) =>
        WaitUntilAsync(() => condition(), satisfied => satisfied, deadline, what);

    /// <summary>
    /// Samples <paramref name="observe"/> until <paramref name="condition"/> holds for the sample and
    /// returns that sample; on timeout the last sample is part of the message.
    /// </summary>
    public static Task<T> WaitUntilAsync<T>(Func<T> observe, Func<T, bool> condition, TimeSpan deadline, string what)
    {
        ArgumentNullException.ThrowIfNull(observe);
        return WaitUntilAsync(() => Task.FromResult(observe()), condition, deadline, what);
    }

    /// <summary>
    /// The same for a sample that takes a request (a daemon's control socket): awaited, never blocked on, so that a
    /// test thread is not held while the daemon answers.
    /// </summary>
    public static async Task<T> WaitUntilAsync<T>(Func<Task<T>> observe, Func<T, bool> condition, TimeSpan deadline, string what)
    {
        ArgumentNullException.ThrowIfNull(observe);
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var sample = await observe();
            if (condition(sample))
            {
                return sample;
            }
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"Still not {what} after {deadline.TotalSeconds} s; last seen: {Describe(sample)}");
            }
            await Task.Delay(PollInterval);
        }
    }

    private static string Describe<T>(T sample) => sample switch
    {
        System.Collections.IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object>()) + "]",
        _ => sample?.ToString() ?? "null",
    };
}
