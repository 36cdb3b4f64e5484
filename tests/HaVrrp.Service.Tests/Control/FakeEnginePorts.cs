using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Service.Tests.Control;

/// <summary>
/// Ports for an engine alone on its segment: adverts go nowhere, the interface has one address, VIPs are only
/// counted. Each instance hears no master and becomes one after its Master_Down_Interval.
/// </summary>
internal static class FakeEnginePorts
{
    public static EnginePorts Create() => new(new SilentTransports(), new Addresses(), new NoGratuitousArp(), new NoNotifier());

    private sealed class SilentTransports : IVrrpTransportFactory
    {
        public IVrrpTransport Open(TransportKey key, Action<PacketReceived> received) => new SilentTransport();
    }

    private sealed class SilentTransport : IVrrpTransport
    {
        public void Send(ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination)
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

        public void Remove(string interfaceName, VirtualAddress address)
        {
        }

        public void AddRoute(VirtualRoute route)
        {
        }

        public void RemoveRoute(VirtualRoute route)
        {
        }

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
