using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Observation;

/// <summary>
/// Stands between the instances and a transport so that <c>advert.watch</c> with includeSent sees what leaves,
/// without the instances knowing: the engine wraps each transport it opens.
/// </summary>
internal sealed class ObservedTransport(IVrrpTransport inner, TransportKey key, AdvertObserver observer, Func<int, string?> instanceOf)
    : IVrrpTransport
{
    public void Send(ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination, byte timeToLive)
    {
        inner.Send(message, source, destination, timeToLive);
        if (observer.IsWatching && message.Length >= Advertisement.HeaderLength)
        {
            observer.Sent(key, message, source, destination, timeToLive, instanceOf(message[1]));
        }
    }

    /// <summary>The transport it watches.</summary>
    public IVrrpTransport Inner => inner;

    public void Dispose() => inner.Dispose();
}
