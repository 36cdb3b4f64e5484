using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Protocol.Router;

/// <summary>
/// The hand-over states of <see cref="VrrpRouter"/>: a master that stops gracefully, or steps down for a planned
/// switchover, sends priority 0 but keeps its VIPs until the new master is heard (docs/daemon.md "Graceful
/// hand-over", "Planned switchover"). Events in, actions out, like the rest of the router.
/// </summary>
public sealed partial class VrrpRouter
{
    // A master handing over (a planned step-down, or a graceful stop): priority 0 sent, VIPs kept, no adverts, until
    // a new master is heard or this deadline passes (a step-down then stays master; a stop drops the VIPs).
    private HandOverKind? _handOver;
    private TimeSpan? _handOverDeadline;
    private TimeSpan _handOverWait;

    // The new master was heard: the VIPs we kept go at this moment (VrrpTimers.HandOverLinger after its advert).
    private TimeSpan? _virtualAddressReleaseAt;

    // Another router's advert has been heard: a stopping master then waits the whole Master_Down_Interval for it.
    private bool _peerHeard;

    /// <summary>
    /// A master's step-down is under way: it sent priority 0 and keeps its VIPs until the new master is heard
    /// (and <see cref="VrrpTimers.HandOverLinger"/> after that).
    /// </summary>
    public bool IsSteppingDown => _handOver == HandOverKind.StepDown;

    /// <summary>
    /// After a graceful <see cref="Shutdown"/> of a master: the VIPs stay until the new master is heard (and
    /// <see cref="VrrpTimers.HandOverLinger"/> after that), or until <see cref="HandOverBound"/> has passed.
    /// </summary>
    public bool IsHandingOverOnStop => _handOver == HandOverKind.Stop;

    /// <summary>
    /// Shutdown (RFC 9568 §6.4.3): a master says goodbye with priority 0; everyone drops the addresses. With
    /// <paramref name="handOver"/> a master hands over gracefully instead (docs/daemon.md "Graceful hand-over"):
    /// it keeps its VIPs until the new master's advert is heard, <see cref="VrrpTimers.HandOverLinger"/> longer, and
    /// at most for <see cref="HandOverBound"/>.
    /// </summary>
    public void Shutdown(TimeSpan now, VrrpActionBuffer actions, bool handOver = false)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (State == VrrpState.Initialize)
        {
            return;
        }
        EndStepDownEarly(actions, keepVirtualAddresses: true);
        var handsOver = State == VrrpState.Master && handOver;
        var bound = HandOverBound;
        if (State == VrrpState.Master)
        {
            SendPriorityZero(actions);
            _counters.ReleasedMaster++;
        }
        if (handsOver)
        {
            _handOver = HandOverKind.Stop;
            _handOverWait = bound;
            _handOverDeadline = now + _handOverWait;
        }
        else
        {
            actions.Add(VrrpAction.RemoveVirtualAddresses());
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.RemovingVirtualAddresses));
        }
        CancelTimers();
        SetState(now, VrrpState.Initialize, VrrpTransitionReason.Shutdown);
        MasterAddress = null;
        actions.Add(VrrpAction.RunNotify(NotifyKind.Stop));
        if (handsOver)
        {
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.KeepingVirtualAddressesForHandOver, Value: (int)(bound.Ticks / TimeSpan.TicksPerMicrosecond)));
        }
    }

    /// <summary>
    /// How long a stopping master keeps its VIPs for a new master at most. Backups are silent in VRRP, so a master
    /// cannot know it is alone: it waits Master_Down_Interval when it knows of a peer (configured, or ever heard), and
    /// otherwise one advert interval plus <see cref="VrrpTimers.UnknownPeerMargin"/>, which is longer than any backup's
    /// Skew_Time: a lone master is gone within about a second.
    /// </summary>
    public TimeSpan HandOverBound => Settings.HasUnicastPeers || _peerHeard
        ? MasterDownInterval
        : TimeSpan.FromTicks(Math.Min(MasterDownInterval.Ticks, (MasterAdvertInterval + VrrpTimers.UnknownPeerMargin).Ticks));

    /// <summary>
    /// The planned switchover. A master sends priority 0, so a backup takes over after its Skew_Time, but keeps its
    /// VIPs and stops advertising until the new master's advert is heard; <see cref="VrrpTimers.HandOverLinger"/>
    /// later it releases them and reports <see cref="StepDownOutcome.NewMasterHeard"/>. If nobody takes over within
    /// Master_Down_Interval it stays master, advertises again and reports <see cref="StepDownOutcome.NobodyTookOver"/>:
    /// a step-down never leaves the segment without a master. Either way, from now until <see cref="ClearStepDown"/>
    /// the router does not preempt (it still takes over a silent segment after Master_Down_Interval).
    /// </summary>
    public StepDownResult StepDown(TimeSpan now, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (IsSteppingDown)
        {
            return StepDownResult.AlreadyHandingOver;
        }
        var changed = !IsSteppedDown || HasTakenOver || State == VrrpState.Master;
        if (!changed)
        {
            return StepDownResult.Unchanged;
        }
        IsSteppedDown = true;
        _preemptDelayEndsAt = null;
        actions.Log(new VrrpLogEvent(VrrpLogEventKind.SteppingDown));
        ReleaseTakeOver(actions);
        if (State != VrrpState.Master)
        {
            return StepDownResult.HoldSet;
        }
        SendPriorityZero(actions);
        _advertTimer = null;
        _handOver = HandOverKind.StepDown;
        _handOverWait = MasterDownInterval;
        _handOverDeadline = now + _handOverWait;
        return StepDownResult.HandingOver;
    }

    /// <summary>Clears the hold of <see cref="StepDown"/>; a master still waiting for a new master stays master. Returns whether there was a hold.</summary>
    public bool ClearStepDown(TimeSpan now, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (!IsSteppedDown)
        {
            return false;
        }
        IsSteppedDown = false;
        actions.Log(new VrrpLogEvent(VrrpLogEventKind.StepDownCleared));
        ResumeIfSteppingDown(now, actions);
        return true;
    }

    /// <summary>
    /// A master handing over hears the segment. Any other router's advert with a priority above 0, higher or
    /// lower than ours, is the new master taking over: it adds the VIPs and sends its gratuitous ARPs right after
    /// this advert, so ours go <see cref="VrrpTimers.HandOverLinger"/> later. A goodbye is not an answer (and
    /// re-asserting, as a master normally does, would undo the hand-over). A stepping-down master becomes backup.
    /// </summary>
    private void OnAdvertWhileHandingOver(TimeSpan now, in PeerAdvert advert, VrrpActionBuffer actions)
    {
        if (advert.Priority == Priority.Shutdown || advert.Source == Settings.PrimaryAddress)
        {
            return;
        }
        _handOverDeadline = null;
        actions.Log(new VrrpLogEvent(VrrpLogEventKind.NewMasterHeard, advert.Source));
        if (_handOver == HandOverKind.StepDown)
        {
            LearnMasterAdvertInterval(advert, actions);
            EnterBackup(now, VrrpTransitionReason.StepDown, actions, keepVirtualAddresses: true);
            RecordMaster(advert);
        }
        _virtualAddressReleaseAt = now + VrrpTimers.HandOverLinger;
    }

    private void FireHandOverTimers(TimeSpan now, VrrpActionBuffer actions)
    {
        if (_virtualAddressReleaseAt <= now)
        {
            _virtualAddressReleaseAt = null;
            actions.Add(VrrpAction.RemoveVirtualAddresses());
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.RemovingVirtualAddresses));
            FinishHandOver(StepDownOutcome.NewMasterHeard, actions);
        }
        if (_handOverDeadline <= now)
        {
            _handOverDeadline = null;
            if (_handOver == HandOverKind.StepDown)
            {
                // Nobody answered our priority 0 (no backup, or it missed the goodbye): the segment keeps its master.
                IsSteppedDown = false;
                actions.Log(new VrrpLogEvent(VrrpLogEventKind.StepDownNobodyTookOver, Value: (int)_handOverWait.TotalMilliseconds));
                SendAdvert(EffectivePriority, actions);
                _advertTimer = now + Settings.AdvertInterval;
            }
            else
            {
                // Stopping: a backup would have taken over by now; none did (or we missed it), so go as keepalived does.
                actions.Log(new VrrpLogEvent(VrrpLogEventKind.HandOverTimedOut, Value: (int)(_handOverWait.Ticks / TimeSpan.TicksPerMicrosecond)));
                actions.Add(VrrpAction.RemoveVirtualAddresses());
                actions.Log(new VrrpLogEvent(VrrpLogEventKind.RemovingVirtualAddresses));
            }
            FinishHandOver(StepDownOutcome.NobodyTookOver, actions);
        }
    }

    /// <summary>A step-down reports how it ended (the engine answers whoever asked); a stop's hand-over just ends.</summary>
    private void FinishHandOver(StepDownOutcome outcome, VrrpActionBuffer actions)
    {
        if (_handOver == HandOverKind.StepDown)
        {
            actions.Add(VrrpAction.StepDownFinished(outcome, _handOverWait));
        }
        _handOver = null;
    }

    /// <summary>A take-over or release while still waiting for a new master: the master carries on as before.</summary>
    private void ResumeIfSteppingDown(TimeSpan now, VrrpActionBuffer actions)
    {
        if (_handOver != HandOverKind.StepDown || _handOverDeadline is null)
        {
            return;
        }
        EndStepDownEarly(actions, keepVirtualAddresses: true);
        SendAdvert(EffectivePriority, actions);
        _advertTimer = now + Settings.AdvertInterval;
    }

    /// <summary>
    /// Another event changes the state in the middle of a step-down. VIPs kept for the linger go now (unless we
    /// become master again); the hand-over itself had succeeded. A master still waiting for a new one gives up.
    /// </summary>
    private void EndStepDownEarly(VrrpActionBuffer actions, bool keepVirtualAddresses)
    {
        if (_handOver != HandOverKind.StepDown)
        {
            return;
        }
        if (_virtualAddressReleaseAt is not null)
        {
            _virtualAddressReleaseAt = null;
            if (!keepVirtualAddresses)
            {
                actions.Add(VrrpAction.RemoveVirtualAddresses());
                actions.Log(new VrrpLogEvent(VrrpLogEventKind.RemovingVirtualAddresses));
            }
            FinishHandOver(StepDownOutcome.NewMasterHeard, actions);
        }
        else
        {
            _handOverDeadline = null;
            IsSteppedDown = false;
            FinishHandOver(StepDownOutcome.Interrupted, actions);
        }
    }

    /// <summary>Why a master is handing over: the two share the keep-VIPs-until-heard rule, not what follows.</summary>
    private enum HandOverKind
    {
        StepDown,
        Stop,
    }
}
