using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Platform.Linux.VrrpSocket;

/// <summary>
/// One VRRP message as it came off the wire, with what the IP layer said about it. The message
/// lives in the socket's receive buffer: it is valid until the next receive on the same socket,
/// which keeps the receive path free of allocations.
/// </summary>
public readonly struct RawVrrpSocketPacket
{
    private readonly ReadOnlyMemory<byte> _message;

    internal RawVrrpSocketPacket(ReadOnlyMemory<byte> message, VrrpAddress source, VrrpAddress destination, int timeToLive, int interfaceIndex)
    {
        _message = message;
        Source = source;
        Destination = destination;
        TimeToLive = timeToLive;
        InterfaceIndex = interfaceIndex;
    }

    /// <summary>The VRRP message, from the version/type byte on (no IP header).</summary>
    public ReadOnlySpan<byte> Message => _message.Span;

    public VrrpAddress Source { get; }

    /// <summary>The group, or our own address for a unicast advert.</summary>
    public VrrpAddress Destination { get; }

    /// <summary>
    /// The IPv4 TTL or IPv6 Hop Limit the packet arrived with; RFC 5798 §7.1 discards anything
    /// but 255 (it proves the sender is on this link). -1 if the kernel did not report it.
    /// </summary>
    public int TimeToLive { get; }

    public int InterfaceIndex { get; }

    /// <summary>The second byte of every VRRP message, for demultiplexing before any decoding; 0 if absent.</summary>
    public byte VirtualRouterId => _message.Length > 1 ? _message.Span[1] : (byte)0;
}
