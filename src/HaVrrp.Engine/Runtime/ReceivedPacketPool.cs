using System.Collections.Concurrent;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// The <see cref="PacketReceived"/> events the transports' threads fill and the loop hands back once it has handled
/// them: after the first few packets, receiving an advert allocates nothing (docs/performance.md, "Garbage per
/// advert"). Safe from any thread.
/// </summary>
internal sealed class ReceivedPacketPool
{
    // More than a loop falls behind by in practice; a burst beyond it leaves its extra events to the collector.
    private const int Capacity = 1024;

    private readonly ConcurrentQueue<PacketReceived> _free = new();

    /// <summary>An event holding a copy of <paramref name="message"/>, for the loop to handle and <see cref="Return"/>.</summary>
    public PacketReceived Rent(TransportKey transport, ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination, int timeToLive)
    {
        if (!_free.TryDequeue(out var packet))
        {
            packet = PacketReceived.Pooled();
        }
        packet.Fill(transport, message, source, destination, timeToLive);
        return packet;
    }

    /// <summary>The loop is done with <paramref name="packet"/> (one a test made itself is left alone).</summary>
    public void Return(PacketReceived packet)
    {
        if (packet.IsPooled && _free.Count < Capacity)
        {
            _free.Enqueue(packet);
        }
    }
}
