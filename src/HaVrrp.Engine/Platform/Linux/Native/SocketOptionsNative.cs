using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace HaVrrp.Engine.Platform.Linux.Native;

/// <summary>
/// recvmsg/sendmsg with control messages, which .NET does not expose for the options VRRP needs:
/// <see cref="Socket.ReceiveMessageFrom(byte[], int, int, ref SocketFlags, ref System.Net.EndPoint, out IPPacketInformation)"/>
/// returns the destination and interface but not the IPv6 hop limit, and no .NET send call takes
/// a source address. The structures follow the Linux C ABI; size_t and pointers are native-sized,
/// so the same layout serves 32- and 64-bit.
/// </summary>
internal static unsafe partial class SocketOptionsNative
{
    public const int DontWait = 0x40;            // MSG_DONTWAIT
    public const int ControlTruncated = 0x08;    // MSG_CTRUNC
    public const int TryAgain = 11;              // EAGAIN
    public const int Interrupted = 4;            // EINTR

    [StructLayout(LayoutKind.Sequential)]
    public struct IOVector
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IOVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ControlMessageHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    /// <summary>sockaddr_in6 is 28 bytes: family, port, flow info, address, scope id.</summary>
    public const int SocketAddressIPv6Length = 28;

    /// <summary>in6_pktinfo is 20 bytes: the address, then the interface index.</summary>
    public const int IPv6PacketInformationLength = 20;

    private const int SocketCloseOnExec = 0x80000;  // SOCK_CLOEXEC

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int CreateSocket(int domain, int type, int protocol);

    /// <summary>
    /// socket(2) for what the Socket constructor refuses: .NET passes only the protocol numbers it
    /// knows to the kernel and answers "Protocol not supported" for IP protocol 112 (VRRP).
    /// The descriptor is then owned by an ordinary <see cref="Socket"/>.
    /// </summary>
    public static Socket OpenSocket(int nativeFamily, SocketType type, int protocol)
    {
        var descriptor = CreateSocket(nativeFamily, (int)type | SocketCloseOnExec, protocol);
        return descriptor < 0
            ? throw ErrorFrom("socket", Marshal.GetLastPInvokeError())
            : new Socket(new SafeSocketHandle(descriptor, ownsHandle: true));
    }

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint ReceiveMessage(SafeSocketHandle socket, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMessage(SafeSocketHandle socket, MessageHeader* message, int flags);

    /// <summary>CMSG_ALIGN: control messages are padded to the size of size_t.</summary>
    public static int ControlAlign(int length) => (length + nint.Size - 1) & ~(nint.Size - 1);

    /// <summary>CMSG_SPACE: room for one control message carrying <paramref name="dataLength"/> bytes.</summary>
    public static int ControlSpace(int dataLength) => ControlAlign(sizeof(ControlMessageHeader)) + ControlAlign(dataLength);

    /// <summary>CMSG_LEN: the value of cmsg_len for <paramref name="dataLength"/> bytes of data.</summary>
    public static int ControlLength(int dataLength) => ControlAlign(sizeof(ControlMessageHeader)) + dataLength;

    /// <summary>
    /// Wraps errno in a SocketException. The errno value is not a <see cref="SocketError"/>, so it
    /// travels in the message, where an operator reads it.
    /// </summary>
    public static SocketException ErrorFrom(string operation, int errorNumber) =>
        new((int)SocketError.SocketError, $"{operation} failed: {Marshal.GetPInvokeErrorMessage(errorNumber)} (errno {errorNumber})");
}
