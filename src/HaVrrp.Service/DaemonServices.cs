using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Service;

/// <summary>
/// What the Generic Host did for havrrpd, and no more (docs/daemon.md, "What is the framework's and what is ours"):
/// starts the daemon's services in order, runs until a stop is requested (a signal, the caller's token) or one of them
/// fails, then stops them in reverse order within the shutdown timeout and disposes them.
/// </summary>
internal sealed partial class DaemonServices(IReadOnlyList<IHostedService> services, ILogger logger) : IDisposable
{
    // Completed asynchronously: the stop must not run on a signal handler's thread.
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Asks for a graceful stop; returns at once (signal handlers call it).</summary>
    public void RequestStop() => _stopRequested.TrySetResult();

    public async Task RunAsync(TimeSpan shutdownTimeout, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(RequestStop);
        foreach (var service in services)
        {
            await service.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }
        foreach (var service in services.OfType<BackgroundService>())
        {
            _ = StopOnFailureAsync(service);
        }
        await _stopRequested.Task.ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(shutdownTimeout);
        foreach (var service in services.Reverse())
        {
            try
            {
                await service.StopAsync(timeout.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One service that fails to stop must not keep the others from stopping.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogStopFailed(logger, service.GetType().Name, exception);
            }
        }
    }

    public void Dispose()
    {
        foreach (var service in services.Reverse().OfType<IDisposable>())
        {
            service.Dispose();
        }
    }

    /// <summary>A service whose loop fails stops the daemon, as the host's default (BackgroundServiceExceptionBehavior.StopHost) did.</summary>
    private async Task StopOnFailureAsync(BackgroundService service)
    {
        try
        {
            await (service.ExecuteTask ?? Task.CompletedTask).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopRequested.Task.IsCompleted)
        {
            // Stopping.
        }
#pragma warning disable CA1031 // Logged, and the daemon stops; the caller reads the failure from ExecuteTask.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogServiceFailed(logger, service.GetType().Name, exception);
            RequestStop();
        }
    }

    [LoggerMessage(EventId = 96, Level = LogLevel.Error, Message = "{Service} failed; stopping havrrpd")]
    private static partial void LogServiceFailed(ILogger logger, string service, Exception exception);

    [LoggerMessage(EventId = 97, Level = LogLevel.Error, Message = "{Service} did not stop cleanly")]
    private static partial void LogStopFailed(ILogger logger, string service, Exception exception);
}
