using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Protocol.Router;

/// <summary>The states of RFC 9568 §6.4, plus keepalived's FAULT (interface down or a tracked failure).</summary>
public enum VrrpState
{
    Initialize,
    Backup,
    Master,
    Fault,
}

/// <summary>Why the router last changed state; shown by the control plane next to the state.</summary>
public enum VrrpTransitionReason
{
    None,
    Startup,

    /// <summary>Priority 255: RFC 9568 §6.4.1 sends the first advert at once.</summary>
    StartupAsAddressOwner,

    /// <summary>Master_Down_Timer fired: the master went silent, or we preempted a lower-priority one.</summary>
    MasterDownTimerExpired,

    /// <summary>The master said goodbye with priority 0 and we took over after Skew_Time.</summary>
    MasterSentPriorityZero,

    /// <summary>We preempted a master with a lower priority.</summary>
    Preempted,

    HigherPriorityAdvert,
    InterfaceDown,
    TrackedObjectFailed,
    Recovered,
    StepDown,
    TakeOver,
    Shutdown,

    /// <summary>Another member of the instance's vrrp_sync_group changed state and the group followed it.</summary>
    SyncGroup,

    /// <summary>One of the master's VIPs was deleted by hand; it steps back and reclaims mastership after Skew_Time.</summary>
    VirtualAddressDeleted,
}
