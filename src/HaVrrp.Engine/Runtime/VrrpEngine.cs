using System.Net.Sockets;
using System.Net;
using System.Threading.Channels;
using HaVrrp.Engine.Configuration.Syntax;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Observation;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Tracking;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// The daemon's single event loop (docs/architecture.md, "The event loop: one owner of state"). Sockets, the link monitor, tracking, signals
/// and the control server <see cref="Post"/> events; the loop handles them one at a time, fires router timers when
/// due, and otherwise sleeps until the next deadline or event. No locks: nothing but the loop touches an instance.
/// </summary>
public sealed class VrrpEngine
{
    // Not SingleReader: that channel cannot count its events, and the loop looks at the count, not with a peek, which
    // would allocate (see WaitForEventOrDeadlineAsync).
    private readonly Channel<EngineEvent> _events = Channel.CreateUnbounded<EngineEvent>();

    private readonly EnginePorts _ports;
    private readonly TimeProvider _time;
    private readonly LoopDriver _driver;
    private readonly Action _releaseBarriers;
    private readonly ILogger _logger;
    private readonly List<InstanceRuntime> _instances = [];
    private readonly List<VrrpInstanceConfig> _pendingStarts = [];
    private readonly Dictionary<TransportKey, SharedTransport> _transports = [];
    private readonly Dictionary<string, bool> _linkUp = new(StringComparer.Ordinal);
    private readonly List<BarrierRequest> _barriers = [];
    private readonly long _startTimestamp;
    private readonly Dictionary<string, SyncGroupRuntime> _syncGroups = new(StringComparer.Ordinal);
    private readonly AdvertObserver _advertObserver;
    private readonly EngineEventObserver _eventObserver;
    private readonly InstanceStartup _instanceStartup;
    private readonly ReceivedPacketPool _receivedPackets = new();

    private TrackerSet _trackers = null!;
    private TaskCompletionSource _stateChange = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HaVrrpConfiguration _configuration;
    private bool _stopping;
    private readonly StaticNetworkEntries _staticEntries;
    private readonly PromoteSecondaries _promoteSecondaries;
    private readonly AcceptModeFilter _acceptModeFilter;
    private readonly VirtualMacInterfaces _virtualMacs;
    private StartupDelay _startupDelay = new(TimeSpan.Zero, TimeSpan.Zero);
    /// <summary>True once the end of a startup delay has been logged (or when there was none).</summary>
    private bool _startupDelayReported;
    private int _running;

    public VrrpEngine(HaVrrpConfiguration configuration, EnginePorts ports, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _configuration = configuration;
        _ports = ports;
        _time = time;
        _logger = logger;
        _startTimestamp = time.GetTimestamp();
        StartedAt = time.GetUtcNow();
        _driver = LoopDriver.For(time, _events.Reader);
        _releaseBarriers = ReleaseBarriers;
        _advertObserver = new AdvertObserver(Adverts, time);
        _eventObserver = new EngineEventObserver(Events, time) { EngineStartedAt = StartedAt };
        _staticEntries = new StaticNetworkEntries(ports.Addresses, logger);
        _instanceStartup = new InstanceStartup(ports.Addresses, logger);
        _promoteSecondaries = new PromoteSecondaries(ports.InterfaceSettings, logger);
        _acceptModeFilter = new AcceptModeFilter(ports.Firewall, logger);
        _virtualMacs = new VirtualMacInterfaces(ports.VirtualMacLinks, ports.InterfaceSettings, ports.Addresses, logger);
    }

    /// <summary>Every advert received (decoded or not, for our VRIDs or not) and sent, for <c>advert.watch</c>. Never blocks the loop.</summary>
    public WatchBroadcaster<AdvertInfo> Adverts { get; } = new();

    /// <summary>State, priority, hold, tracking and split-brain changes and reloads, for <c>event.watch</c>. Never blocks the loop.</summary>
    public WatchBroadcaster<EngineEventInfo> Events { get; } = new();

    /// <summary>Monotonic time since the engine was created: the routers' timeline.</summary>
    public TimeSpan Now => _time.GetElapsedTime(_startTimestamp);

    /// <summary>Hands an event to the loop. Safe from any thread; false once the loop has ended.</summary>
    public bool Post(EngineEvent engineEvent)
    {
        if (!_events.Writer.TryWrite(engineEvent))
        {
            return false;
        }
        _driver.Wake();
        return true;
    }

    public Task<EngineStatus> GetStatusAsync() => Request(new StatusRequest());

    public Task<ReloadPlan> ReloadAsync(HaVrrpConfiguration configuration) => Request(new ReloadRequest(configuration));

    public Task<ValueList<ScriptStatusEntry>> GetScriptStatusAsync() => Request(new ScriptStatusRequest());

    /// <summary>When the engine started, by the wall clock.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>
    /// Completes at the next change of any instance's state, at a reload, and when the loop ends. Take it before
    /// asking for the status, then await it if the status is not yet what you wait for: no change is missed, and
    /// nobody polls. The loop only completes the task; it never waits for whoever awaits it.
    /// </summary>
    public Task NextStateChange => Volatile.Read(ref _stateChange).Task;

    /// <summary>Asks for a graceful stop; <see cref="RunAsync"/> completes when every hand-over has finished.</summary>
    public void RequestStop() => Post(new StopRequest());

    /// <summary>
    /// Runs the loop until a graceful stop completes. Cancelling <paramref name="abort"/> ends it at once, as a crash
    /// would: no goodbye is sent and the VIPs stay until their lifetime runs out.
    /// On the real clock the loop runs on a thread of its own (docs/daemon.md, "The engine loop's own thread").
    /// </summary>
    public Task RunAsync(CancellationToken abort)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return Task.FromException(new InvalidOperationException("The engine loop is already running."));
        }
        return _driver.Start(() => RunLoopAsync(abort));
    }

    private async Task RunLoopAsync(CancellationToken abort)
    {
        try
        {
            _trackers = new TrackerSet(_configuration, _time.GetUtcNow(), IsLinkUp);
            BuildSyncGroups();
            _staticEntries.Apply(_configuration);
            _promoteSecondaries.Apply(_configuration);
            ApplyVirtualMacs();
            _acceptModeFilter.Apply(_configuration);
            _startupDelay = new StartupDelay(_configuration.Global.StartupDelay, Now);
            _startupDelayReported = _startupDelay.PendingUntil is null;
            if (!_startupDelayReported)
            {
                EngineLog.DelayingStartup(_logger, _configuration.Global.StartupDelay.TotalSeconds);
            }
            _pendingStarts.AddRange(_configuration.Instances);
            StartPendingInstances(Now);
            SynchroniseGroups(Now);
            while (!(_stopping && _instances.Count == 0))
            {
                FireDueTimers(Now);
                _eventObserver.Observe(_instances);
                while (_events.Reader.TryRead(out var engineEvent))
                {
                    // Timers that fell due while the event waited go first, so events and timers stay in time order.
                    FireDueTimers(Now);
                    Handle(engineEvent);
                    SynchroniseGroups(Now);
                    _eventObserver.Observe(_instances);
                }
                RemoveStoppedInstances();
                ResumeArpAfterStepDowns();
                if (_stopping && _instances.Count == 0)
                {
                    break;
                }
                await WaitForEventOrDeadlineAsync(abort).ConfigureAwait(false);
            }
            _staticEntries.Remove();
            _promoteSecondaries.Restore();
            _virtualMacs.RemoveAll();
            _acceptModeFilter.Remove();
            EngineLog.Stopped(_logger);
            ReleaseBarriers();
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Aborted: leave everything as it is, like a killed process.
        }
        finally
        {
            _events.Writer.TryComplete();
            SignalStateChange();
            foreach (var instance in _instances)
            {
                instance.CancelPendingCommands();
            }
            foreach (var entry in _transports.Values)
            {
                entry.Transport.Dispose();
            }
            _transports.Clear();
            while (_events.Reader.TryRead(out var leftover))
            {
                CancelRequest(leftover);
            }
        }
    }

    internal Task<bool> BarrierAsync() => Request(new BarrierRequest());

    private Task<TResult> Request<TResult>(EngineRequest<TResult> request)
    {
        if (!Post(request))
        {
            return Task.FromCanceled<TResult>(new CancellationToken(canceled: true));
        }
        return request.Task;
    }

    /// <summary>Sleeps until an event waits in the channel or the next deadline passes.</summary>
    private async Task WaitForEventOrDeadlineAsync(CancellationToken abort)
    {
        // Count, not TryPeek: a peek marks the channel's queue segment as observed, and an observed segment is never
        // reused, so peeking on every turn would allocate a new segment every few dozen events.
        if (_events.Reader.Count > 0)
        {
            return;
        }
        TimeSpan? wait = null;
        if (NextDeadline() is { } due)
        {
            wait = due - Now;
            if (wait <= TimeSpan.Zero)
            {
                return;
            }
            // Timers count whole milliseconds; rounding up wakes us at or just after the deadline instead of
            // spinning on sub-millisecond remainders of microsecond-exact VRRP timers.
            wait = TimeSpan.FromMilliseconds(Math.Ceiling(wait.Value.TotalMilliseconds));
        }
        await _driver.SleepAsync(wait, _releaseBarriers, abort).ConfigureAwait(false);
    }

    /// <summary>
    /// Barriers complete only when the loop is about to sleep with its next timer armed, so whoever waits on one
    /// (tests driving a manual clock) knows the loop has done all it can until time moves or an event comes.
    /// </summary>
    private void ReleaseBarriers()
    {
        foreach (var barrier in _barriers)
        {
            barrier.Completion.TrySetResult(true);
        }
        _barriers.Clear();
    }

    private TimeSpan? NextDeadline()
    {
        TimeSpan? earliest = _pendingStarts.Count > 0 ? _startupDelay.PendingUntil : null;
        foreach (var instance in _instances)
        {
            if (instance.NextDeadline is { } deadline && (earliest is null || deadline < earliest))
            {
                earliest = deadline;
            }
        }
        foreach (var process in _trackers.Processes)
        {
            if (process.NextDeadline is { } deadline && (earliest is null || deadline < earliest))
            {
                earliest = deadline;
            }
        }
        return earliest;
    }

    private void FireDueTimers(TimeSpan now)
    {
        foreach (var instance in _instances)
        {
            if (instance.NextDeadline <= now)
            {
                instance.OnTimer(now);
            }
        }
        var trackingChanged = false;
        foreach (var process in _trackers.Processes)
        {
            if (process.OnTimer(now))
            {
                LogQuorum(process);
                trackingChanged = true;
            }
        }
        if (trackingChanged)
        {
            ApplyTracking(now);
        }
        SynchroniseGroups(now);
    }

    private void SynchroniseGroups(TimeSpan now)
    {
        foreach (var group in _syncGroups.Values)
        {
            group.Synchronise(now);
        }
    }

    private bool IsLinkUp(string interfaceName) => _linkUp.GetValueOrDefault(interfaceName, true);

    /// <summary>One runtime per vrrp_sync_group of two or more members; a group whose configuration is unchanged keeps its state.</summary>
    private void BuildSyncGroups()
    {
        var previous = new Dictionary<string, SyncGroupRuntime>(_syncGroups, StringComparer.Ordinal);
        _syncGroups.Clear();
        foreach (var config in _configuration.SyncGroups.Where(group => group.Members.Count >= 2))
        {
            var group = previous.GetValueOrDefault(config.Name) is { } kept && kept.Config == config
                ? kept
                : new SyncGroupRuntime(config, _ports.Notifier, _logger);
            group.Members.Clear();
            _syncGroups[config.Name] = group;
        }
        foreach (var instance in _instances)
        {
            AttachToSyncGroup(instance);
        }
    }

    private void AttachToSyncGroup(InstanceRuntime instance)
    {
        instance.SyncGroup = _syncGroups.Values.FirstOrDefault(group => group.Config.Members.Contains(instance.Name));
        instance.SyncGroup?.Members.Add(instance);
    }

    private void ApplyTracking(TimeSpan now)
    {
        foreach (var instance in _instances)
        {
            instance.ApplyTracking(now);
        }
    }

    private void OnScriptResult(TimeSpan now, ScriptResult result)
    {
        if (_trackers.FindScript(result.ScriptName) is not { } tracker)
        {
            return;
        }
        var previous = tracker.LastOutcome;
        var outcome = result.Result.Outcome;
        tracker.TryBeginRun(result.Result.Started);
        var transition = tracker.CompleteRun(outcome, result.Result.Started + result.Result.Duration);
        if (transition is not null)
        {
            EngineLog.ScriptTransition(_logger, transition.LogMessage);
        }
        else if (previous is { } before && before != outcome && outcome.Kind == ScriptOutcomeKind.Exited)
        {
            // keepalived reports a changed exit status even when rise/fall keeps the script's state.
            EngineLog.ScriptNowReturning(_logger, result.ScriptName, outcome.ExitCode);
        }
        ApplyTracking(now);
    }

    private void OnTrackFileChanged(TimeSpan now, TrackFileChanged change)
    {
        if (_trackers.FindFile(change.TrackFileName) is { } tracker && tracker.Update(change.Content, _time.GetUtcNow()))
        {
            EngineLog.TrackFileValue(_logger, tracker.Name, tracker.Value);
            ApplyTracking(now);
        }
    }

    private void OnTrackedProcessCount(TimeSpan now, TrackedProcessCount change)
    {
        if (_trackers.FindProcess(change.TrackProcessName) is not { } tracker)
        {
            return;
        }
        var first = tracker.HasQuorum is null;
        if (tracker.Update(change.Count, change.Cause, now))
        {
            if (first)
            {
                EngineLog.ProcessFirstCount(_logger, tracker.Name, tracker.Count, tracker.HasQuorum == true ? "held" : "not held");
            }
            else
            {
                LogQuorum(tracker);
            }
            ApplyTracking(now);
        }
    }

    private void LogQuorum(ProcessTracker tracker) =>
        EngineLog.ProcessQuorum(_logger, tracker.HasQuorum == true ? "gained" : "lost", tracker.Name, tracker.Count);

    private void OnProcessMonitorChanged(ProcessMonitorChanged change)
    {
        foreach (var tracker in _trackers.Processes)
        {
            tracker.Method = change.Method;
        }
    }

    private void Handle(EngineEvent engineEvent)
    {
        var now = Now;
        switch (engineEvent)
        {
            case PacketReceived packet:
                OnPacket(now, packet);
                _receivedPackets.Return(packet);
                break;
            case AddressClaimHeard claim:
                foreach (var instance in _instances)
                {
                    instance.OnAddressClaim(now, claim);
                }
                break;
            case LinkStateChanged link:
                OnLinkStateChanged(now, link);
                break;
            case AddressesToRecheck:
                _staticEntries.ReinstateMissing();
                break;
            case AddressDeleted deleted:
                _staticEntries.Reinstate(deleted.InterfaceName, deleted.Address);
                foreach (var instance in _instances)
                {
                    instance.OnAddressDeleted(now, deleted.InterfaceName, deleted.Address);
                }
                break;
            case ScriptResult result:
                OnScriptResult(now, result);
                break;
            case TrackFileChanged change:
                OnTrackFileChanged(now, change);
                break;
            case TrackedProcessCount change:
                OnTrackedProcessCount(now, change);
                break;
            case ProcessMonitorChanged change:
                OnProcessMonitorChanged(change);
                break;
            case TrackingChanged tracking:
                OnTrackingChanged(now, tracking);
                break;
            case OverridePriorityCommand command:
                command.Completion.TrySetResult(OverridePriority(now, command));
                break;
            case StepDownCommand { Clear: true } command:
                command.Completion.TrySetResult(ClearStepDown(now, command));
                break;
            case StepDownCommand command:
                if (Find(command.InstanceName) is { } steppingDown)
                {
                    // Answered by the instance when the router reports the hand-over's outcome; the loop goes on.
                    steppingDown.StepDown(now, command);
                    if (steppingDown.Router.IsSteppingDown)
                    {
                        foreach (var vmac in steppingDown.Config.AllVirtualMacInterfaces)
                        {
                            _virtualMacs.StopAnsweringArp(vmac);
                        }
                    }
                }
                else
                {
                    command.Completion.TrySetResult(CommandResult.InstanceNotFound);
                }
                break;
            case TakeOverCommand command:
                command.Completion.TrySetResult(TakeOver(now, command));
                break;
            case StatusRequest request:
                request.Completion.TrySetResult(Snapshot(now));
                break;
            case ScriptStatusRequest request:
                request.Completion.TrySetResult(DescribeScripts());
                break;
            case ReloadRequest request:
                Reload(now, request);
                break;
            case StopRequest:
                BeginStop(now);
                break;
            case BarrierRequest barrier:
                _barriers.Add(barrier);
                break;
        }
    }

    // The events whose handling needs a lambda are handled in methods of their own: a lambda in Handle that captured
    // its locals would make every call of Handle allocate their closure, a packet's too.
    private void OnLinkStateChanged(TimeSpan now, LinkStateChanged link)
    {
        if (!link.IsUp && _virtualMacs.IsOurs(link.InterfaceName) && _virtualMacs.IsOperational(link.InterfaceName))
        {
            // Created down and brought up by havrrpd just now: the notification of the first state is stale.
            EngineLog.StaleLinkDown(_logger, link.InterfaceName);
            return;
        }
        _linkUp[link.InterfaceName] = link.IsUp;
        foreach (var instance in _instances.Where(instance => instance.TransportKey.InterfaceName == link.InterfaceName))
        {
            instance.SetInterfaceState(now, link.IsUp);
        }
        _trackers.FindInterface(link.InterfaceName)?.Update(link.IsUp, _time.GetUtcNow());
        ApplyTracking(now);
    }

    private void OnTrackingChanged(TimeSpan now, TrackingChanged tracking) =>
        Find(tracking.InstanceName)?.Apply(now, (router, actions) =>
            router.SetTrackingState(now, tracking.WeightSum, tracking.AnyZeroWeightFailed, actions));

    private CommandOutcome TakeOver(TimeSpan now, TakeOverCommand command) =>
        Command(command.InstanceName, now, (router, actions) =>
        {
            if (command.Release)
            {
                router.ReleaseTakeOver(actions);
                return true;
            }
            return router.TakeOver(now, actions);
        });

    private void OnPacket(TimeSpan now, PacketReceived packet)
    {
        if (_transports.TryGetValue(packet.Transport, out var transport))
        {
            transport.Receive(now, packet, _configuration.Global.LogUnknownVrids, _advertObserver, _logger);
        }
    }

    private CommandOutcome OverridePriority(TimeSpan now, OverridePriorityCommand command)
    {
        if (command.Priority is { } priority && priority is < Priority.MinimumBackup or > Priority.AddressOwner)
        {
            return CommandOutcome.NotPossible;
        }
        return Command(command.InstanceName, now, (router, actions) =>
        {
            if (command.Priority is { } value)
            {
                router.OverridePriority(now, value, command.Expiry, actions);
            }
            else
            {
                router.ClearPriorityOverride(now, actions);
            }
            return true;
        });
    }

    private CommandResult ClearStepDown(TimeSpan now, StepDownCommand command)
    {
        if (Find(command.InstanceName) is not { } instance)
        {
            return CommandResult.InstanceNotFound;
        }
        var changed = false;
        instance.Apply(now, (router, actions) => changed = router.ClearStepDown(now, actions));
        return new CommandResult(CommandOutcome.Done, changed);
    }

    private CommandOutcome Command(string instanceName, TimeSpan now, Func<VrrpRouter, VrrpActionBuffer, bool> step)
    {
        var instance = Find(instanceName);
        if (instance is null)
        {
            return CommandOutcome.InstanceNotFound;
        }
        var done = true;
        instance.Apply(now, (router, actions) => done = step(router, actions));
        return done ? CommandOutcome.Done : CommandOutcome.NotPossible;
    }

    private InstanceRuntime? Find(string name) =>
        _instances.Find(instance => !instance.IsStopping && instance.Name == name);

    private EngineStatus Snapshot(TimeSpan now) => new(
        now,
        _stopping,
        new(_instances.Select(instance => instance.ToStatus())),
        new(_transports.Select(pair => new TransportStatus(
            pair.Key.InterfaceName,
            pair.Key.Family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4",
            RejectionText.Counts(pair.Value.Counters)))))
    {
        StartedAt = StartedAt,
    };

    /// <summary>Every configured vrrp_script, its tracker's state, and the instances tracking it (directly or through their sync group).</summary>
    private ValueList<ScriptStatusEntry> DescribeScripts()
    {
        var entries = new List<ScriptStatusEntry>();
        foreach (var script in _configuration.Scripts)
        {
            if (_trackers.FindScript(script.Name) is not { } tracker)
            {
                continue;
            }
            var trackedBy = _configuration.Instances
                .Where(instance => Tracks(instance.TrackScripts, script.Name)
                    || _configuration.SyncGroups.Any(group => group.Members.Contains(instance.Name) && Tracks(group.TrackScripts, script.Name)))
                .Select(instance => instance.Name);
            entries.Add(new ScriptStatusEntry(script, tracker.Describe(), new([.. trackedBy])));
        }
        return new(entries);

        static bool Tracks(ValueList<TrackReference> references, string name) => references.Any(reference => reference.Name == name);
    }

    private void SignalStateChange() =>
        Interlocked.Exchange(ref _stateChange, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private void Reload(TimeSpan now, ReloadRequest request)
    {
        if (_stopping)
        {
            request.Completion.TrySetCanceled();
            return;
        }
        var plan = ReloadPlan.Compute(_configuration, request.Configuration);
        EngineLog.Reloading(_logger, plan);
        _eventObserver.Reloaded(plan);
        _configuration = request.Configuration;
        _staticEntries.Apply(_configuration);
        _promoteSecondaries.Apply(_configuration);
        ApplyVirtualMacs();
        _acceptModeFilter.Apply(_configuration);
        if (_startupDelay.Reconfigure(_configuration.Global.StartupDelay, now))
        {
            EngineLog.ReducedDelayedStartPassed(_logger);
        }
        _trackers = new TrackerSet(_configuration, _time.GetUtcNow(), IsLinkUp, previous: _trackers);
        BuildSyncGroups();
        foreach (var source in _ports.EventSources.OfType<IConfigurationFollower>())
        {
            source.Follow(_configuration);
        }
        var next = request.Configuration.Instances.ToDictionary(instance => instance.Name, StringComparer.Ordinal);
        foreach (var name in plan.Changed.Concat(plan.Removed))
        {
            Find(name)?.BeginStop(now);
        }
        // A changed instance starts afresh once its old self has handed over (StartPendingInstances waits for that).
        _pendingStarts.RemoveAll(pending => !next.ContainsKey(pending.Name));
        _pendingStarts.AddRange(plan.Changed.Concat(plan.Added).Select(name => next[name]));
        foreach (var instance in _instances.Where(instance => !instance.IsStopping))
        {
            instance.Rebind(now, _trackers.FindInstance(instance.Name));
        }
        RemoveStoppedInstances();
        SignalStateChange();
        request.Completion.TrySetResult(plan);
    }

    private void BeginStop(TimeSpan now)
    {
        if (_stopping)
        {
            return;
        }
        _stopping = true;
        _pendingStarts.Clear();
        _virtualMacs.StopAnsweringArp();
        EngineLog.Stopping(_logger, _instances.Count(instance => !instance.IsStopping && instance.Router.State == VrrpState.Master));
        foreach (var instance in _instances)
        {
            instance.BeginStop(now);
        }
    }

    private void RemoveStoppedInstances()
    {
        var removedAny = _instances.RemoveAll(instance => instance.IsStopped) > 0;
        if (removedAny)
        {
            SignalStateChange();
            foreach (var group in _syncGroups.Values)
            {
                group.Members.RemoveAll(instance => instance.IsStopped);
                if (_stopping && group.Members.Count == 0)
                {
                    group.Stop();
                }
            }
            foreach (var (key, entry) in _transports.ToList())
            {
                entry.Instances.RemoveAll(instance => instance.IsStopped);
                if (entry.Instances.Count == 0)
                {
                    entry.Transport.Dispose();
                    _transports.Remove(key);
                }
            }
            if (!_stopping)
            {
                // A reload's old instance has handed over: its macvlan goes unless the new configuration uses it.
                _virtualMacs.RemoveUnused(_configuration);
            }
        }
        if (!_stopping)
        {
            StartPendingInstances(Now);
        }
    }

    /// <summary>
    /// Starts configured instances whose name and VRID are free (an old self may still be handing over), once
    /// vrrp_startup_delay is over.
    /// </summary>
    private void StartPendingInstances(TimeSpan now)
    {
        if (_pendingStarts.Count == 0 || _startupDelay.IsPending(now))
        {
            return;
        }
        if (!_startupDelayReported)
        {
            _startupDelayReported = true;
            EngineLog.StartupDelayOver(_logger, _pendingStarts.Count);
        }
        for (var index = 0; index < _pendingStarts.Count;)
        {
            var config = _pendingStarts[index];
            var key = KeyOf(config);
            var blocked = _instances.Exists(instance =>
                instance.Name == config.Name ||
                (instance.TransportKey == key && instance.Config.VirtualRouterId == config.VirtualRouterId));
            if (blocked)
            {
                index++;
                continue;
            }
            _pendingStarts.RemoveAt(index);
            StartInstance(now, config, key);
        }
    }

    private void StartInstance(TimeSpan now, VrrpInstanceConfig config, TransportKey key)
    {
        if (!_transports.TryGetValue(key, out var entry))
        {
            entry = new SharedTransport(key);
            entry.Transport = new ObservedTransport(OpenTransport(config, key), key, _advertObserver, entry.InstanceNameOf);
            _transports[key] = entry;
        }
        _instanceStartup.RemoveLeftovers(config);
        var instance = new InstanceRuntime(
            config, _configuration.Global, key, entry.Transport, _instanceStartup.ResolveSourceAddress(config, key), _ports, _logger,
            _trackers.FindInstance(config.Name));
        AttachToSyncGroup(instance);
        instance.StateChanged = SignalStateChange;
        _instances.Add(instance);
        entry.Instances.Add(instance);
        instance.Start(now, IsLinkUp(key.InterfaceName) && !entry.IsUnavailable);
    }

    /// <summary>
    /// The VRRP socket of <paramref name="key"/>. A socket that cannot be opened (no such interface) must not take
    /// the daemon down: it is logged, and the instances on it stay in FAULT until havrrpd is restarted or a reload
    /// changes them (docs/daemon.md, "An interface that does not exist").
    /// </summary>
    private IVrrpTransport OpenTransport(VrrpInstanceConfig config, TransportKey key)
    {
        try
        {
            return _ports.Transports.Open(key, (message, source, destination, timeToLive) =>
                Post(_receivedPackets.Rent(key, message, source, destination, timeToLive)));
        }
        catch (Exception exception) when (exception is ArgumentException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
        {
            var reason = exception is ArgumentException { ParamName: { } parameter }
                ? exception.Message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal)
                : exception.Message;
            EngineLog.TransportUnavailable(_logger, config.Name, key.ToString(), reason);
            return new UnavailableTransport(key, reason);
        }
    }

    /// <summary>
    /// use_vmac: a macvlan silenced for a step-down (<see cref="VirtualMacInterfaces.StopAnsweringArp(string)"/>)
    /// answers ARP again once its instance's hand-over has ended, whichever way.
    /// </summary>
    private void ResumeArpAfterStepDowns()
    {
        if (_stopping || _virtualMacs.Silenced.Count == 0)
        {
            return;
        }
        foreach (var name in _virtualMacs.Silenced.ToList())
        {
            if (!_instances.Exists(instance => instance.Router.IsSteppingDown && instance.Config.AllVirtualMacInterfaces.Contains(name)))
            {
                _virtualMacs.ResumeAnsweringArp(name);
            }
        }
    }

    /// <summary>
    /// use_vmac: the macvlans go up before their instances start. One that failed counts as down, so its instance
    /// stays in FAULT rather than running without its virtual MAC.
    /// </summary>
    private void ApplyVirtualMacs()
    {
        _virtualMacs.Apply(_configuration);
        foreach (var name in _virtualMacs.Failed)
        {
            _linkUp[name] = false;
        }
    }

    private TransportKey KeyOf(VrrpInstanceConfig config) => new(
        config.AdvertInterface(_configuration.Global) ?? string.Empty,
        config.IsIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);

    private static void CancelRequest(EngineEvent engineEvent) => (engineEvent as IEngineRequest)?.Cancel();
}
