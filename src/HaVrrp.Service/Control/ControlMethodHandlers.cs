using System.Globalization;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Service.Control;

/// <summary>
/// One method per protocol method (docs/control-protocol.md): checks the parameters, asks the engine, answers
/// with the protocol's views. Failures are <see cref="VrrpControlException"/>s the dispatcher turns into errors.
/// Nothing here runs on the engine loop: requests are posted to it and their replies awaited here.
/// </summary>
internal sealed class ControlMethodHandlers(IControlTarget target, string socketPath, TimeProvider time)
{
    private static readonly string DaemonVersion =
        typeof(ControlMethodHandlers).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private VrrpEngine Engine => target.Engine;

    public HelloResult Hello(ControlCaller caller)
    {
        var running = target.Running;
        return new HelloResult
        {
            DaemonVersion = DaemonVersion,
            ProtocolVersion = ControlProtocol.Version,
            Pid = Environment.ProcessId,
            StartedAt = Engine.StartedAt,
            ConfigPath = running.Loaded.Result.Path,
            ConfigFormat = running.Loaded.Result.Format,
            ConfigLoadedAt = running.LoadedAt,
            ConfigGeneration = running.Generation,
            SocketPath = socketPath,
            Caller = caller.ToInfo(),
        };
    }

    /// <summary>A name without wildcards that matches nothing is an error; a pattern that matches nothing is an empty list.</summary>
    public async Task<InstanceListResult> ListInstancesAsync(InstanceListParams parameters)
    {
        var status = await Engine.GetStatusAsync().ConfigureAwait(false);
        var patterns = parameters.Names ?? [];
        foreach (var name in patterns.Where(pattern => !NamePattern.HasWildcards(pattern)))
        {
            if (!status.Instances.Any(instance => instance.Name == name))
            {
                throw NotFound(name);
            }
        }
        var selected = status.Instances.Where(instance => patterns.Count == 0 || patterns.Any(pattern => NamePattern.Matches(pattern, instance.Name)));
        return new InstanceListResult([.. selected.Select(instance => ControlViews.Instance(instance, status.StartedAt))]);
    }

    public async Task<InstanceChangeResult> SetPriorityAsync(SetPriorityParams parameters)
    {
        var name = RequiredName(parameters.Name);
        TimeSpan? duration = null;
        if (parameters.Reset)
        {
            if (parameters.Priority is not null || parameters.DurationSeconds is not null)
            {
                throw InvalidParams("reset: true takes no priority and no durationSeconds");
            }
        }
        else
        {
            if (parameters.Priority is not { } priority)
            {
                throw InvalidParams("priority is required (or reset: true)");
            }
            if (priority is < Priority.MinimumBackup or > Priority.MaximumBackup)
            {
                throw InvalidParams($"priority {priority} is out of range {Priority.MinimumBackup}-{Priority.MaximumBackup}");
            }
            if (parameters.DurationSeconds is { } seconds)
            {
                if (!double.IsFinite(seconds) || seconds <= 0 || seconds > ControlProtocol.MaxOverrideSeconds)
                {
                    throw InvalidParams(string.Create(CultureInfo.InvariantCulture, $"durationSeconds {seconds} is out of range: more than 0, at most {ControlProtocol.MaxOverrideSeconds}"));
                }
                duration = TimeSpan.FromSeconds(seconds);
            }
        }

        var before = await InstanceAsync(name).ConfigureAwait(false);
        var changed = parameters.Reset
            ? before.PriorityOverride is not null
            // A timed override always re-arms its expiry; an untimed one already in force is nothing to do.
            : before.PriorityOverride != parameters.Priority || before.PriorityOverrideExpiresAt is not null || duration is not null;
        if (changed)
        {
            await CommandAsync(name, new OverridePriorityCommand(name, parameters.Reset ? null : parameters.Priority, duration)).ConfigureAwait(false);
        }
        return await ChangeResultAsync(name, changed).ConfigureAwait(false);
    }

    public async Task<InstanceChangeResult> FailoverAsync(FailoverParams parameters)
    {
        var name = RequiredName(parameters.Name);
        var mode = parameters.Mode ?? throw InvalidParams("mode is required: stepDown, takeOver or release");
        var before = await InstanceAsync(name).ConfigureAwait(false);
        bool changed;
        switch (mode)
        {
            case FailoverMode.StepDown:
                // On a master this completes when the hand-over has ended: a new master heard, or NotPossible.
                changed = (await CommandAsync(name, new StepDownCommand(name)).ConfigureAwait(false)).Changed;
                break;
            case FailoverMode.TakeOver:
                changed = before.Hold != InstanceHold.TakenOver || before.State != VrrpState.Master;
                if (changed)
                {
                    await CommandAsync(name, new TakeOverCommand(name), $"{name} cannot take over in state {before.State}").ConfigureAwait(false);
                }
                break;
            default:
                changed = before.Hold != InstanceHold.None;
                if (changed)
                {
                    await CommandAsync(name, new StepDownCommand(name, Clear: true)).ConfigureAwait(false);
                    await CommandAsync(name, new TakeOverCommand(name, Release: true)).ConfigureAwait(false);
                }
                break;
        }
        return await ChangeResultAsync(name, changed).ConfigureAwait(false);
    }

    /// <summary>
    /// Follows the engine's state-change signal: the signal is taken before each status, so a change between the
    /// two is never missed, and nothing polls.
    /// </summary>
    public async Task<InstanceListResult> WaitAsync(WaitParams parameters, CancellationToken cancellationToken)
    {
        if (parameters.Names is not { Count: > 0 } names)
        {
            throw InvalidParams("names must list at least one instance");
        }
        var state = parameters.State ?? throw InvalidParams("state is required: initialize, backup, master or fault");
        if (parameters.TimeoutSeconds is not { } seconds || !double.IsFinite(seconds) || seconds < 0 || seconds > ControlProtocol.MaxWaitSeconds)
        {
            throw InvalidParams(string.Create(CultureInfo.InvariantCulture, $"timeoutSeconds is required, from 0 to {ControlProtocol.MaxWaitSeconds}"));
        }
        var configured = target.Running.Loaded.Result.Configuration?.Instances.Select(instance => instance.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var name in names.Where(name => !configured.Contains(name)))
        {
            throw NotFound(name);
        }
        var started = time.GetTimestamp();
        var timeout = TimeSpan.FromSeconds(seconds);
        while (true)
        {
            var stateChange = Engine.NextStateChange;
            var status = await Engine.GetStatusAsync().ConfigureAwait(false);
            // A configured instance may be missing for a moment: a reload restarts it after its old self handed over.
            var current = names.ToDictionary(
                name => name,
                name => status.Instances.FirstOrDefault(instance => instance.Name == name && !instance.IsHandingOver),
                StringComparer.Ordinal);
            if (current.Values.All(instance => instance?.State == state))
            {
                return new InstanceListResult([.. current.Values.Select(instance => ControlViews.Instance(instance!, status.StartedAt))]);
            }
            var remaining = timeout - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                var waiting = current.Where(pair => pair.Value?.State != state).ToList();
                var described = waiting.Select(pair => pair.Value is { } instance ? $"{pair.Key} is {StateWord(instance.State)}" : $"{pair.Key} is restarting");
                throw new VrrpControlException(
                    ControlErrorKind.Timeout,
                    string.Create(CultureInfo.InvariantCulture, $"not every instance became {StateWord(state)} within {seconds} s: {string.Join(", ", described)}"),
                    new ControlErrorData(nameof(ControlErrorKind.Timeout)) { Instance = waiting[0].Key });
            }
            try
            {
                await stateChange.WaitAsync(remaining, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Look once more, then report the timeout.
            }
        }
    }

    public async Task<ScriptListResult> ListScriptsAsync()
    {
        var running = await Engine.GetScriptStatusAsync().ConfigureAwait(false);
        var loaded = target.Running.Loaded;
        var asWritten = loaded.AsWritten ?? loaded.Result.Configuration ?? new HaVrrpConfiguration();
        var byName = running.ToDictionary(entry => entry.Config.Name, StringComparer.Ordinal);
        var refused = loaded.InsecureScripts
            .Where(script => script.TrackScriptName is not null)
            .ToDictionary(script => script.TrackScriptName!, StringComparer.Ordinal);
        var scripts = new List<ScriptInfo>();
        foreach (var script in asWritten.Scripts)
        {
            if (byName.TryGetValue(script.Name, out var entry))
            {
                scripts.Add(ControlViews.Script(entry));
            }
            else if (refused.TryGetValue(script.Name, out var insecure))
            {
                scripts.Add(ControlViews.DisabledScript(script, TrackedBy(asWritten, script.Name), insecure.Describe()));
            }
        }
        return new ScriptListResult(scripts);
    }

    public async Task<ReloadResult> ReloadAsync(ReloadParams parameters, CancellationToken cancellationToken)
    {
        var outcome = await target.ReloadAsync(parameters.DryRun, cancellationToken).ConfigureAwait(false);
        var result = outcome.Loaded.Result;
        return new ReloadResult
        {
            Applied = outcome.Applied,
            DryRun = parameters.DryRun,
            ConfigPath = result.Path,
            ConfigGeneration = outcome.Running.Generation,
            Errors = result.ErrorCount,
            Warnings = result.WarningCount,
            Plan = outcome.Plan is { } plan ? ControlViews.Plan(plan) : null,
            Diagnostics = [.. result.Diagnostics.Select(ControlViews.Diagnostic)],
        };
    }

    /// <summary>The instances tracking a script, directly or through their sync group, in the file as written.</summary>
    private static IEnumerable<string> TrackedBy(HaVrrpConfiguration configuration, string scriptName) =>
        configuration.Instances
            .Where(instance => instance.TrackScripts.Any(reference => reference.Name == scriptName)
                || configuration.SyncGroups.Any(group => group.Members.Contains(instance.Name) && group.TrackScripts.Any(reference => reference.Name == scriptName)))
            .Select(instance => instance.Name);

    private async Task<InstanceInfo> InstanceAsync(string name)
    {
        var status = await Engine.GetStatusAsync().ConfigureAwait(false);
        var instance = status.Instances.FirstOrDefault(candidate => candidate.Name == name && !candidate.IsHandingOver) ?? throw NotFound(name);
        return ControlViews.Instance(instance, status.StartedAt);
    }

    private async Task<InstanceChangeResult> ChangeResultAsync(string name, bool changed) =>
        new(changed, await InstanceAsync(name).ConfigureAwait(false));

    private async Task CommandAsync(string name, EngineRequest<CommandOutcome> command, string? notPossible = null)
    {
        if (!Engine.Post(command))
        {
            throw Stopping();
        }
        ThrowUnlessDone(name, await command.Task.ConfigureAwait(false), notPossible);
    }

    private async Task<CommandResult> CommandAsync(string name, EngineRequest<CommandResult> command)
    {
        if (!Engine.Post(command))
        {
            throw Stopping();
        }
        var result = await command.Task.ConfigureAwait(false);
        ThrowUnlessDone(name, result.Outcome, result.Reason is { } reason ? $"{name}: {reason}" : null);
        return result;
    }

    private static void ThrowUnlessDone(string name, CommandOutcome outcome, string? notPossible)
    {
        switch (outcome)
        {
            case CommandOutcome.InstanceNotFound:
                throw NotFound(name);
            case CommandOutcome.NotPossible:
                throw new VrrpControlException(
                    ControlErrorKind.NotPossible, notPossible ?? $"{name} cannot do that now", new ControlErrorData(nameof(ControlErrorKind.NotPossible)) { Instance = name });
        }
    }

    /// <summary>keepalived's words for states: MASTER, BACKUP, FAULT, INIT.</summary>
    private static string StateWord(VrrpState state) => state == VrrpState.Initialize ? "INIT" : state.ToString().ToUpperInvariant();

    private static string RequiredName(string? name) =>
        string.IsNullOrEmpty(name) ? throw InvalidParams("name is required") : name;

    private static VrrpControlException InvalidParams(string message) => new(ControlErrorKind.InvalidParams, message);

    private static VrrpControlException NotFound(string name) =>
        new(ControlErrorKind.InstanceNotFound, $"no instance named {name}", new ControlErrorData(nameof(ControlErrorKind.InstanceNotFound)) { Instance = name });

    internal static VrrpControlException Stopping() => new(ControlErrorKind.NotPossible, "havrrpd is stopping");
}
