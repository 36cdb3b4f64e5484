using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Service;

/// <summary>
/// Logs, as the daemon stops, what the garbage collector cost over the run: how many collections, and how long the
/// process stood still for them in all (<see cref="GC.GetTotalPauseDuration"/>). The total bounds the longest single
/// pause, so one line shows whether a garbage-collected daemon ever paused long enough to be late with an advert
/// (docs/performance.md, "Native havrrpd"). Registered first, so that it stops last and counts the hand-over too.
/// </summary>
internal sealed partial class GarbageCollectionReport(ILogger logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        LogGarbageCollection(
            logger, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration().TotalMilliseconds,
            GC.GetGCMemoryInfo().HeapSizeBytes / 1024);
        return Task.CompletedTask;
    }

    // GC.CollectionCount(n) counts the collections that reached generation n or older, so gen1 and gen2 are part of the first figure.
    [LoggerMessage(EventId = 95, Level = LogLevel.Information,
        Message = "Garbage collection over the run: {Collections} collections ({Generation1} of gen1, {Generation2} of gen2), {PauseMilliseconds:F1} ms paused in all; heap {HeapKilobytes} KiB")]
    private static partial void LogGarbageCollection(
        ILogger logger, int collections, int generation1, int generation2, double pauseMilliseconds, long heapKilobytes);
}
