using System.Globalization;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Protocol.Router;

public enum VrrpActionKind
{
    /// <summary>Send one advert with <see cref="VrrpAction.Priority"/>.</summary>
    SendAdvert,

    /// <summary>Add the virtual addresses and virtual routes.</summary>
    AddVirtualAddresses,

    /// <summary>Remove the virtual addresses and virtual routes.</summary>
    RemoveVirtualAddresses,

    /// <summary>Send a burst of <see cref="VrrpAction.Count"/> gratuitous ARPs (IPv6: unsolicited NAs) per address.</summary>
    SendGratuitousArp,

    /// <summary>Run the notify scripts (and notify FIFO) for <see cref="VrrpAction.Notify"/>.</summary>
    RunNotify,

    /// <summary>Log <see cref="VrrpAction.LogEvent"/>.</summary>
    Log,

    /// <summary>
    /// A master's step-down ended with <see cref="VrrpAction.StepDownOutcome"/> after waiting at most
    /// <see cref="VrrpAction.Waited"/>: whoever asked for it can be answered now.
    /// </summary>
    StepDownFinished,
}

/// <summary>Which notify_* script to run.</summary>
public enum NotifyKind
{
    Master,
    Backup,
    Fault,
    Stop,

    /// <summary>keepalived's notify_master_rx_lower_pri: a master heard a lower-priority master.</summary>
    MasterReceivedLowerPriority,
}

/// <summary>Why a burst of gratuitous ARPs is due (keepalived's vrrp_garp_* settings).</summary>
public enum GratuitousArpReason
{
    /// <summary>The burst on becoming master (garp_master_repeat).</summary>
    BecameMaster,

    /// <summary>The second burst garp_master_delay after becoming master.</summary>
    MasterDelay,

    /// <summary>The periodic burst every garp_master_refresh (garp_master_refresh_repeat).</summary>
    MasterRefresh,

    /// <summary>A master heard a lower-priority advert (garp_lower_prio_repeat).</summary>
    LowerPriorityAdvert,

    /// <summary>The second burst garp_lower_prio_delay after that.</summary>
    LowerPriorityDelay,
}

/// <summary>One thing the shell must do for a router. A small value: building one allocates nothing.</summary>
public readonly record struct VrrpAction
{
    private VrrpAction(VrrpActionKind kind) => Kind = kind;

    public VrrpActionKind Kind { get; }

    /// <summary>For <see cref="VrrpActionKind.SendAdvert"/>.</summary>
    public int Priority { get; private init; }

    /// <summary>For <see cref="VrrpActionKind.SendGratuitousArp"/>: messages per address.</summary>
    public int Count { get; private init; }

    public GratuitousArpReason GratuitousArpReason { get; private init; }

    public NotifyKind Notify { get; private init; }

    public VrrpLogEvent LogEvent { get; private init; }

    /// <summary>For <see cref="VrrpActionKind.StepDownFinished"/>.</summary>
    public StepDownOutcome StepDownOutcome { get; private init; }

    /// <summary>For <see cref="VrrpActionKind.StepDownFinished"/>: how long the router was prepared to wait for a new master.</summary>
    public TimeSpan Waited { get; private init; }

    public static VrrpAction SendAdvert(int priority) => new(VrrpActionKind.SendAdvert) { Priority = priority };

    public static VrrpAction AddVirtualAddresses() => new(VrrpActionKind.AddVirtualAddresses);

    public static VrrpAction RemoveVirtualAddresses() => new(VrrpActionKind.RemoveVirtualAddresses);

    public static VrrpAction SendGratuitousArp(int count, GratuitousArpReason reason) =>
        new(VrrpActionKind.SendGratuitousArp) { Count = count, GratuitousArpReason = reason };

    public static VrrpAction RunNotify(NotifyKind notify) => new(VrrpActionKind.RunNotify) { Notify = notify };

    public static VrrpAction Log(VrrpLogEvent logEvent) => new(VrrpActionKind.Log) { LogEvent = logEvent };

    public static VrrpAction StepDownFinished(StepDownOutcome outcome, TimeSpan waited) =>
        new(VrrpActionKind.StepDownFinished) { StepDownOutcome = outcome, Waited = waited };

    /// <summary>A compact form for test failures and traces, e.g. <c>SendAdvert(90)</c>.</summary>
    public override string ToString() => Kind switch
    {
        VrrpActionKind.SendAdvert => string.Create(CultureInfo.InvariantCulture, $"SendAdvert({Priority})"),
        VrrpActionKind.SendGratuitousArp => string.Create(CultureInfo.InvariantCulture, $"SendGratuitousArp({Count}, {GratuitousArpReason})"),
        VrrpActionKind.RunNotify => $"RunNotify({Notify})",
        VrrpActionKind.Log => $"Log({LogEvent.Kind})",
        VrrpActionKind.StepDownFinished => $"StepDownFinished({StepDownOutcome})",
        _ => Kind.ToString(),
    };
}

/// <summary>
/// The caller's reusable list that a router appends its actions to. Clear it between steps; once it
/// has grown to the largest step, steps allocate nothing.
/// </summary>
public sealed class VrrpActionBuffer
{
    private VrrpAction[] _items;

    public VrrpActionBuffer(int capacity = 16) => _items = new VrrpAction[Math.Max(capacity, 1)];

    public int Count { get; private set; }

    public ReadOnlySpan<VrrpAction> Actions => _items.AsSpan(0, Count);

    public void Add(in VrrpAction action)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }
        _items[Count++] = action;
    }

    public void Log(in VrrpLogEvent logEvent) => Add(VrrpAction.Log(logEvent));

    public void Clear() => Count = 0;
}
