using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Protocol.Router;

/// <summary>
/// One virtual router (one keepalived vrrp_instance) as a pure state machine: RFC 9568 §6.4 with
/// keepalived 2.2's choices where the RFC leaves room. Events go in with the current time; actions
/// come out into the caller's <see cref="VrrpActionBuffer"/>. It never reads a clock, touches a socket
/// or allocates: the shell calls <see cref="OnTimer"/> at <see cref="NextDeadline"/> and performs the actions.
/// </summary>
/// <remarks>
/// Time is any monotonic timeline the caller likes (tests start at zero). Not thread-safe: one event
/// loop owns each router. The RFC's states live here; the hand-over states (a graceful stop, a planned
/// step-down) in VrrpRouter.HandOver.cs; the operator's commands (priority override, take-over) in
/// VrrpRouter.Commands.cs.
/// </remarks>
public sealed partial class VrrpRouter
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
        if (_advertTimer is { } advertDue && advertDue <= now)
        {
            // RFC 9568 §6.4.3: Adver_Timer fires -> send an advert, restart the timer. Restarted from when it was
            // due, not from when the loop got to it: the loop wakes up to a millisecond late, which stretched every
            // interval by 3 % at advert_int 0.02 (docs/performance.md). After a stall longer than an interval, from
            // now, so that no burst of adverts makes up for it.
            SendAdvert(EffectivePriority, actions);
            var next = advertDue + Settings.AdvertInterval;
            _advertTimer = next > now ? next : now + Settings.AdvertInterval;
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
        _peerHeard |= advert.Source != Settings.PrimaryAddress;
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
