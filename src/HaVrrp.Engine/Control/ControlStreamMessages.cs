using System.Net;
using System.Text.Json.Serialization;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;

namespace HaVrrp.Engine.Control;

// The stream methods (docs/control-protocol.md, "Streams"): advert.watch and event.watch answer with a subscription
// id, then send notifications (advert, event, missed, end) on the same connection until it ends.

/// <summary><c>advert.watch</c>: which adverts to see, and when the stream ends by itself.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AdvertWatchParams
{
    /// <summary>Only adverts on this interface; null means every interface the daemon listens on.</summary>
    public string? Interface { get; init; }

    /// <summary>Only these VRIDs (1-255); null or empty means all, also the ones the daemon does not run.</summary>
    public IReadOnlyList<int>? Vrids { get; init; }

    /// <summary>Only the adverts of this instance's VRID on its interface.</summary>
    public string? Instance { get; init; }

    /// <summary>Also the adverts this daemon sends.</summary>
    public bool IncludeSent { get; init; }

    /// <summary>End after this many adverts (missed ones do not count).</summary>
    public int? Count { get; init; }

    public double? TimeoutSeconds { get; init; }
}

/// <summary><c>event.watch</c>: which instances' events to see, and when the stream ends by itself.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EventWatchParams
{
    /// <summary>Instance names or patterns with <c>*</c> and <c>?</c>; none means all. Reloads are always sent.</summary>
    public IReadOnlyList<string>? Instances { get; init; }

    public int? Count { get; init; }

    public double? TimeoutSeconds { get; init; }
}

/// <summary>The answer of a stream method: the id its notifications carry.</summary>
public sealed record SubscriptionResult(long Subscription);

/// <summary><c>subscription.cancel</c>: ends a stream of this connection.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SubscriptionCancelParams
{
    public long? Subscription { get; init; }
}

/// <summary>False when the stream had already ended (count, timeout, an earlier cancel): cancelling is idempotent.</summary>
public sealed record SubscriptionCancelResult(bool Cancelled);

/// <summary>Whether the daemon received an advert or sent it.</summary>
public enum AdvertDirection
{
    Received,
    Sent,
}

/// <summary>
/// One VRRP advert as the daemon saw it on an interface. The header members are null for a packet too broken to
/// read (then <see cref="Problem"/> says why).
/// </summary>
public sealed record AdvertInfo
{
    public required DateTimeOffset Time { get; init; }

    public required AdvertDirection Direction { get; init; }

    /// <summary>The interface; empty for unicast instances that name none.</summary>
    public required string Interface { get; init; }

    public IPAddress? Source { get; init; }

    public IPAddress? Destination { get; init; }

    /// <summary>IPv4 TTL or IPv6 hop limit.</summary>
    public int? Ttl { get; init; }

    public int? Version { get; init; }

    public int? VirtualRouterId { get; init; }

    public int? Priority { get; init; }

    [JsonPropertyName("advertIntervalSeconds")]
    public TimeSpan? AdvertInterval { get; init; }

    /// <summary>VRRPv2's Auth Type (none, simpleText); VRRPv3 has none.</summary>
    public AdvertisementAuthenticationType? AuthType { get; init; }

    public IReadOnlyList<IPAddress>? Addresses { get; init; }

    /// <summary>The local instance the advert belongs to; null for a VRID this daemon does not run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Instance { get; init; }

    /// <summary>
    /// Null when the advert is fine; else the reject reason's name (e.g. <c>virtualRouterIdNotOurs</c>,
    /// <c>authPasswordMismatch</c>) or <c>addressListMismatch</c> (kept, but another VIP list).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Problem { get; init; }
}

/// <summary>What an engine event is about.</summary>
public enum EngineEventKind
{
    /// <summary>An instance changed state (from, to, reason).</summary>
    StateChanged,

    /// <summary>Base or effective priority, or the override, changed.</summary>
    PriorityChanged,

    /// <summary>A hold was put or released (instance.failover).</summary>
    HoldChanged,

    /// <summary>A tracked object (script, interface, file) changed state.</summary>
    TrackedObjectChanged,

    /// <summary>Split-brain evidence appeared (<see cref="EngineEventInfo.Warning"/>).</summary>
    SplitBrainRaised,

    /// <summary>The evidence went away.</summary>
    SplitBrainCleared,

    /// <summary>Another warning (cannotFailOver, waitingForTracking) appeared.</summary>
    WarningRaised,

    WarningCleared,

    /// <summary>A configuration was applied (plan).</summary>
    Reloaded,
}

/// <summary>One thing that happened in the engine; the members that apply to its <see cref="Kind"/> are set.</summary>
public sealed record EngineEventInfo
{
    public required DateTimeOffset Time { get; init; }

    public required EngineEventKind Kind { get; init; }

    /// <summary>Null for reloads only.</summary>
    public string? Instance { get; init; }

    public VrrpState? From { get; init; }

    public VrrpState? To { get; init; }

    public VrrpTransitionReason? Reason { get; init; }

    public int? BasePriority { get; init; }

    public int? EffectivePriority { get; init; }

    public int? PriorityOverride { get; init; }

    public InstanceHold? Hold { get; init; }

    public string? TrackedObject { get; init; }

    public Tracking.TrackedObjectKind? TrackedObjectKind { get; init; }

    /// <summary>The tracked object's state in the words of instance.list.</summary>
    public string? TrackedObjectState { get; init; }

    /// <summary>The warning raised or cleared, as instance.list shows it.</summary>
    public WarningInfo? Warning { get; init; }

    public ReloadPlanInfo? Plan { get; init; }
}

/// <summary>Params of the <c>advert</c> notification.</summary>
public sealed record AdvertNotification(long Subscription, AdvertInfo Advert);

/// <summary>Params of the <c>event</c> notification.</summary>
public sealed record EventNotification(long Subscription, EngineEventInfo Event);

/// <summary>Params of the <c>missed</c> notification: this many items were dropped because the client read too slowly.</summary>
public sealed record MissedNotification(long Subscription, long Count);

/// <summary>Why a stream ended.</summary>
public enum StreamEndReason
{
    Count,
    Timeout,
    Cancelled,
}

/// <summary>Params of the <c>end</c> notification, the last one of a stream.</summary>
public sealed record EndNotification(long Subscription, StreamEndReason Reason);

/// <summary>
/// One item of a stream as the client hands it out: an item, or <see cref="Missed"/> &gt; 0 when the daemon had to
/// drop that many because this client read too slowly (then <see cref="Item"/> is null).
/// </summary>
public sealed record StreamItem<T>(T? Item, long Missed)
    where T : class
{
    public bool IsMissed => Missed > 0;
}
