using System.Text.Json;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Observation;

/// <summary>
/// Turns what the engine decoded and validated into <see cref="AdvertInfo"/>s for <c>advert.watch</c>. Called on
/// the engine loop; builds nothing while nobody watches.
/// </summary>
internal sealed class AdvertObserver(WatchBroadcaster<AdvertInfo> adverts, TimeProvider time)
{
    public bool IsWatching => adverts.HasSubscribers;

    /// <summary>An advert that decoded, with the verdict of the instance it belongs to (null instance: a VRID we do not run).</summary>
    public void Received(TransportKey transport, in AdvertisementPacket received, string? instance, AdvertisementVerdict verdict)
    {
        if (adverts.HasSubscribers)
        {
            adverts.Publish(Describe(AdvertDirection.Received, transport, received, instance, ProblemOf(verdict)));
        }
    }

    /// <summary>A packet that did not decode: only what the socket reported about it is known.</summary>
    public void Undecodable(PacketReceived packet, AdvertisementRejectReason reason)
    {
        if (!adverts.HasSubscribers)
        {
            return;
        }
        var knowsAddresses = packet.Source != default;
        adverts.Publish(new AdvertInfo
        {
            Time = time.GetUtcNow(),
            Direction = AdvertDirection.Received,
            Interface = packet.Transport.InterfaceName,
            Source = knowsAddresses ? packet.Source.ToIPAddress() : null,
            Destination = knowsAddresses ? packet.Destination.ToIPAddress() : null,
            Ttl = knowsAddresses ? packet.TimeToLive : null,
            Problem = NameOf(reason),
        });
    }

    /// <summary>An advert this daemon sends, decoded from the bytes that leave (so it shows what the wire carries).</summary>
    public void Sent(TransportKey transport, ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination, byte timeToLive, string? instance)
    {
        if (!adverts.HasSubscribers || source.IsIPv6 != destination.IsIPv6)
        {
            return;
        }
        if (AdvertisementPacket.TryReadPayload(message, source, destination, timeToLive, out var sent, out var reason))
        {
            adverts.Publish(Describe(AdvertDirection.Sent, transport, sent, instance, problem: null));
        }
        else
        {
            adverts.Publish(new AdvertInfo
            {
                Time = time.GetUtcNow(),
                Direction = AdvertDirection.Sent,
                Interface = transport.InterfaceName,
                Source = source.ToIPAddress(),
                Destination = destination.ToIPAddress(),
                Instance = instance,
                Problem = NameOf(reason),
            });
        }
    }

    /// <summary>The name a watcher matches on: the reject reason as the protocol spells enums, or the address list mismatch.</summary>
    public static string? ProblemOf(AdvertisementVerdict verdict) =>
        !verdict.IsAccepted ? NameOf(verdict.RejectReason)
        : verdict.Warning == AdvertisementWarning.AddressListMismatch ? NameOf(verdict.Warning)
        : null;

    private AdvertInfo Describe(AdvertDirection direction, TransportKey transport, in AdvertisementPacket received, string? instance, string? problem)
    {
        var advertisement = received.Advertisement;
        return new AdvertInfo
        {
            Time = time.GetUtcNow(),
            Direction = direction,
            Interface = transport.InterfaceName,
            Source = received.Source.ToIPAddress(),
            Destination = received.Destination.ToIPAddress(),
            Ttl = received.TimeToLive,
            Version = advertisement.Version,
            VirtualRouterId = advertisement.VirtualRouterId,
            Priority = advertisement.Priority,
            AdvertInterval = advertisement.AdvertInterval,
            AuthType = advertisement.AuthenticationType,
            Addresses = advertisement.GetIPAddresses(),
            Instance = instance,
            Problem = problem,
        };
    }

    private static string NameOf<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
