using System.Net.Sockets;
using HaVrrp.Engine.Platform.Linux.Announcements;

namespace HaVrrp.TestSupport.Lab;

/// <summary>
/// Sees the Ethernet frames on a lab host's eth0, like tcpdump but without needing it installed:
/// an AF_PACKET socket opened inside the host's namespace. Open it before the traffic is sent.
/// </summary>
public sealed class LabCapture : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[65536];

    private LabCapture(Socket socket) => _socket = socket;

    public static LabCapture Open(LabNode node, ushort ethertype = PacketSocket.EthertypeAll)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new LabCapture(node.InNamespace(() => PacketSocket.OpenForReceiving(node.InterfaceIndex, ethertype)));
    }

    /// <summary>The next frame (whole, from the destination MAC on) for which <paramref name="match"/> holds.</summary>
    public async Task<byte[]> NextFrameAsync(Func<byte[], bool> match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        while (true)
        {
            var length = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cancellationToken);
            var frame = _buffer.AsSpan(0, length).ToArray();
            if (match(frame))
            {
                return frame;
            }
        }
    }

    /// <summary>
    /// The next frame for which <paramref name="match"/> holds, read on the calling thread; null when none came
    /// within <paramref name="timeout"/>. For recorders that keep a thread of their own, so a busy thread pool does not
    /// delay the moment a frame is seen.
    /// </summary>
    public byte[]? NextFrame(Func<byte[], bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        _socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        while (true)
        {
            int length;
            try
            {
                length = _socket.Receive(_buffer);
            }
            catch (SocketException timedOut) when (timedOut.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                return null;
            }
            var frame = _buffer.AsSpan(0, length).ToArray();
            if (match(frame))
            {
                return frame;
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
