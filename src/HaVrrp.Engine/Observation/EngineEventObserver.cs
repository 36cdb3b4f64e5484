using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Runtime;
using HaVrrp.Engine.Tracking;
using HaVrrp.Engine.Warnings;

namespace HaVrrp.Engine.Observation;

/// <summary>
/// Finds what changed in each instance since the engine loop last looked — state, priorities, hold, tracked objects,
/// split-brain warning — and publishes it for <c>event.watch</c>. Comparing what every instance shows, instead of
/// hooking each place that changes it, keeps the router and the instance runtime free of watcher code. Runs on the
/// loop after each event and timer; does nothing while nobody watches.
/// </summary>
internal sealed class EngineEventObserver(WatchBroadcaster<EngineEventInfo> events, TimeProvider time)
{
    private readonly Dictionary<InstanceRuntime, Seen> _seen = [];
    private int _baselineGeneration = -1;

    /// <summary>Where the engine's monotonic timeline starts on the wall clock (warnings carry times on it).</summary>
    public DateTimeOffset EngineStartedAt { get; init; }

    public void Observe(IReadOnlyList<InstanceRuntime> instances)
    {
        if (!events.HasSubscribers)
        {
            return;
        }
        var generation = events.Generation;
        var isBaseline = generation != _baselineGeneration;
        if (isBaseline)
        {
            // The first watcher since nobody watched: what changed meanwhile is the present, not news.
            _seen.Clear();
            _baselineGeneration = generation;
        }
        foreach (var instance in instances)
        {
            var now = Seen.Of(instance);
            if (_seen.TryGetValue(instance, out var before))
            {
                Compare(instance.Name, before, now);
            }
            else if (!isBaseline)
            {
                // Started since the last look: its first transition (from INIT) is news.
                Compare(instance.Name, now with { State = VrrpState.Initialize, TransitionCount = 0 }, now);
            }
            _seen[instance] = now;
        }
        if (_seen.Count > instances.Count)
        {
            ForgetGone(instances);
        }
    }

    // A method of its own: its lambda captures the list, and a capture in Observe would allocate on every call,
    // watched or not (the loop calls it after every event and timer).
    private void ForgetGone(IReadOnlyList<InstanceRuntime> instances)
    {
        foreach (var gone in _seen.Keys.Where(instance => !instances.Contains(instance)).ToList())
        {
            _seen.Remove(gone);
        }
    }

    public void Reloaded(ReloadPlan plan)
    {
        if (events.HasSubscribers)
        {
            events.Publish(new EngineEventInfo { Time = time.GetUtcNow(), Kind = EngineEventKind.Reloaded, Plan = ControlViews.Plan(plan) });
        }
    }

    private void Compare(string name, Seen before, Seen now)
    {
        if (now.TransitionCount != before.TransitionCount)
        {
            Publish(name, EngineEventKind.StateChanged, info => info with { From = before.State, To = now.State, Reason = now.Reason });
        }
        if (now.BasePriority != before.BasePriority || now.EffectivePriority != before.EffectivePriority || now.PriorityOverride != before.PriorityOverride)
        {
            Publish(name, EngineEventKind.PriorityChanged, info => info with
            {
                BasePriority = now.BasePriority,
                EffectivePriority = now.EffectivePriority,
                PriorityOverride = now.PriorityOverride,
            });
        }
        if (now.Hold != before.Hold)
        {
            Publish(name, EngineEventKind.HoldChanged, info => info with { Hold = now.Hold });
        }
        foreach (var tracked in now.TrackedObjects)
        {
            var previous = before.TrackedObjects.FirstOrDefault(candidate => candidate.Kind == tracked.Kind && candidate.Name == tracked.Name);
            if (previous is null || previous.State != tracked.State)
            {
                Publish(name, EngineEventKind.TrackedObjectChanged, info => info with
                {
                    TrackedObject = tracked.Name,
                    TrackedObjectKind = tracked.Kind,
                    TrackedObjectState = tracked.State,
                });
            }
        }
        if (!now.Warnings.Equals(before.Warnings))
        {
            foreach (var warning in now.Warnings.Where(warning => !Contains(before.Warnings, warning)))
            {
                var view = ControlViews.Warning(warning, EngineStartedAt);
                Publish(name, warning.IsSplitBrain ? EngineEventKind.SplitBrainRaised : EngineEventKind.WarningRaised, info => info with { Warning = view });
            }
            foreach (var warning in before.Warnings.Where(warning => !Contains(now.Warnings, warning)))
            {
                var view = ControlViews.Warning(warning, EngineStartedAt);
                Publish(name, warning.IsSplitBrain ? EngineEventKind.SplitBrainCleared : EngineEventKind.WarningCleared, info => info with { Warning = view });
            }
        }
    }

    /// <summary>The same warning, whatever its wording now (another VIP in the same conflict is not news).</summary>
    private static bool Contains(IReadOnlyList<InstanceWarning> warnings, InstanceWarning warning) =>
        warnings.Any(candidate => candidate.Code == warning.Code && candidate.Subject == warning.Subject);

    private void Publish(string instance, EngineEventKind kind, Func<EngineEventInfo, EngineEventInfo> details) =>
        events.Publish(details(new EngineEventInfo { Time = time.GetUtcNow(), Kind = kind, Instance = instance }));

    /// <summary>What a watcher is told about when it changes.</summary>
    private sealed record Seen(
        VrrpState State,
        long TransitionCount,
        VrrpTransitionReason Reason,
        int BasePriority,
        int EffectivePriority,
        int? PriorityOverride,
        InstanceHold Hold,
        IReadOnlyList<TrackedObjectStatus> TrackedObjects,
        ValueList<InstanceWarning> Warnings)
    {
        public static Seen Of(InstanceRuntime instance)
        {
            var router = instance.Router;
            return new Seen(
                router.State,
                router.TransitionCount,
                router.LastTransitionReason,
                router.BasePriority,
                router.EffectivePriority,
                router.PriorityOverride,
                router.HasTakenOver ? InstanceHold.TakenOver : router.IsSteppedDown ? InstanceHold.SteppedDown : InstanceHold.None,
                instance.Tracking?.Describe().Objects ?? [],
                instance.Warnings);
        }
    }
}
