using System.Net;
using System.Net.Sockets;

namespace HaVrrp.Service.Metrics;

/// <summary>The metrics endpoint could not be set up: the daemon does not start (exit code 1).</summary>
public sealed class MetricsListenException : Exception
{
    public MetricsListenException()
    {
    }

    public MetricsListenException(string message)
        : base(message)
    {
    }

    public MetricsListenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The listening TCP socket of the metrics endpoint, bound before the engine starts: an address in use or not
/// on this host stops havrrpd at start with a sentence, instead of a daemon that runs without the metrics its
/// operators alert on.
/// </summary>
internal sealed class MetricsListener : IDisposable
{
    /// <summary>Connections the kernel queues before havrrpd accepts them; a scraper needs one.</summary>
    private const int Backlog = 16;

    private const int SolSocket = 1;
    private const int SoReuseAddress = 2;

    private MetricsListener(Socket socket, IPEndPoint endpoint)
    {
        Socket = socket;
        Endpoint = endpoint;
    }

    public Socket Socket { get; }

    /// <summary>Where it listens; the port the kernel chose when asked for port 0 (tests).</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>Binds and listens; throws <see cref="MetricsListenException"/> with a sentence for the operator.</summary>
    public static MetricsListener Bind(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // The endpoint closes its connections, so they wait in TIME_WAIT on this port; SO_REUSEADDR lets a
            // restart bind anyway, while a second listener is still refused. Set raw: .NET's ReuseAddress also sets
            // SO_REUSEPORT on Linux, which would let a second havrrpd share the port and half the scrapes.
            socket.SetRawSocketOption(SolSocket, SoReuseAddress, BitConverter.GetBytes(1));
            socket.Bind(endpoint);
            socket.Listen(Backlog);
            return new MetricsListener(socket, (IPEndPoint)socket.LocalEndPoint!);
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            throw new MetricsListenException($"metrics listen {endpoint}: {exception.Message}", exception);
        }
    }

    public void Dispose() => Socket.Dispose();
}
