using System.Net.Sockets;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// Where adverts go out and come in: one per interface and address family, shared by every instance on it
/// (keepalived opens one socket pair per interface and family too). An empty interface name stands for
/// unicast instances that name no interface.
/// </summary>
public readonly record struct TransportKey(string InterfaceName, AddressFamily Family)
{
    public override string ToString() =>
        $"{(InterfaceName.Length == 0 ? "(any)" : InterfaceName)}/{(Family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")}";
}

/// <summary>Sends VRRP messages on one interface and family. The engine calls it from its loop only.</summary>
public interface IVrrpTransport : IDisposable
{
    /// <summary>
    /// Sends one VRRP message (no IP header) from <paramref name="source"/> to <paramref name="destination"/>
    /// (the multicast group or a unicast peer) with TTL / hop limit <paramref name="timeToLive"/>: 255, unless a
    /// unicast instance sets <c>unicast_ttl</c>. Must not block for long: the loop waits.
    /// </summary>
    void Send(ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination, byte timeToLive);
}

/// <summary>
/// Where a transport hands one VRRP message it received (no IP header), with the source, destination and TTL / hop
/// limit the IP layer reported (-1 if it did not). Called from the transport's own thread; the message is copied
/// before the call returns, so the transport may reuse its buffer at once.
/// </summary>
public delegate void PacketSink(ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination, int timeToLive);

/// <summary>
/// Opens transports. Whatever a transport receives it hands to <c>received</c> from its own thread (the
/// engine posts it to its loop); our own multicast must not come back (IP_MULTICAST_LOOP off).
/// </summary>
public interface IVrrpTransportFactory
{
    IVrrpTransport Open(TransportKey key, PacketSink received);
}
