using System.Net.Sockets;
using System.Net;
using HaVrrp.Engine.Platform.Linux.Netlink;
using HaVrrp.Engine.Platform.Linux.VrrpSocket;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>Opens one raw VRRP socket per interface and family, and runs its receive loop.</summary>
public sealed class LinuxVrrpTransportFactory(IPAddress multicastGroup4, IPAddress multicastGroup6, ILogger logger) : IVrrpTransportFactory
{
    public IVrrpTransport Open(TransportKey key, PacketSink received)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (key.InterfaceName.Length == 0)
        {
            throw new NotSupportedException("Unicast instances without an interface are not supported yet; name the interface.");
        }
        var options = OptionsFor(key) with
        {
            MulticastGroup = key.Family == AddressFamily.InterNetworkV6 ? multicastGroup6 : multicastGroup4,
        };
        return new LinuxVrrpTransport(key, RawVrrpSocket.Open(options), received, logger);
    }

    private static RawVrrpSocketOptions OptionsFor(TransportKey key)
    {
        try
        {
            return RawVrrpSocketOptions.ForInterface(key.InterfaceName, key.Family);
        }
        catch (ArgumentException) when (IndexOf(key.InterfaceName) is { } index)
        {
            // A use_vmac macvlan has no address of its own: its adverts carry the lower link's, which the engine
            // passes with each send.
            var isIPv6 = key.Family == AddressFamily.InterNetworkV6;
            return new RawVrrpSocketOptions
            {
                InterfaceName = key.InterfaceName,
                InterfaceIndex = index,
                SourceAddress = isIPv6 ? IPAddress.IPv6Any : IPAddress.Any,
            };
        }
    }

    private static int? IndexOf(string interfaceName)
    {
        using var netlink = NetlinkSocket.Open();
        return new LinkManager(netlink).Find(interfaceName)?.Index;
    }
}

/// <summary>
/// A raw VRRP socket and the thread that receives from it. Each received message is handed, with the IP layer's
/// metadata, straight from the socket's buffer to the engine's sink, which copies it into a pooled event: nothing is
/// allocated per packet. The thread blocks in the
/// kernel until a packet arrives: no thread-pool work per packet, and receiving goes on when the pool is busy
/// (docs/daemon.md, "Receiving on threads of their own").
/// </summary>
internal sealed class LinuxVrrpTransport : IVrrpTransport
{
    /// <summary>How often an idle receiver looks up to see whether it is to stop; it bounds how long Dispose waits.</summary>
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan PauseAfterError = TimeSpan.FromMilliseconds(200);

    private readonly TransportKey _key;
    private readonly RawVrrpSocket _socket;
    private readonly PacketSink _received;
    private readonly ILogger _logger;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _receiver;

    public LinuxVrrpTransport(TransportKey key, RawVrrpSocket socket, PacketSink received, ILogger logger)
    {
        _key = key;
        _socket = socket;
        _received = received;
        _logger = logger;
        _receiver = new Thread(Receive)
        {
            IsBackground = true,
            // Linux shows 15 characters of a thread's name (ps -L, top -H): "vrrp4 eth0".
            Name = $"vrrp{(key.Family == AddressFamily.InterNetworkV6 ? 6 : 4)} {key.InterfaceName}",
        };
        _receiver.Start();
    }

    public void Send(ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination, byte timeToLive) =>
        _socket.SendTo(message, source, destination, timeToLive);

    private void Receive()
    {
        while (!_stop.IsSet)
        {
            try
            {
                if (_socket.TryReceive(StopCheckInterval, out var packet))
                {
                    _received(packet.Message, packet.Source, packet.Destination, packet.TimeToLive);
                }
            }
            catch (SocketException exception)
            {
                // A receive error (e.g. the interface went away) must not end the loop: the link
                // monitor reports the interface, and receiving resumes when it returns.
                _logger.LogWarning("VRRP receive on {Transport} failed: {Error}", _key, exception.Message);
                _stop.Wait(PauseAfterError);
            }
#pragma warning disable CA1031 // An exception escaping a thread ends the process: one bad packet must not take the daemon down.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                _logger.LogError(exception, "VRRP receive on {Transport} hit an unexpected error; receiving goes on: {Error}", _key, exception.Message);
                _stop.Wait(PauseAfterError);
            }
        }
    }

    public void Dispose()
    {
        _stop.Set();
        // The receiver looks up at least every StopCheckInterval; the socket is closed only once it has left.
        _receiver.Join();
        _socket.Dispose();
        _stop.Dispose();
    }
}
