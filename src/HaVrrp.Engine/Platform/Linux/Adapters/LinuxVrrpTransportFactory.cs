using System.Net;
using System.Net.Sockets;
using HaVrrp.Engine.Protocol;
using HaVrrp.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>Opens one raw VRRP socket per interface and family, and runs its receive loop.</summary>
public sealed class LinuxVrrpTransportFactory(IPAddress multicastGroup4, IPAddress multicastGroup6, ILogger logger) : IVrrpTransportFactory
{
    public IVrrpTransport Open(TransportKey key, Action<PacketReceived> received)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (key.InterfaceName.Length == 0)
        {
            throw new NotSupportedException("Unicast instances without an interface are not supported yet; name the interface.");
        }
        var options = RawVrrpSocketOptions.ForInterface(key.InterfaceName, key.Family) with
        {
            MulticastGroup = key.Family == AddressFamily.InterNetworkV6 ? multicastGroup6 : multicastGroup4,
        };
        return new LinuxVrrpTransport(key, RawVrrpSocket.Open(options), received, logger);
    }
}

/// <summary>
/// A raw VRRP socket and the task that receives from it. Each received message is copied out of the
/// socket's buffer (the engine owns what it is given) and posted with the IP layer's metadata.
/// </summary>
internal sealed class LinuxVrrpTransport : IVrrpTransport
{
    private readonly TransportKey _key;
    private readonly RawVrrpSocket _socket;
    private readonly Action<PacketReceived> _received;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;

    public LinuxVrrpTransport(TransportKey key, RawVrrpSocket socket, Action<PacketReceived> received, ILogger logger)
    {
        _key = key;
        _socket = socket;
        _received = received;
        _logger = logger;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public void Send(ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination) =>
        _socket.SendTo(message, source, destination);

    private async Task ReceiveLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var packet = await _socket.ReceiveAsync(_stop.Token).ConfigureAwait(false);
                _received(new PacketReceived(_key, packet.Message.ToArray(), packet.Source, packet.Destination, packet.TimeToLive));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                // A receive error (e.g. the interface went away) must not end the loop: the link
                // monitor reports the interface, and receiving resumes when it returns.
                _logger.LogWarning("VRRP receive on {Transport} failed: {Error}", _key, exception.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200), _stop.Token).ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _receiveLoop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The loop ends with the socket; how it ended does not matter any more.
        }
        _stop.Dispose();
    }
}
