using HaVrrp.Engine.Observation;
using HaVrrp.Engine.Protocol.Codec;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// One open transport (an interface and family), the instances on it, and what it dropped before any instance could
/// look. Where a received packet starts its way up: decoded once (<see cref="AdvertisementPacket"/>), handed to the
/// instance with its VRID, which validates it and feeds its router.
/// </summary>
internal sealed class SharedTransport(TransportKey key)
{
    private readonly LogRateLimit _dropLog = new(TimeSpan.FromSeconds(10));

    // keepalived logs every such advert; a flood of them would flood the log, so here once per 10 s per transport.
    private readonly LogRateLimit _unknownVridLog = new(TimeSpan.FromSeconds(10));

    public ObservedTransport Transport { get; set; } = null!;

    /// <summary>Its socket could not be opened: the instances on it are held in FAULT.</summary>
    public bool IsUnavailable => Transport.Inner is UnavailableTransport;

    public List<InstanceRuntime> Instances { get; } = [];

    public AdvertisementCounters Counters { get; } = new();

    /// <summary>The running instance with this VRID here (a stopping one hands over with the same VRID).</summary>
    public string? InstanceNameOf(int virtualRouterId) =>
        Instances.Find(instance => instance.Config.VirtualRouterId == virtualRouterId)?.Name;

    /// <summary>
    /// A packet this transport received: decodes it, hands it to the instance with its VRID (a stopping one included:
    /// it may be waiting for the new master), and shows advert.watch what came of it. A packet that does not decode,
    /// or whose VRID no instance here runs, is counted and logged here.
    /// </summary>
    public void Receive(TimeSpan now, PacketReceived packet, bool logUnknownVrids, AdvertObserver observer, ILogger logger)
    {
        // A transport reports addresses of its own family; anything else cannot be an advert for it.
        var isIPv6 = key.Family == System.Net.Sockets.AddressFamily.InterNetworkV6;
        var reason = AdvertisementRejectReason.MalformedIPHeader;
        if (packet.Source.IsIPv6 != isIPv6 || packet.Destination.IsIPv6 != isIPv6
            || !AdvertisementPacket.TryReadPayload(packet.Message.Span, packet.Source, packet.Destination, packet.TimeToLive, out var received, out reason))
        {
            Drop(now, reason, logger);
            observer.Undecodable(packet, reason);
            return;
        }

        var virtualRouterId = received.Advertisement.VirtualRouterId;
        InstanceRuntime? owner = null;
        var verdict = AdvertisementVerdict.Rejected(AdvertisementRejectReason.VirtualRouterIdNotOurs);
        foreach (var instance in Instances)
        {
            if (instance.Profile.VirtualRouterId == virtualRouterId)
            {
                verdict = instance.OnAdvert(now, received);
                owner = instance;
            }
        }
        if (owner is null)
        {
            Drop(now, AdvertisementRejectReason.VirtualRouterIdNotOurs, logger);
            if (logUnknownVrids)
            {
                LogUnknownVrid(now, virtualRouterId, received.Source, logger);
            }
        }
        // The one place every received advert passes, decoded and judged: advert.watch sees it here.
        observer.Received(key, received, owner?.Name, verdict);
    }

    /// <summary>log_unknown_vrids, in keepalived's words so that alerts written for it match.</summary>
    private void LogUnknownVrid(TimeSpan now, int virtualRouterId, VrrpAddress source, ILogger logger)
    {
        if (_unknownVridLog.TryEnter(now, out var suppressed))
        {
            EngineLog.UnknownVrid(logger, virtualRouterId, key.InterfaceName, source.ToString(), suppressed);
        }
    }

    private void Drop(TimeSpan now, AdvertisementRejectReason reason, ILogger logger)
    {
        Counters.RecordRejected(reason);
        if (_dropLog.TryEnter(now, out var suppressed))
        {
            EngineLog.PacketDropped(logger, key.ToString(), RejectionText.Describe(reason), suppressed);
        }
    }
}
