using System.Net.Sockets;

namespace HaVrrp.Service.Control;

/// <summary>
/// Closing a socket with unread bytes in it resets the connection, and the peer loses what was last sent to it
/// (the RequestTooLarge or TooManyConnections line). So: say we are done sending, swallow what the peer still
/// sends for a moment, then close.
/// </summary>
internal static class GracefulClose
{
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);
    private const int MaxDiscardedBytes = 1024 * 1024;

    public static async Task CloseAsync(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            using var linger = new CancellationTokenSource(Linger);
            var discard = new byte[16 * 1024];
            var discarded = 0;
            while (discarded < MaxDiscardedBytes)
            {
                var read = await socket.ReceiveAsync(discard, SocketFlags.None, linger.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                discarded += read;
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone or takes too long: close anyway.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
