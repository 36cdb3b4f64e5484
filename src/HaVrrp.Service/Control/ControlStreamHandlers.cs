using System.Globalization;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Observation;

namespace HaVrrp.Service.Control;

/// <summary>
/// The stream methods (docs/control-protocol.md, "Streams"): <c>advert.watch</c> and <c>event.watch</c> check
/// their parameters, subscribe to the engine's broadcaster at once (so nothing after the answer is lost), answer
/// with the subscription id, then leave the stream to run on the connection; <c>subscription.cancel</c> ends one.
/// </summary>
internal sealed class ControlStreamHandlers(IControlTarget target, TimeProvider time)
{
    private static long _lastSubscription;

    private static ControlJsonContext Json => ControlJsonContext.Default;

    public async Task<byte[]?> WatchAdvertsAsync(System.Text.Json.JsonElement? id, AdvertWatchParams parameters, ControlSession session)
    {
        var (count, timeout) = Limits(parameters.Count, parameters.TimeoutSeconds);
        var vrids = parameters.Vrids ?? [];
        foreach (var vrid in vrids.Where(vrid => vrid is < 1 or > 255))
        {
            throw InvalidParams(string.Create(CultureInfo.InvariantCulture, $"vrids: {vrid} is out of range 1-255"));
        }
        if (parameters.Instance is { } instance)
        {
            RequireConfigured(instance);
        }
        var wanted = vrids.ToHashSet();
        bool Wants(AdvertInfo advert) =>
            (parameters.IncludeSent || advert.Direction == AdvertDirection.Received)
            && (parameters.Interface is null || advert.Interface == parameters.Interface)
            && (wanted.Count == 0 || (advert.VirtualRouterId is { } vrid && wanted.Contains(vrid)))
            && (parameters.Instance is null || advert.Instance == parameters.Instance);

        var subscription = NextSubscription();
        var source = target.Engine.Adverts.Subscribe(Wants);
        var stream = new ControlStream<AdvertInfo>(
            subscription, source,
            (subscriptionId, advert) => JsonRpcWire.Notification(ControlNotifications.Advert, new AdvertNotification(subscriptionId, advert), Json.AdvertNotification),
            count, timeout, time);
        return await StartAsync(id, stream, source, session).ConfigureAwait(false);
    }

    public async Task<byte[]?> WatchEventsAsync(System.Text.Json.JsonElement? id, EventWatchParams parameters, ControlSession session)
    {
        var (count, timeout) = Limits(parameters.Count, parameters.TimeoutSeconds);
        var patterns = parameters.Instances ?? [];
        foreach (var name in patterns.Where(pattern => !NamePattern.HasWildcards(pattern)))
        {
            RequireConfigured(name);
        }
        bool Wants(EngineEventInfo engineEvent) =>
            patterns.Count == 0 || engineEvent.Instance is null || patterns.Any(pattern => NamePattern.Matches(pattern, engineEvent.Instance));

        var subscription = NextSubscription();
        var source = target.Engine.Events.Subscribe(Wants);
        var stream = new ControlStream<EngineEventInfo>(
            subscription, source,
            (subscriptionId, engineEvent) => JsonRpcWire.Notification(ControlNotifications.Event, new EventNotification(subscriptionId, engineEvent), Json.EventNotification),
            count, timeout, time);
        return await StartAsync(id, stream, source, session).ConfigureAwait(false);
    }

    public static async Task<SubscriptionCancelResult> CancelAsync(SubscriptionCancelParams parameters, ControlSession session)
    {
        var subscription = parameters.Subscription ?? throw InvalidParams("subscription is required");
        return new SubscriptionCancelResult(await session.CancelAsync(subscription).ConfigureAwait(false));
    }

    /// <summary>The answer goes out before the stream's first notification: the client learns the id first.</summary>
    private static async Task<byte[]?> StartAsync(System.Text.Json.JsonElement? id, ControlStream stream, IDisposable source, ControlSession session)
    {
        try
        {
            if (id is not null)
            {
                await session.SendAsync(JsonRpcWire.Result(id, new SubscriptionResult(stream.Subscription), Json.SubscriptionResult), session.Closing).ConfigureAwait(false);
            }
        }
        catch
        {
            source.Dispose();
            throw;
        }
        session.Run(stream);
        return null;
    }

    private void RequireConfigured(string name)
    {
        var configured = target.Running.Loaded.Result.Configuration?.Instances.Any(instance => instance.Name == name) ?? false;
        if (!configured)
        {
            throw new VrrpControlException(
                ControlErrorKind.InstanceNotFound, $"no instance named {name}", new ControlErrorData(nameof(ControlErrorKind.InstanceNotFound)) { Instance = name });
        }
    }

    private static (int? Count, TimeSpan? Timeout) Limits(int? count, double? timeoutSeconds)
    {
        if (count is < 1)
        {
            throw InvalidParams("count must be at least 1");
        }
        if (timeoutSeconds is { } seconds && (!double.IsFinite(seconds) || seconds <= 0 || seconds > ControlProtocol.MaxWatchSeconds))
        {
            throw InvalidParams(string.Create(CultureInfo.InvariantCulture, $"timeoutSeconds {seconds} is out of range: more than 0, at most {ControlProtocol.MaxWatchSeconds}"));
        }
        return (count, timeoutSeconds is { } value ? TimeSpan.FromSeconds(value) : null);
    }

    private static long NextSubscription() => Interlocked.Increment(ref _lastSubscription);

    private static VrrpControlException InvalidParams(string message) => new(ControlErrorKind.InvalidParams, message);
}
