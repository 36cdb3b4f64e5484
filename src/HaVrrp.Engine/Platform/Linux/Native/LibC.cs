using System.Runtime.InteropServices;

namespace HaVrrp.Engine.Platform.Linux.Native;

/// <summary>The libc calls for processes and files that .NET does not wrap (netlink sockets: <see cref="NetlinkNative"/>): signals to process groups and their actions, user lookup, stat owners.</summary>
internal static partial class LibC
{
    public const int SignalTerminate = 15;
    public const int SignalKill = 9;
    public const int NoSuchProcess = 3; // ESRCH

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "getpwnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetPasswordEntry(string name);

    [LibraryImport("libc", EntryPoint = "getgrnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetGroupEntry(string name);

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial IntPtr RealPath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatX(int directory, string path, int flags, uint mask, Span<byte> buffer);

    [LibraryImport("libc", EntryPoint = "getpwuid")]
    private static partial IntPtr GetPasswordEntryById(uint uid);

    [LibraryImport("libc", EntryPoint = "getgrouplist", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetGroupList(string user, uint group, Span<uint> groups, ref int count);

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int ChangeOwner(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "sigaction", SetLastError = true)]
    private static partial int SignalAction(int signal, IntPtr action, Span<byte> previousAction);

    [LibraryImport("libc", EntryPoint = "signal", SetLastError = true)]
    private static partial IntPtr SetSignalHandler(int signal, IntPtr handler);

    private static readonly IntPtr DefaultSignalAction = 0; // SIG_DFL
    private static readonly IntPtr IgnoreSignalAction = 1; // SIG_IGN
    private static readonly IntPtr SignalError = -1; // SIG_ERR

    /// <summary>Whether <paramref name="signal"/>'s action is "ignore" (asked without changing it).</summary>
    public static bool IsSignalIgnored(int signal)
    {
        // struct sigaction begins with the handler on every Linux architecture .NET runs on; the rest
        // (mask, flags, restorer) fits well within the buffer.
        Span<byte> action = stackalloc byte[256];
        return SignalAction(signal, IntPtr.Zero, action) == 0 && BitConverter.ToInt64(action) == IgnoreSignalAction;
    }

    /// <summary>Sets <paramref name="signal"/>'s action back to the default; false if the kernel refused.</summary>
    public static bool RestoreDefaultSignalAction(int signal) => SetSignalHandler(signal, DefaultSignalAction) != SignalError;

    // getpwnam/getpwuid/getgrnam return pointers into static storage: one caller at a time.
    private static readonly Lock LookupLock = new();

    /// <summary>A user's uid and primary gid, through NSS (so LDAP users work too); null when unknown.</summary>
    public static (int Uid, int Gid)? LookUpUser(string name)
    {
        lock (LookupLock)
        {
            var entry = GetPasswordEntry(name);
            // struct passwd { char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid; ... }
            return entry == IntPtr.Zero
                ? null
                : (Marshal.ReadInt32(entry, 2 * IntPtr.Size), Marshal.ReadInt32(entry, (2 * IntPtr.Size) + 4));
        }
    }

    /// <summary>A group's gid; null when unknown.</summary>
    public static int? LookUpGroup(string name)
    {
        lock (LookupLock)
        {
            var entry = GetGroupEntry(name);
            // struct group { char *gr_name; char *gr_passwd; gid_t gr_gid; char **gr_mem; }
            return entry == IntPtr.Zero ? null : Marshal.ReadInt32(entry, 2 * IntPtr.Size);
        }
    }

    /// <summary>The name of the user with <paramref name="uid"/>, through NSS; null when unknown.</summary>
    public static string? LookUpUserName(uint uid)
    {
        lock (LookupLock)
        {
            var entry = GetPasswordEntryById(uid);
            return entry == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(entry));
        }
    }

    /// <summary>Every group <paramref name="user"/> belongs to (supplementary groups through NSS, and <paramref name="primaryGroup"/>).</summary>
    public static uint[] LookUpGroupsOf(string user, uint primaryGroup)
    {
        var count = 32;
        while (true)
        {
            var groups = new uint[count];
            var capacity = count;
            if (GetGroupList(user, primaryGroup, groups, ref count) >= 0)
            {
                return groups[..count];
            }
            // Too small: count now says how many there are (glibc); grow at least by doubling in case it does not.
            count = Math.Max(count, capacity * 2);
            if (count > 65536)
            {
                return [primaryGroup];
            }
        }
    }

    public static string? ResolveRealPath(string path)
    {
        var resolved = RealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    /// <summary>The file type bits of <paramref name="path"/>'s mode (S_IFMT), following links; null when it cannot be examined.</summary>
    public static int? FileTypeBits(string path) => StatOwner(path) is { } status ? status.Mode & 0xF000 : null;

    /// <summary>
    /// Owner, group and mode of <paramref name="path"/>, following links. statx's buffer has one layout
    /// on every architecture, unlike struct stat.
    /// </summary>
    public static (int Uid, int Gid, int Mode)? StatOwner(string path)
    {
        const int CurrentDirectory = -100; // AT_FDCWD
        const uint BasicStats = 0x7FF; // STATX_BASIC_STATS
        Span<byte> buffer = stackalloc byte[256];
        if (StatX(CurrentDirectory, path, 0, BasicStats, buffer) != 0)
        {
            return null;
        }
        // struct statx { u32 mask; u32 blksize; u64 attributes; u32 nlink; u32 uid; u32 gid; u16 mode; ... }
        var uid = BitConverter.ToInt32(buffer[20..]);
        var gid = BitConverter.ToInt32(buffer[24..]);
        var mode = BitConverter.ToUInt16(buffer[28..]);
        return (uid, gid, mode);
    }
}
