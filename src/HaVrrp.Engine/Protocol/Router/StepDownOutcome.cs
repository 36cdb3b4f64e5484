namespace HaVrrp.Engine.Protocol.Router;

/// <summary>What <see cref="VrrpRouter.StepDown"/> did at once; a master's hand-over ends later.</summary>
public enum StepDownResult
{
    /// <summary>Already held backup, or already stepping down: nothing new to do.</summary>
    Unchanged,

    /// <summary>Not master: the hold is set, and the router will not preempt until it is cleared.</summary>
    HoldSet,

    /// <summary>
    /// A master sent priority 0 and keeps its VIPs until the new master is heard; the outcome follows as a
    /// <see cref="VrrpActionKind.StepDownFinished"/> action.
    /// </summary>
    HandingOver,

    /// <summary>A hand-over was already under way; its outcome will answer this request too.</summary>
    AlreadyHandingOver,
}

/// <summary>How a master's step-down ended (docs/protocol.md "Runtime controls").</summary>
public enum StepDownOutcome
{
    /// <summary>A new master was heard; our VIPs went <see cref="VrrpTimers.HandOverLinger"/> after its advert.</summary>
    NewMasterHeard,

    /// <summary>Nobody took over within Master_Down_Interval: the router stayed master and advertises again.</summary>
    NobodyTookOver,

    /// <summary>Something else decided first (FAULT, stop, take-over, release, the sync group) before a new master was heard.</summary>
    Interrupted,
}
