using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Service.Tests.Control;

/// <summary>
/// Ports for an engine alone on its segment: adverts go nowhere, the interface has one address, VIPs are only
/// counted. Each instance hears no master and becomes one after its Master_Down_Interval.
/// </summary>
internal static class FakeEnginePorts
{
    public static EnginePorts Create() => Create(new SilentTransports());

    /// <summary>The same ports, with adverts going through <paramref name="transports"/> (e.g. a <see cref="FakeSegment"/>).</summary>
    public static EnginePorts Create(IVrrpTransportFactory transports) => new(transports, new Addresses(), new NoGratuitousArp(), new NoNotifier());

    private sealed class SilentTransports : IVrrpTransportFactory
    {
        public IVrrpTransport Open(TransportKey key, PacketSink received) => new SilentTransport();
    }

    private sealed class SilentTransport : IVrrpTransport
    {
        public void Send(ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination, byte timeToLive)
        {
        }

        public void Dispose()
        {
        }
    }

    private sealed class Addresses : IAddressManager
    {
        public void AddOrRefresh(string interfaceName, VirtualAddress address, TimeSpan validLifetime)
        {
        }

        public void AddPermanent(string interfaceName, VirtualAddress address)
        {
        }

        public void Remove(string interfaceName, VirtualAddress address)
        {
        }

        public void AddRoute(VirtualRoute route)
        {
        }

        public void RemoveRoute(VirtualRoute route)
        {
        }

        public void AddRule(RoutingRule rule)
        {
        }

        public bool RemoveRule(RoutingRule rule) => false;

        public IReadOnlyList<InterfaceAddress> ListAddresses(string interfaceName) => [new(IPAddress.Parse("192.0.2.1"), 24)];
    }

    private sealed class NoGratuitousArp : IGratuitousArpSender
    {
        public void Send(string interfaceName, IReadOnlyList<IPAddress> addresses, int count)
        {
        }
    }

    private sealed class NoNotifier : INotifier
    {
        public void Notify(InstanceNotification notification)
        {
        }
    }
}

/// <summary>
/// A segment the test speaks on: it delivers adverts to the engine exactly as a socket would (through the callback
/// the engine gave the transport) and records what the engine sends, with the real time it was sent.
/// </summary>
internal sealed class FakeSegment : IVrrpTransportFactory
{
    public static readonly VrrpAddress Group = VrrpAddress.Parse("224.0.0.18");

    private readonly ConcurrentDictionary<TransportKey, PacketSink> _receivers = new();
    private readonly ConcurrentQueue<SentAdvert> _sent = new();
    private readonly long _start = Stopwatch.GetTimestamp();

    public IReadOnlyList<SentAdvert> Sent => [.. _sent];

    public IVrrpTransport Open(TransportKey key, PacketSink received)
    {
        _receivers[key] = received;
        return new RecordingTransport(this);
    }

    /// <summary>An advert written for <paramref name="profile"/>, as a peer at <paramref name="source"/> would send it.</summary>
    public void Deliver(
        string interfaceName, AdvertisementProfile profile, byte priority, string source, int timeToLive = 255, Action<byte[]>? damage = null)
    {
        var sourceAddress = VrrpAddress.Parse(source);
        var buffer = new byte[profile.MessageLength];
        var length = AdvertisementWriter.Write(buffer, profile, priority, sourceAddress, Group);
        damage?.Invoke(buffer);
        var key = new TransportKey(interfaceName, System.Net.Sockets.AddressFamily.InterNetwork);
        _receivers[key](buffer.AsSpan(0, length), sourceAddress, Group, timeToLive);
    }

    private void Record(ReadOnlySpan<byte> message) =>
        _sent.Enqueue(new SentAdvert(Stopwatch.GetElapsedTime(_start), message[1], message[2]));

    private sealed class RecordingTransport(FakeSegment segment) : IVrrpTransport
    {
        public void Send(ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination, byte timeToLive) => segment.Record(message);

        public void Dispose()
        {
        }
    }
}

/// <summary>One advert the engine sent: when (since the segment was made), for which VRID, with which priority.</summary>
internal readonly record struct SentAdvert(TimeSpan At, int VirtualRouterId, int Priority);
