using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Service;

/// <summary>What the host needs to run the engine: where the configuration lives, its first load, and how to load it again.</summary>
public sealed record DaemonContext(
    ConfigLoadResult Initial,
    Func<string, ConfigLoadResult> Load,
    Func<HaVrrpConfiguration, ILoggerFactory, EnginePorts> CreatePorts,
    SystemdNotify? Notify);

/// <summary>
/// Runs the <see cref="VrrpEngine"/> inside the Generic Host: tells systemd when it is ready, reloading and
/// stopping; reloads on request (a bad new file is logged and the running configuration carries on); on stop,
/// lets every master hand over before the process exits.
/// </summary>
internal sealed partial class EngineHost : BackgroundService
{
    private readonly DaemonContext _context;
    private readonly ILogger<EngineHost> _logger;
    private readonly VrrpEngine _engine;
    private readonly EnginePorts _ports;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly CancellationTokenSource _abort = new();

    public EngineHost(DaemonContext context, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(loggers);
        _context = context;
        _logger = loggers.CreateLogger<EngineHost>();
        var configuration = context.Initial.Configuration
            ?? throw new ArgumentException("The daemon starts only with a valid configuration.", nameof(context));
        _ports = context.CreatePorts(configuration, loggers);
        _engine = new VrrpEngine(configuration, _ports, time, loggers.CreateLogger("havrrpd"));
    }

    public VrrpEngine Engine => _engine;

    /// <summary>Reloads in the background (a signal handler must return at once); reloads never overlap.</summary>
    public void RequestReload() => _ = ReloadAsync();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _context.Notify?.Stopping("handing over");
        _engine.RequestStop();
        try
        {
            // The host's shutdown timeout bounds the hand-over; past it, stop as a crash would (VIPs expire by lifetime).
            await (ExecuteTask ?? Task.CompletedTask).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
        }
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        _reloadGate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var initial = _context.Initial;
        LogConfigurationLoaded(_logger, initial.Path, initial.Configuration!.Instances.Count);
        LogDiagnostics(initial.Diagnostics);
        var run = _engine.RunAsync(_abort.Token);
        using var sourcesStop = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        var sources = _ports.EventSources.Select(source => RunSourceAsync(source, sourcesStop.Token)).ToList();
        _context.Notify?.Ready(StatusLine(initial));
        try
        {
            await run.ConfigureAwait(false);
        }
        finally
        {
            await sourcesStop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(sources).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one event source until the engine stops; a source that fails is logged, the engine carries on.</summary>
    private async Task RunSourceAsync(IEngineEventSource source, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Run(() => source.RunAsync(_engine.Post, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
#pragma warning disable CA1031 // A broken monitor must not take the daemon down; VRRP itself keeps running.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogEventSourceFailed(_logger, source.GetType().Name, exception);
        }
    }

    private async Task ReloadAsync()
    {
        await _reloadGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var path = _context.Initial.Path;
            _context.Notify?.Reloading("reloading " + path);
            LogReloading(_logger, path);
            // On a pool thread, never the signal handler's: loading recurses (bounded by ConfigLoadLimits.MaxNestingDepth)
            // and must have an ordinary stack under it.
            var loaded = await Task.Run(() => _context.Load(path)).ConfigureAwait(false);
            LogDiagnostics(loaded.Diagnostics);
            if (loaded.Configuration is not { } configuration)
            {
                LogReloadRejected(_logger, loaded.Path, loaded.ErrorCount);
                _context.Notify?.Ready($"reload of {loaded.Path} failed with {loaded.ErrorCount} error(s); running the previous configuration");
                return;
            }
            var plan = await _engine.ReloadAsync(configuration).ConfigureAwait(false);
            LogReloaded(_logger, loaded.Path, plan);
            _context.Notify?.Ready(StatusLine(loaded));
        }
        catch (OperationCanceledException)
        {
            // The engine is stopping; a reload makes no sense any more.
        }
#pragma warning disable CA1031 // A failed reload (unreadable file...) must leave the daemon running on its current configuration.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            // The message, not the stack trace: the log is read by operators; ConfigLoader already turns
            // anything thrown while reading into HV0009, so this is the engine refusing the new model.
            LogReloadFailed(_logger, exception.Message);
            _context.Notify?.Ready("reload failed; running the previous configuration");
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    private void LogDiagnostics(IReadOnlyList<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            LogDiagnostic(_logger, diagnostic.IsError ? LogLevel.Error : LogLevel.Warning, diagnostic.ToString());
        }
    }

    private static string StatusLine(ConfigLoadResult loaded) =>
        $"{loaded.Configuration?.Instances.Count ?? 0} instance(s) from {loaded.Path}";

    [LoggerMessage(Level = LogLevel.Error, Message = "{Source} failed; the engine carries on without it")]
    private static partial void LogEventSourceFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration {Path} loaded: {Instances} instance(s)")]
    private static partial void LogConfigurationLoaded(ILogger logger, string path, int instances);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloading configuration file {Path}")]
    private static partial void LogReloading(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration {Path} reloaded: {Plan}")]
    private static partial void LogReloaded(ILogger logger, string path, ReloadPlan plan);

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration {Path} has {Errors} error(s); keeping the running configuration")]
    private static partial void LogReloadRejected(ILogger logger, string path, int errors);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reload failed ({Reason}); keeping the running configuration")]
    private static partial void LogReloadFailed(ILogger logger, string reason);

    [LoggerMessage(Message = "{Diagnostic}")]
    private static partial void LogDiagnostic(ILogger logger, LogLevel level, string diagnostic);
}
