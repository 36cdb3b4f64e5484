namespace HaVrrp.Engine.Protocol;

/// <summary>
/// One virtual router (one keepalived vrrp_instance) as a pure state machine: RFC 9568 §6.4 with
/// keepalived 2.2's choices where the RFC leaves room. Events go in with the current time; actions
/// come out into the caller's <see cref="VrrpActionBuffer"/>. It never reads a clock, touches a socket
/// or allocates: the shell calls <see cref="OnTimer"/> at <see cref="NextDeadline"/> and performs the actions.
/// </summary>
/// <remarks>
/// Time is any monotonic timeline the caller likes (tests start at zero). Not thread-safe: one event
/// loop owns each router.
/// </remarks>
public sealed class VrrpRouter
{
    private VrrpCounters _counters;

    private bool _interfaceUp = true;
    private bool _trackedObjectFailed;
    private bool _syncGroupFaulted;
    private bool _heldForSyncGroup;
    private int _trackingWeightSum;
    private int? _priorityOverride;
    private TimeSpan? _priorityOverrideExpiresAt;
    private int? _takeOverPriority;

    private TimeSpan? _masterDownTimer;
    private TimeSpan? _advertTimer;
    private TimeSpan? _gratuitousArpMasterDelayAt;
    private TimeSpan? _gratuitousArpRefreshAt;
    private TimeSpan? _gratuitousArpLowerPriorityDelayAt;

    // owner_ignore_adverts: the last source whose adverts were dropped, so each new one is logged once.
    private VrrpAddress? _lastIgnoredAsOwner;

    // keepalived's preempt_time: the moment a backup stops tolerating a lower-priority master.
    private TimeSpan? _preemptDelayEndsAt;

    // What to report when the Master_Down_Timer fires: silence, a goodbye, or preemption.
    private VrrpTransitionReason _masterDownReason = VrrpTransitionReason.MasterDownTimerExpired;

    // A master handing over (a planned step-down, or a graceful stop): priority 0 sent, VIPs kept, no adverts, until
    // a new master is heard or this deadline passes (a step-down then stays master; a stop drops the VIPs).
    private HandOverKind? _handOver;
    private TimeSpan? _handOverDeadline;
    private TimeSpan _handOverWait;

    // The new master was heard: the VIPs we kept go at this moment (VrrpTimers.HandOverLinger after its advert).
    private TimeSpan? _virtualAddressReleaseAt;

    public VrrpRouter(VrrpRouterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        EffectivePriority = Priority.Effective(settings.BasePriority, 0);
        MasterAdvertInterval = settings.AdvertInterval;
    }

    public VrrpRouterSettings Settings { get; }

    public VrrpState State { get; private set; } = VrrpState.Initialize;

    public int BasePriority => Settings.BasePriority;

    /// <summary>The priority set at run time in place of the base priority, if any.</summary>
    public int? PriorityOverride => _priorityOverride;

    public TimeSpan? PriorityOverrideExpiresAt => _priorityOverrideExpiresAt;

    /// <summary>The priority this router advertises and compares: base (or override) plus weights, clamped.</summary>
    public int EffectivePriority { get; private set; }

    /// <summary>The master as last heard (ourselves while master); null when none is known.</summary>
    public VrrpAddress? MasterAddress { get; private set; }

    public int MasterPriority { get; private set; }

    /// <summary>RFC 9568 Master_Adver_Interval: learned from the master (v3), our own interval otherwise.</summary>
    public TimeSpan MasterAdvertInterval { get; private set; }

    public TimeSpan SkewTime => VrrpTimers.SkewTime(EffectivePriority, MasterAdvertInterval);

    public TimeSpan MasterDownInterval => VrrpTimers.MasterDownInterval(EffectivePriority, MasterAdvertInterval, Settings.DownTimerAdverts);

    public TimeSpan LastTransitionAt { get; private set; }

    public VrrpTransitionReason LastTransitionReason { get; private set; }

    /// <summary>State changes since the router was created.</summary>
    public long TransitionCount { get; private set; }

    public VrrpCounters Counters => _counters;

    /// <summary>True after <see cref="StepDown"/> until <see cref="ClearStepDown"/>: the router does not preempt.</summary>
    public bool IsSteppedDown { get; private set; }

    /// <summary>
    /// A master's step-down is under way: it sent priority 0 and keeps its VIPs until the new master is heard
    /// (and <see cref="VrrpTimers.HandOverLinger"/> after that).
    /// </summary>
    public bool IsSteppingDown => _handOver == HandOverKind.StepDown;

    /// <summary>
    /// After a graceful <see cref="Shutdown"/> of a master: the VIPs stay until the new master is heard (and
    /// <see cref="VrrpTimers.HandOverLinger"/> after that), or until the bound the shell gave has passed.
    /// </summary>
    public bool IsHandingOverOnStop => _handOver == HandOverKind.Stop;

    public bool HasTakenOver => _takeOverPriority is not null;

    public bool IsInterfaceUp => _interfaceUp;

    public bool IsTrackedObjectFailed => _trackedObjectFailed;

    /// <summary>FAULT for a reason of its own (interface or tracking), not because its sync group is in FAULT.</summary>
    public bool HasOwnFault => !_interfaceUp || _trackedObjectFailed;

    /// <summary>
    /// A sync-group member whose Master_Down_Timer fired while the group held it back: it would be master now,
    /// and waits for the group to agree (see <see cref="HoldForSyncGroup"/>).
    /// </summary>
    public bool WantsMaster { get; private set; }

    public TimeSpan? MasterDownTimerExpiresAt => _masterDownTimer;

    public TimeSpan? AdvertTimerExpiresAt => _advertTimer;

    /// <summary>When the shell must next call <see cref="OnTimer"/>; null when nothing is pending.</summary>
    public TimeSpan? NextDeadline => Earliest(
        Earliest(
            Earliest(_masterDownTimer, _advertTimer),
            Earliest(_handOverDeadline, _virtualAddressReleaseAt)),
        Earliest(
            Earliest(_gratuitousArpMasterDelayAt, _gratuitousArpRefreshAt),
            Earliest(_gratuitousArpLowerPriorityDelayAt, _priorityOverrideExpiresAt)));

    private bool PreemptsNow => Settings.Preempt && !IsSteppedDown;

    private bool IsFaulted => !_interfaceUp || _trackedObjectFailed || _syncGroupFaulted;

    /// <summary>
    /// Startup (RFC 9568 §6.4.1): the address owner becomes master at once; everyone else, whatever
    /// keepalived's <c>state</c> says, starts as backup and waits Master_Down_Interval, as keepalived 2.2 does.
    /// </summary>
    public void Start(TimeSpan now, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (State != VrrpState.Initialize)
        {
            return;
        }
        if (IsFaulted)
        {
            EnterFault(now, FaultReason(), actions);
        }
        else if (EffectivePriority == Priority.AddressOwner)
        {
            EnterMaster(now, VrrpTransitionReason.StartupAsAddressOwner, actions);
        }
        else
        {
            EnterBackup(now, VrrpTransitionReason.Startup, actions);
        }
    }

    /// <summary>
    /// Shutdown (RFC 9568 §6.4.3): a master says goodbye with priority 0; everyone drops the addresses. With
    /// <paramref name="handOverBound"/> a master hands over gracefully instead (docs/daemon.md "Graceful hand-over"):
    /// it keeps its VIPs until the new master's advert is heard, <see cref="VrrpTimers.HandOverLinger"/> longer, and
    /// at most for the bound (the shell knows whether a peer was ever heard, which sets it).
    /// </summary>
    public void Shutdown(TimeSpan now, VrrpActionBuffer actions, TimeSpan? handOverBound = null)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (State == VrrpState.Initialize)
        {
            return;
        }
        EndStepDownEarly(actions, keepVirtualAddresses: true);
        var handsOver = State == VrrpState.Master && handOverBound > TimeSpan.Zero;
        if (State == VrrpState.Master)
        {
            SendPriorityZero(actions);
            _counters.ReleasedMaster++;
        }
        if (handsOver)
        {
            _handOver = HandOverKind.Stop;
            _handOverWait = handOverBound!.Value;
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
    }

    /// <summary>Fires every timer whose deadline is at or before <paramref name="now"/>.</summary>
    public void OnTimer(TimeSpan now, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (_priorityOverrideExpiresAt <= now)
        {
            _priorityOverride = null;
            _priorityOverrideExpiresAt = null;
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.PriorityOverrideCleared));
            RecomputeEffectivePriority(actions);
        }
        if (_masterDownTimer <= now)
        {
            // RFC 9568 §6.4.2: Master_Down_Timer fires -> send an advert, announce, become master.
            _masterDownTimer = null;
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.ReceiveAdvertTimeout));
            if (_heldForSyncGroup)
            {
                // keepalived prefers BACKUP to thrashing: a member becomes master only when the whole group wants to.
                WantsMaster = true;
            }
            else
            {
                EnterMaster(now, _masterDownReason, actions);
            }
        }
        if (_advertTimer <= now)
        {
            // RFC 9568 §6.4.3: Adver_Timer fires -> send an advert, restart the timer.
            SendAdvert(EffectivePriority, actions);
            _advertTimer = now + Settings.AdvertInterval;
        }
        FireHandOverTimers(now, actions);
        FireGratuitousArpTimers(now, actions);
    }

    /// <summary>
    /// An advert for our VRID that passed validation (RFC 9568 §7.1, <see cref="AdvertisementValidator"/>: of our
    /// version, and for v2 of our interval) arrived.
    /// </summary>
    public void OnAdvert(TimeSpan now, in PeerAdvert advert, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (_handOver == HandOverKind.Stop)
        {
            if (_handOverDeadline is not null)
            {
                OnAdvertWhileHandingOver(now, advert, actions);
            }
            return;
        }
        if (State is VrrpState.Initialize or VrrpState.Fault)
        {
            return;
        }
        if (IgnoresAsOwner(advert, actions))
        {
            return;
        }
        _counters.AdvertsReceived++;
        if (advert.Priority == Priority.Shutdown)
        {
            _counters.PriorityZeroReceived++;
        }

        if (State == VrrpState.Backup)
        {
            OnAdvertAsBackup(now, advert, actions);
        }
        else
        {
            OnAdvertAsMaster(now, advert, actions);
        }
    }

    /// <summary>The interface that carries the adverts went down or came back (keepalived: FAULT and back).</summary>
    public void SetInterfaceState(TimeSpan now, bool isUp, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        _interfaceUp = isUp;
        ApplyFaultState(now, actions);
    }

    /// <summary>
    /// The tracking subsystem's verdict: the sum of the weights that currently apply, and whether any
    /// object with weight 0 has failed (which puts the router in FAULT, as in keepalived).
    /// </summary>
    public void SetTrackingState(TimeSpan now, int weightSum, bool anyZeroWeightFailed, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        _trackingWeightSum = weightSum;
        _trackedObjectFailed = anyZeroWeightFailed;
        RecomputeEffectivePriority(actions);
        ApplyFaultState(now, actions);
    }

    /// <summary>
    /// Makes this router a member of a vrrp_sync_group: from now on its Master_Down_Timer no longer makes it
    /// master on its own; it sets <see cref="WantsMaster"/> and the group decides (<see cref="SyncToMaster"/>).
    /// </summary>
    public void HoldForSyncGroup() => _heldForSyncGroup = true;

    /// <summary>The sync group entered FAULT because another member did (or left it): this member follows.</summary>
    public void SetSyncGroupFault(TimeSpan now, bool faulted, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (_syncGroupFaulted == faulted)
        {
            return;
        }
        _syncGroupFaulted = faulted;
        WantsMaster = false;
        ApplyFaultState(now, actions, VrrpTransitionReason.SyncGroup);
    }

    /// <summary>Another member of the sync group became master: a backup member follows at once.</summary>
    public void SyncToMaster(TimeSpan now, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (State == VrrpState.Backup)
        {
            EnterMaster(now, VrrpTransitionReason.SyncGroup, actions);
        }
    }

    /// <summary>
    /// Another member of the sync group left MASTER: a master member follows, saying goodbye with priority 0 so
    /// its backup takes over after Skew_Time instead of Master_Down_Interval.
    /// </summary>
    public void SyncToBackup(TimeSpan now, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (State == VrrpState.Master)
        {
            EndStepDownEarly(actions, keepVirtualAddresses: false);
            _counters.ReleasedMaster++;
            SendPriorityZero(actions);
            EnterBackup(now, VrrpTransitionReason.SyncGroup, actions);
        }
    }

    /// <summary>
    /// Uses <paramref name="priority"/> in place of the base priority (weights still apply, as with
    /// keepalived's writable SNMP base priority) until cleared or, if given, until <paramref name="expiry"/> has passed.
    /// </summary>
    public void OverridePriority(TimeSpan now, int priority, TimeSpan? expiry, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentOutOfRangeException.ThrowIfLessThan(priority, Priority.MinimumBackup);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority, Priority.AddressOwner);
        _priorityOverride = priority;
        _priorityOverrideExpiresAt = expiry is { } duration ? now + duration : null;
        actions.Log(new VrrpLogEvent(VrrpLogEventKind.PriorityOverrideSet, Value: priority));
        RecomputeEffectivePriority(actions);
    }

    public void ClearPriorityOverride(TimeSpan now, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (_priorityOverride is null)
        {
            return;
        }
        _priorityOverride = null;
        _priorityOverrideExpiresAt = null;
        actions.Log(new VrrpLogEvent(VrrpLogEventKind.PriorityOverrideCleared));
        RecomputeEffectivePriority(actions);
    }

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
    /// One of our VIPs was deleted by hand while we are master. As keepalived does (its netlink reflector's
    /// set_vrrp_backup): enter BACKUP, which drops the other addresses, with the Master_Down_Timer at Skew_Time, so
    /// that unless another master speaks up meanwhile we are master again at once, with every VIP added and announced
    /// anew. Not while handing over, when our VIPs are on their way out anyway. Returns whether it stepped back.
    /// </summary>
    public bool OnVirtualAddressDeleted(TimeSpan now, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (State != VrrpState.Master || _handOver is not null)
        {
            return false;
        }
        EnterBackup(now, VrrpTransitionReason.VirtualAddressDeleted, actions);
        _masterDownTimer = now + SkewTime;
        return true;
    }

    /// <summary>
    /// Becomes master now, even with nopreempt, and keeps advertising above the master we last heard
    /// (at most 254 unless we own the addresses) until <see cref="ReleaseTakeOver"/>, so the old master
    /// yields instead of preempting back. Against an address owner (255) the owner wins again at once.
    /// Returns false in FAULT or before start, where taking over is impossible.
    /// </summary>
    public bool TakeOver(TimeSpan now, VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (State is VrrpState.Initialize or VrrpState.Fault)
        {
            return false;
        }
        IsSteppedDown = false;
        if (EffectivePriority != Priority.AddressOwner)
        {
            var heardMaster = State == VrrpState.Backup && MasterAddress is not null ? MasterPriority : 0;
            _takeOverPriority = Math.Clamp(Math.Max(EffectivePriority, heardMaster + 1), Priority.MinimumBackup, Priority.MaximumBackup);
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.TakingOver, Value: _takeOverPriority.Value));
            RecomputeEffectivePriority(actions);
        }
        ResumeIfSteppingDown(now, actions);
        if (State == VrrpState.Backup)
        {
            EnterMaster(now, VrrpTransitionReason.TakeOver, actions);
        }
        return true;
    }

    /// <summary>Ends a <see cref="TakeOver"/>: the configured priority applies again (and may hand mastership back).</summary>
    public void ReleaseTakeOver(VrrpActionBuffer actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (_takeOverPriority is null)
        {
            return;
        }
        _takeOverPriority = null;
        actions.Log(new VrrpLogEvent(VrrpLogEventKind.TakeOverReleased));
        RecomputeEffectivePriority(actions);
    }

    /// <summary>
    /// keepalived's owner_ignore_adverts: an address owner advertising 255 drops what it hears, uncounted, as
    /// keepalived does; logged once per new source rather than once a second. A planned hand-over still listens,
    /// since it ends when the new master is heard.
    /// </summary>
    private bool IgnoresAsOwner(in PeerAdvert advert, VrrpActionBuffer actions)
    {
        if (!Settings.OwnerIgnoreAdverts || EffectivePriority != Priority.AddressOwner || _handOverDeadline is not null)
        {
            return false;
        }
        if (_lastIgnoredAsOwner != advert.Source)
        {
            _lastIgnoredAsOwner = advert.Source;
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.OwnerIgnoringAdverts, advert.Source));
        }
        return true;
    }

    private void OnAdvertAsBackup(TimeSpan now, in PeerAdvert advert, VrrpActionBuffer actions)
    {
        if (advert.Priority == Priority.Shutdown && MasterAddress is { } followed && advert.Source != followed)
        {
            // Beyond RFC 9568 (docs/protocol.md, "Priority 0 only from the master"): only the master this backup
            // follows can be leaving. A goodbye from anyone else (spoofed, or a stale router) would bind the VIPs
            // beside the live master until its next advert.
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.BackupIgnoredPriorityZero, advert.Source));
            _counters.PriorityZeroIgnored++;
            return;
        }
        if (advert.Priority == Priority.Shutdown)
        {
            // RFC 9568 §6.4.2: the master is leaving; take over after Skew_Time, not Master_Down_Interval.
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.BackupReceivedPriorityZero));
            _masterDownTimer = now + SkewTime;
            _masterDownReason = VrrpTransitionReason.MasterSentPriorityZero;
            return;
        }

        var preemptDelayHolds = Settings.PreemptDelay > TimeSpan.Zero && !(_preemptDelayEndsAt <= now);
        if (!PreemptsNow || advert.Priority >= EffectivePriority || preemptDelayHolds)
        {
            // RFC 9568 §6.4.2: accept this master, learn its interval (v3), restart Master_Down_Timer.
            LearnMasterAdvertInterval(advert, actions);
            RecordMaster(advert);
            WantsMaster = false;
            _masterDownTimer = now + MasterDownInterval;
            _masterDownReason = VrrpTransitionReason.MasterDownTimerExpired;
            TrackPreemptDelay(now, advert);
            return;
        }

        // RFC 9568 §6.4.2 (Preempt_Mode True, lower priority): discard, so the timer runs out and we preempt.
        actions.Log(new VrrpLogEvent(VrrpLogEventKind.BackupReceivedLowerPriority, advert.Source, advert.Priority));
        MasterAddress = advert.Source;
        MasterPriority = advert.Priority;
        _masterDownReason = VrrpTransitionReason.Preempted;
    }

    /// <summary>
    /// keepalived's preempt_delay: the first lower-priority advert starts the delay; until it ends the
    /// lower master is accepted like any other. A higher or equal master cancels it.
    /// </summary>
    private void TrackPreemptDelay(TimeSpan now, in PeerAdvert advert)
    {
        if (Settings.PreemptDelay <= TimeSpan.Zero)
        {
            return;
        }
        if (advert.Priority >= EffectivePriority)
        {
            _preemptDelayEndsAt = null;
        }
        else
        {
            _preemptDelayEndsAt ??= now + Settings.PreemptDelay;
        }
    }

    private void OnAdvertAsMaster(TimeSpan now, in PeerAdvert advert, VrrpActionBuffer actions)
    {
        if (_handOverDeadline is not null)
        {
            OnAdvertWhileHandingOver(now, advert, actions);
            return;
        }
        if (advert.Priority == Priority.Shutdown)
        {
            // RFC 9568 §6.4.3: someone left; re-assert at once and restart Adver_Timer.
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.MasterReceivedPriorityZero));
            SendAdvert(EffectivePriority, actions);
            _advertTimer = now + Settings.AdvertInterval;
            return;
        }

        var addressOrder = advert.Source.CompareTo(Settings.PrimaryAddress);
        if (advert.Priority == EffectivePriority && addressOrder == 0)
        {
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.EqualPriorityFromOurAddress, advert.Source));
            return;
        }

        if (advert.Priority > EffectivePriority || (advert.Priority == EffectivePriority && addressOrder > 0))
        {
            // RFC 9568 §6.4.3: a better master exists; become backup and wait for it.
            actions.Log(advert.Priority > EffectivePriority
                ? new VrrpLogEvent(VrrpLogEventKind.MasterReceivedHigherPriority, advert.Source, advert.Priority, EffectivePriority)
                : new VrrpLogEvent(VrrpLogEventKind.MasterReceivedSamePriorityHigherAddress, advert.Source, advert.Priority));
            if (Settings.HigherPrioritySendAdvert)
            {
                // keepalived's higher_prio_send_advert: one last advert of ours before yielding.
                SendAdvert(EffectivePriority, actions);
            }
            LearnMasterAdvertInterval(advert, actions);
            EnterBackup(now, VrrpTransitionReason.HigherPriorityAdvert, actions);
            RecordMaster(advert);
            return;
        }

        // A lower-priority master: RFC 9568 answers with an advert at once so it steps down
        // (RFC 5798 discarded it; keepalived's lower_prio_no_advert keeps that). Re-announce the addresses too.
        if (Settings.LowerPriorityNoAdvert)
        {
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.MasterReceivedLowerPriorityNotAnswered, advert.Source, advert.Priority, EffectivePriority));
        }
        else
        {
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.MasterReceivedLowerPriority, advert.Source, advert.Priority, EffectivePriority));
            SendAdvert(EffectivePriority, actions);
        }
        var timing = Settings.GratuitousArp;
        if (timing.LowerPriorityRepeat > 0)
        {
            actions.Add(VrrpAction.SendGratuitousArp(timing.LowerPriorityRepeat, GratuitousArpReason.LowerPriorityAdvert));
            if (timing.LowerPriorityDelay > TimeSpan.Zero)
            {
                _gratuitousArpLowerPriorityDelayAt = now + timing.LowerPriorityDelay;
            }
        }
        actions.Add(VrrpAction.RunNotify(NotifyKind.MasterReceivedLowerPriority));
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

    private void LearnMasterAdvertInterval(in PeerAdvert advert, VrrpActionBuffer actions)
    {
        // RFC 9568 §6.4.2: a v3 backup uses the master's interval; v2 intervals always match ours (the validator
        // dropped any other).
        var interval = advert.AdvertInterval;
        if (Settings.Version == 3 && interval != MasterAdvertInterval)
        {
            actions.Log(new VrrpLogEvent(
                VrrpLogEventKind.AdvertIntervalUpdated, Value: (int)interval.TotalMilliseconds, OtherValue: (int)MasterAdvertInterval.TotalMilliseconds));
            MasterAdvertInterval = interval;
        }
    }

    private void RecordMaster(in PeerAdvert advert)
    {
        MasterAddress = advert.Source;
        MasterPriority = advert.Priority;
    }

    private void EnterMaster(TimeSpan now, VrrpTransitionReason reason, VrrpActionBuffer actions)
    {
        EndStepDownEarly(actions, keepVirtualAddresses: true);
        if (IsSteppedDown)
        {
            // The hold keeps a backup from preempting; it cannot keep a segment without a master. Once this node covers
            // for a master that is gone, "stepped down" no longer describes it (docs/daemon.md, "Planned switchover").
            IsSteppedDown = false;
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.StepDownEndedByTakingOver));
        }
        SetState(now, VrrpState.Master, reason);
        _masterDownTimer = null;
        _preemptDelayEndsAt = null;
        _masterDownReason = VrrpTransitionReason.MasterDownTimerExpired;
        MasterAdvertInterval = Settings.AdvertInterval;
        MasterAddress = Settings.PrimaryAddress;
        MasterPriority = EffectivePriority;
        _counters.BecameMaster++;

        // keepalived's order (vrrp_state_become_master, then the first advert), so logs read the same.
        actions.Log(new VrrpLogEvent(VrrpLogEventKind.EnteringMasterState));
        actions.Add(VrrpAction.AddVirtualAddresses());
        actions.Log(new VrrpLogEvent(VrrpLogEventKind.SettingVirtualAddresses));
        var timing = Settings.GratuitousArp;
        if (timing.MasterRepeat > 0)
        {
            actions.Add(VrrpAction.SendGratuitousArp(timing.MasterRepeat, GratuitousArpReason.BecameMaster));
        }
        _gratuitousArpMasterDelayAt = timing.MasterDelay > TimeSpan.Zero ? now + timing.MasterDelay : null;
        _gratuitousArpRefreshAt = timing.MasterRefresh > TimeSpan.Zero ? now + timing.MasterRefresh : null;
        actions.Add(VrrpAction.RunNotify(NotifyKind.Master));
        SendAdvert(EffectivePriority, actions);
        _advertTimer = now + Settings.AdvertInterval;
    }

    private void EnterBackup(TimeSpan now, VrrpTransitionReason reason, VrrpActionBuffer actions, bool keepVirtualAddresses = false)
    {
        var wasMaster = State == VrrpState.Master;
        var atStartup = State == VrrpState.Initialize;
        if (wasMaster)
        {
            _counters.ReleasedMaster++;
        }
        if (!wasMaster)
        {
            // Coming from FAULT or startup nobody is master as far as we know, at our own pace.
            MasterAdvertInterval = Settings.AdvertInterval;
            MasterAddress = null;
            MasterPriority = 0;
        }
        SetState(now, VrrpState.Backup, reason);
        CancelTimers();

        // keepalived clears leftover addresses at startup ("removing VIPs." before "(init)"),
        // and after "Entering BACKUP STATE" when leaving master.
        if (atStartup)
        {
            actions.Add(VrrpAction.RemoveVirtualAddresses());
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.RemovingVirtualAddresses));
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.EnteringBackupStateAtStartup));
        }
        else
        {
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.EnteringBackupState));
        }
        if (wasMaster && !keepVirtualAddresses)
        {
            actions.Add(VrrpAction.RemoveVirtualAddresses());
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.RemovingVirtualAddresses));
        }
        _masterDownTimer = now + MasterDownInterval;
        _masterDownReason = VrrpTransitionReason.MasterDownTimerExpired;
        actions.Add(VrrpAction.RunNotify(NotifyKind.Backup));
    }

    private void EnterFault(TimeSpan now, VrrpTransitionReason reason, VrrpActionBuffer actions)
    {
        EndStepDownEarly(actions, keepVirtualAddresses: false);
        var wasMaster = State == VrrpState.Master;
        SetState(now, VrrpState.Fault, reason);
        CancelTimers();
        actions.Log(new VrrpLogEvent(VrrpLogEventKind.EnteringFaultState));
        if (wasMaster)
        {
            // As keepalived: say goodbye so a backup takes over after Skew_Time, then drop the addresses.
            _counters.ReleasedMaster++;
            SendPriorityZero(actions);
            actions.Add(VrrpAction.RemoveVirtualAddresses());
            actions.Log(new VrrpLogEvent(VrrpLogEventKind.RemovingVirtualAddresses));
        }
        MasterAddress = null;
        actions.Add(VrrpAction.RunNotify(NotifyKind.Fault));
    }

    private void ApplyFaultState(TimeSpan now, VrrpActionBuffer actions, VrrpTransitionReason recoveredReason = VrrpTransitionReason.Recovered)
    {
        if (State == VrrpState.Initialize)
        {
            return;
        }
        if (IsFaulted && State != VrrpState.Fault)
        {
            EnterFault(now, FaultReason(), actions);
        }
        else if (!IsFaulted && State == VrrpState.Fault)
        {
            // An address owner in a sync group still waits for its group: the group decides who is master.
            if (EffectivePriority == Priority.AddressOwner && !_heldForSyncGroup)
            {
                EnterMaster(now, recoveredReason, actions);
            }
            else
            {
                EnterBackup(now, recoveredReason, actions);
            }
        }
    }

    private VrrpTransitionReason FaultReason() =>
        !_interfaceUp ? VrrpTransitionReason.InterfaceDown
        : _trackedObjectFailed ? VrrpTransitionReason.TrackedObjectFailed
        : VrrpTransitionReason.SyncGroup;

    private void RecomputeEffectivePriority(VrrpActionBuffer actions)
    {
        var effective = _takeOverPriority ?? Priority.Effective(_priorityOverride ?? Settings.BasePriority, _trackingWeightSum);
        if (effective == EffectivePriority)
        {
            return;
        }
        actions.Log(new VrrpLogEvent(VrrpLogEventKind.EffectivePriorityChanged, Value: EffectivePriority, OtherValue: effective));
        EffectivePriority = effective;
        if (State == VrrpState.Master)
        {
            MasterPriority = effective;
        }
    }

    private void FireGratuitousArpTimers(TimeSpan now, VrrpActionBuffer actions)
    {
        var timing = Settings.GratuitousArp;
        if (_gratuitousArpMasterDelayAt <= now)
        {
            _gratuitousArpMasterDelayAt = null;
            actions.Add(VrrpAction.SendGratuitousArp(timing.MasterRepeat, GratuitousArpReason.MasterDelay));
        }
        if (_gratuitousArpLowerPriorityDelayAt <= now)
        {
            _gratuitousArpLowerPriorityDelayAt = null;
            actions.Add(VrrpAction.SendGratuitousArp(timing.LowerPriorityRepeat, GratuitousArpReason.LowerPriorityDelay));
        }
        if (_gratuitousArpRefreshAt <= now)
        {
            _gratuitousArpRefreshAt = now + timing.MasterRefresh;
            actions.Add(VrrpAction.SendGratuitousArp(timing.MasterRefreshRepeat, GratuitousArpReason.MasterRefresh));
        }
    }

    private void SendAdvert(int priority, VrrpActionBuffer actions)
    {
        _counters.AdvertsSent++;
        actions.Add(VrrpAction.SendAdvert(priority));
    }

    private void SendPriorityZero(VrrpActionBuffer actions)
    {
        SendAdvert(Priority.Shutdown, actions);
        _counters.PriorityZeroSent++;
        actions.Log(new VrrpLogEvent(VrrpLogEventKind.SentPriorityZero));
    }

    private void CancelTimers()
    {
        _masterDownTimer = null;
        _advertTimer = null;
        _gratuitousArpMasterDelayAt = null;
        _gratuitousArpRefreshAt = null;
        _gratuitousArpLowerPriorityDelayAt = null;
        _preemptDelayEndsAt = null;
    }

    private void SetState(TimeSpan now, VrrpState state, VrrpTransitionReason reason)
    {
        WantsMaster = false;
        State = state;
        LastTransitionAt = now;
        LastTransitionReason = reason;
        TransitionCount++;
    }

    private static TimeSpan? Earliest(TimeSpan? left, TimeSpan? right) =>
        left is null ? right : right is null ? left : left < right ? left : right;

    /// <summary>Why a master is handing over: the two share the keep-VIPs-until-heard rule, not what follows.</summary>
    private enum HandOverKind
    {
        StepDown,
        Stop,
    }
}

/// <summary>keepalived's per-instance statistics that the control plane shows.</summary>
public struct VrrpCounters
{
    public long BecameMaster { get; internal set; }

    public long ReleasedMaster { get; internal set; }

    public long AdvertsSent { get; internal set; }

    public long AdvertsReceived { get; internal set; }

    public long PriorityZeroSent { get; internal set; }

    public long PriorityZeroReceived { get; internal set; }

    /// <summary>Priority 0 adverts a backup ignored because they did not come from the master it follows.</summary>
    public long PriorityZeroIgnored { get; internal set; }
}
