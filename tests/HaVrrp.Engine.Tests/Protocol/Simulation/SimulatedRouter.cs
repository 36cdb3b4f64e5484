using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;

namespace HaVrrp.Engine.Tests.Protocol.Simulation;

/// <summary>
/// One <see cref="VrrpRouter"/> on a host attached to a <see cref="SimulatedSegment"/>: it performs
/// the router's actions (adverts go on the segment) and wakes the router at its deadlines.
/// </summary>
internal sealed class SimulatedRouter
{
    private readonly SimulatedSegment _segment;
    private readonly VrrpActionBuffer _actions = new();
    private long _timerGeneration;
    private TimeSpan? _scheduledWake;

    public SimulatedRouter(SimulatedSegment segment, string host, VrrpRouterSettings settings)
    {
        _segment = segment;
        Host = host;
        Settings = settings;
        Router = new VrrpRouter(settings);
    }

    public string Host { get; }

    public VrrpRouterSettings Settings { get; }

    public VrrpRouter Router { get; private set; }

    public bool IsRunning { get; private set; }

    public bool HasVirtualAddresses { get; private set; }

    public List<string> Log { get; } = [];

    public VrrpState State => IsRunning ? Router.State : VrrpState.Initialize;

    public int VirtualRouterId => Settings.VirtualRouterId;

    public void Start() => Step(now =>
    {
        IsRunning = true;
        Router.Start(now, _actions);
    });

    /// <summary>kill -9: the router vanishes without a goodbye and its addresses go with it.</summary>
    public void Crash()
    {
        var before = State;
        IsRunning = false;
        HasVirtualAddresses = false;
        _timerGeneration++;
        _scheduledWake = null;
        Router = new VrrpRouter(Settings);
        _segment.RecordTransition(this, before, VrrpState.Initialize);
    }

    public void Shutdown() => Step(now => Router.Shutdown(now, _actions), afterwards: () =>
    {
        IsRunning = false;
        Router = new VrrpRouter(Settings);
    });

    public void SetTracking(int weightSum, bool anyZeroWeightFailed) =>
        Step(now => Router.SetTrackingState(now, weightSum, anyZeroWeightFailed, _actions));

    public void SetInterface(bool isUp) => Step(now => Router.SetInterfaceState(now, isUp, _actions));

    public void StepDown() => Step(now => Router.StepDown(now, _actions));

    public void TakeOver() => Step(now => Router.TakeOver(now, _actions));

    /// <summary>An advert arrives; a stopped host loses it, as a dead host would.</summary>
    public void Deliver(PeerAdvert advert)
    {
        if (IsRunning)
        {
            Step(now => Router.OnAdvert(now, advert, _actions));
        }
    }

    private void Step(Action<TimeSpan> step, Action? afterwards = null)
    {
        var now = _segment.Scheduler.Now;
        var before = State;
        _actions.Clear();
        step(now);
        afterwards?.Invoke();
        Perform(now);
        _segment.RecordTransition(this, before, State);
        ScheduleWake();
    }

    private void Perform(TimeSpan now)
    {
        foreach (var action in _actions.Actions)
        {
            switch (action.Kind)
            {
                case VrrpActionKind.SendAdvert:
                    _segment.Broadcast(this, action.Priority);
                    break;
                case VrrpActionKind.AddVirtualAddresses:
                    HasVirtualAddresses = true;
                    break;
                case VrrpActionKind.RemoveVirtualAddresses:
                    HasVirtualAddresses = false;
                    break;
                case VrrpActionKind.Log:
                    Log.Add($"{now.TotalSeconds:F6} {action.LogEvent.Format(Settings.Name)}");
                    break;
                default:
                    break;
            }
        }
    }

    private void ScheduleWake()
    {
        var deadline = IsRunning ? Router.NextDeadline : null;
        if (deadline == _scheduledWake)
        {
            return;
        }
        _scheduledWake = deadline;
        var generation = ++_timerGeneration;
        if (deadline is { } at)
        {
            _segment.Scheduler.At(at, () =>
            {
                if (generation == _timerGeneration && IsRunning)
                {
                    _scheduledWake = null;
                    Step(now => Router.OnTimer(now, _actions));
                }
            });
        }
    }
}
