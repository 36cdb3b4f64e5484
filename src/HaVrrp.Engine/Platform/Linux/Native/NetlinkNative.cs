using System.Runtime.InteropServices;

namespace HaVrrp.Engine.Platform.Linux.Native;

/// <summary>
/// The libc socket calls netlink needs and .NET does not wrap: creating an AF_NETLINK socket (the managed
/// <see cref="System.Net.Sockets.AddressFamily"/> has no Netlink member), binding it to a port id
/// and multicast groups.
/// </summary>
internal static partial class NetlinkNative
{
    public const int AddressFamilyNetlink = 16;
    public const int SocketTypeRaw = 3;
    public const int SocketCloseOnExec = 0x80000;
    public const int NetlinkRoute = 0;
    public const int SolNetlink = 270;

    /// <summary><c>struct sockaddr_nl { sa_family_t nl_family; unsigned short nl_pad; __u32 nl_pid; __u32 nl_groups; }</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct NetlinkSocketAddress
    {
        public ushort Family;
        public ushort Padding;
        public uint PortId;
        public uint Groups;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int socket, in NetlinkSocketAddress address, int addressLength);

    [LibraryImport("libc", EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSocketName(int socket, out NetlinkSocketAddress address, ref int addressLength);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fileDescriptor);
}
