using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Syntax;
using HaVrrp.Engine.Tracking;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// Runs every vrrp_script at its interval and posts each result to the engine as a <see cref="ScriptResult"/>.
/// One schedule per script, however many instances track it (keepalived runs a script once for all of them).
/// A script never overlaps itself: a run still going when the next is due makes that run skipped, as keepalived
/// does; the runner enforces the script's timeout. Nothing here touches engine state: the loop counts rise/fall.
/// </summary>
public sealed partial class ScriptScheduler : IEngineEventSource, IConfigurationFollower
{
    private readonly IScriptRunner _runner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Schedule> _schedules = new(StringComparer.Ordinal);

    private HaVrrpConfiguration _configuration;
    private Func<EngineEvent, bool>? _post;
    private CancellationToken _stopping;

    public ScriptScheduler(HaVrrpConfiguration configuration, IScriptRunner runner, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _configuration = configuration;
        _runner = runner;
        _time = time;
        _logger = logger;
    }

    public async Task RunAsync(Func<EngineEvent, bool> post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        lock (_gate)
        {
            _post = post;
            _stopping = cancellationToken;
            Reconcile();
        }
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: every schedule's token is linked to this one.
        }
        Task[] running;
        lock (_gate)
        {
            running = [.. _schedules.Values.Select(schedule => schedule.Task)];
        }
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>A reload: unchanged scripts keep their rhythm, changed ones restart, removed ones stop.</summary>
    public void Follow(HaVrrpConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        lock (_gate)
        {
            _configuration = configuration;
            if (_post is not null)
            {
                Reconcile();
            }
        }
    }

    /// <summary>Called under the gate.</summary>
    private void Reconcile()
    {
        var wanted = _configuration.Scripts.ToDictionary(script => script.Name, StringComparer.Ordinal);
        foreach (var (name, schedule) in _schedules.ToList())
        {
            if (!wanted.TryGetValue(name, out var script) || script != schedule.Script || _configuration.Global.ScriptUser != schedule.GlobalUser)
            {
                schedule.Cancel();
                _schedules.Remove(name);
            }
        }
        foreach (var script in _configuration.Scripts)
        {
            if (!_schedules.ContainsKey(script.Name))
            {
                var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
                var globalUser = _configuration.Global.ScriptUser;
                _schedules[script.Name] = new Schedule(script, globalUser, stop, RunScheduleAsync(script, globalUser, _post!, stop.Token));
            }
        }
    }

    private async Task RunScheduleAsync(VrrpScriptConfig script, ScriptUser? globalUser, Func<EngineEvent, bool> post, CancellationToken cancellationToken)
    {
        // Leave the caller (which holds the gate) before the first run.
        await Task.Yield();
        if (!ScriptArguments.TrySplit(script.Script, out var arguments, out var error))
        {
            LogUnusableCommand(_logger, script.Name, error);
            return;
        }
        var command = new ScriptCommand(arguments) { User = script.User ?? globalUser, Timeout = script.EffectiveTimeout };
        var next = _time.GetUtcNow();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = next - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }
                var result = await _runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                post(new ScriptResult(script.Name, result));
                next = NextDue(script, next);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped or reloaded.
        }
    }

    /// <summary>The schedule advances from the due time; runs that fell due while the last one ran are skipped.</summary>
    private DateTimeOffset NextDue(VrrpScriptConfig script, DateTimeOffset due)
    {
        var now = _time.GetUtcNow();
        var next = due + script.Interval;
        var skipped = 0L;
        while (next < now)
        {
            next += script.Interval;
            skipped++;
        }
        if (skipped > 0)
        {
            LogSkipped(_logger, script.Name, skipped);
        }
        return next;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Track script {Script} is already running, expect idle - skipping run ({Skipped} run(s) skipped)")]
    private static partial void LogSkipped(ILogger logger, string script, long skipped);


    [LoggerMessage(Level = LogLevel.Error, Message = "VRRP_Script({Script}) cannot run: {Error}")]
    private static partial void LogUnusableCommand(ILogger logger, string script, string? error);

    private sealed record Schedule(VrrpScriptConfig Script, ScriptUser? GlobalUser, CancellationTokenSource Stop, Task Task)
    {
        public void Cancel() => Stop.Cancel();
    }
}
