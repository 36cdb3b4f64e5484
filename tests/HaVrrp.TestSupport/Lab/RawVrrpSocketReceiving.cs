using HaVrrp.Engine.Platform.Linux.VrrpSocket;


namespace HaVrrp.TestSupport.Lab;

/// <summary>Receiving in tests: the next packet, or a failure that says how long the test waited.</summary>
public static class RawVrrpSocketReceiving
{
    /// <summary>A generous deadline for one packet between two namespaces of a loaded test machine.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(10);

    /// <summary>The next packet; a <see cref="TimeoutException"/> when none arrives within <paramref name="deadline"/>.</summary>
    public static RawVrrpSocketPacket ReceiveWithin(this RawVrrpSocket socket, TimeSpan? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var wait = deadline ?? DefaultDeadline;
        return socket.TryReceive(wait, out var packet)
            ? packet
            : throw new TimeoutException($"No VRRP packet on {socket.Options.InterfaceName} within {wait.TotalSeconds} s.");
    }
}
