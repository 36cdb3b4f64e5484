using System.Buffers.Binary;
using System.Net.Sockets;

namespace HaVrrp.Service.Control;

/// <summary>
/// Who is on the other end of a Unix socket, as the kernel recorded it when the peer connected (SO_PEERCRED):
/// the peer cannot lie about it, unlike anything it sends.
/// </summary>
public readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public bool IsRoot => Uid == 0;

    /// <summary>Reads SO_PEERCRED (<c>struct ucred { pid_t pid; uid_t uid; gid_t gid; }</c>) of a connected Unix socket.</summary>
    public static PeerCredentials Of(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Span<byte> ucred = stackalloc byte[12];
        var length = socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
        if (length < 12)
        {
            throw new SocketException((int)SocketError.ProtocolOption);
        }
        return new PeerCredentials(
            (int)ReadNative(ucred),
            ReadNative(ucred[4..]),
            ReadNative(ucred[8..]));
    }

    private static uint ReadNative(ReadOnlySpan<byte> bytes) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);
}
