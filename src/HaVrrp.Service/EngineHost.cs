using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Platform.Linux.Scheduling;
using HaVrrp.Engine.Runtime;
using HaVrrp.Service.Control;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Service;

/// <summary>What EngineHost needs to run the engine: where the configuration lives, its first load, and how to load it again.</summary>
public sealed record DaemonContext(
    LoadedConfiguration Initial,
    Func<string, LoadedConfiguration> Load,
    Func<HaVrrpConfiguration, ILoggerFactory, EnginePorts> CreatePorts,
    SystemdNotify? Notify,
    ProcessScheduler? Scheduler = null);

/// <summary>
/// One load of the configuration file as the daemon runs it: the result (its configuration without the scripts
/// enable_script_security refused), those refused scripts, and the configuration as written.
/// </summary>
public sealed record LoadedConfiguration(ConfigLoadResult Result, IReadOnlyList<InsecureScript> InsecureScripts, HaVrrpConfiguration? AsWritten)
{
    public static LoadedConfiguration Plain(ConfigLoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result, [], result.Configuration);
    }
}

/// <summary>The configuration running now: its load, when it was applied, and its generation (1 at start, +1 per applied reload).</summary>
public sealed record RunningConfiguration(LoadedConfiguration Loaded, DateTimeOffset LoadedAt, long Generation);

/// <summary>What a reload did or, for a dry run, would do: the load (with its diagnostics) and the plan when the file is valid.</summary>
public sealed record ReloadOutcome(LoadedConfiguration Loaded, ReloadPlan? Plan, bool Applied, RunningConfiguration Running);

/// <summary>
/// Runs the <see cref="VrrpEngine"/> as one of the daemon's services (<see cref="DaemonServices"/>): tells systemd when it is ready, reloading and
/// stopping; reloads on request (a bad new file is logged and the running configuration carries on); on stop,
/// lets every master hand over before the process exits.
/// </summary>
internal sealed partial class EngineHost : BackgroundService, IControlTarget
{
    private readonly DaemonContext _context;
    private readonly ILogger<EngineHost> _logger;
    private readonly VrrpEngine _engine;
    private readonly EnginePorts _ports;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly CancellationTokenSource _abort = new();
    private readonly TimeProvider _time;
    private RunningConfiguration _running;

    public EngineHost(DaemonContext context, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(time);
        _context = context;
        _time = time;
        _logger = loggers.CreateLogger<EngineHost>();
        var configuration = context.Initial.Result.Configuration
            ?? throw new ArgumentException("The daemon starts only with a valid configuration.", nameof(context));
        _running = new RunningConfiguration(context.Initial, time.GetUtcNow(), Generation: 1);
        _ports = context.CreatePorts(configuration, loggers);
        _engine = new VrrpEngine(configuration, _ports, time, loggers.CreateLogger("havrrpd"));
    }

    public VrrpEngine Engine => _engine;

    /// <summary>The configuration running now.</summary>
    public RunningConfiguration Running => Volatile.Read(ref _running);

    /// <summary>Reloads in the background (a signal handler must return at once); reloads never overlap.</summary>
    public void RequestReload() => _ = ReloadLoggingFailuresAsync();

    /// <summary>Writes one of keepalived's dump files from the engine's status (a signal asked for it).</summary>
    public void RequestDump(DumpKind kind) => _ = DumpLoggingFailuresAsync(kind);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _context.Notify?.Stopping("handing over");
        _engine.RequestStop();
        try
        {
            // DaemonRunner.ShutdownTimeout bounds the hand-over; past it, stop as a crash would (VIPs expire by lifetime).
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
        var initial = _context.Initial.Result;
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

    /// <summary>
    /// Loads the file again and, unless <paramref name="dryRun"/>, applies it as SIGHUP does. A file with errors
    /// changes nothing. Reloads never overlap; the engine is stopping when it throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<ReloadOutcome> ReloadAsync(bool dryRun, CancellationToken cancellationToken = default)
    {
        await _reloadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var running = Running;
            var path = running.Loaded.Result.Path;
            if (dryRun)
            {
                LogDryRun(_logger, path);
                var checkedOnly = await Task.Run(() => _context.Load(path), cancellationToken).ConfigureAwait(false);
                var wouldDo = checkedOnly.Result.Configuration is { } candidate
                    ? ReloadPlan.Compute(running.Loaded.Result.Configuration!, candidate)
                    : null;
                return new ReloadOutcome(checkedOnly, wouldDo, Applied: false, running);
            }
            _context.Notify?.Reloading("reloading " + path);
            LogReloading(_logger, path);
            // On a pool thread, never the signal handler's: loading recurses (bounded by ConfigLoadLimits.MaxNestingDepth)
            // and must have an ordinary stack under it.
            var loaded = await Task.Run(() => _context.Load(path), cancellationToken).ConfigureAwait(false);
            var result = loaded.Result;
            LogDiagnostics(result.Diagnostics);
            if (result.Configuration is not { } configuration)
            {
                LogReloadRejected(_logger, result.Path, result.ErrorCount);
                _context.Notify?.Ready($"reload of {result.Path} failed with {result.ErrorCount} error(s); running the previous configuration");
                return new ReloadOutcome(loaded, null, Applied: false, running);
            }
            if (configuration.Metrics != running.Loaded.Result.Configuration!.Metrics)
            {
                // The listener is bound once, before VRRP starts (docs/daemon.md, "Prometheus metrics").
                LogMetricsChangeNeedsRestart(_logger, result.Path);
            }
            var plan = await _engine.ReloadAsync(configuration).ConfigureAwait(false);
            _context.Scheduler?.Apply(configuration.Global.Scheduling);
            var applied = new RunningConfiguration(loaded, _time.GetUtcNow(), running.Generation + 1);
            Volatile.Write(ref _running, applied);
            LogReloaded(_logger, result.Path, plan);
            _context.Notify?.Ready(StatusLine(result));
            return new ReloadOutcome(loaded, plan, Applied: true, applied);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    private async Task DumpLoggingFailuresAsync(DumpKind kind)
    {
        var configuration = Running.Loaded.AsWritten ?? Running.Loaded.Result.Configuration ?? new HaVrrpConfiguration();
        var path = KeepalivedDumpFiles.PathOf(kind, configuration.Global);
        try
        {
            var status = await _engine.GetStatusAsync().ConfigureAwait(false);
            var instances = status.Instances.Select(instance => HaVrrp.Engine.Control.ControlViews.Instance(instance, status.StartedAt)).ToList();
            // Written beside the target and renamed over it, so a reader never sees half a file.
            var partial = path + ".partial";
            await File.WriteAllTextAsync(partial, KeepalivedDumpFiles.Write(kind, instances, configuration)).ConfigureAwait(false);
            File.Move(partial, path, overwrite: true);
            LogDumpWritten(_logger, kind, path);
        }
        catch (OperationCanceledException)
        {
            // The engine is stopping.
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogDumpFailed(_logger, path, exception.Message);
        }
    }

    [LoggerMessage(EventId = 52, Level = LogLevel.Warning, Message = "{Path}: metrics.listen changed; the metrics endpoint moves at the next restart of havrrpd")]
    private static partial void LogMetricsChangeNeedsRestart(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Writing {Kind} dump to {Path}")]
    private static partial void LogDumpWritten(ILogger logger, DumpKind kind, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Can't write {Path} ({Reason})")]
    private static partial void LogDumpFailed(ILogger logger, string path, string reason);

    private async Task ReloadLoggingFailuresAsync()
    {
        try
        {
            await ReloadAsync(dryRun: false).ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Checking configuration file {Path} (dry run: nothing is applied)")]
    private static partial void LogDryRun(ILogger logger, string path);

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
