namespace HaVrrp.Engine.Platform.Linux.Native;

/// <summary>File facts .NET does not expose: the type of a file, and changing its owner.</summary>
public static class UnixFiles
{
    private const int TypeMask = 0xF000; // S_IFMT
    private const int SocketType = 0xC000; // S_IFSOCK

    /// <summary>True when <paramref name="path"/> is a Unix socket (following links).</summary>
    public static bool IsSocket(string path) => LibC.StatOwner(path) is { } stat && (stat.Mode & TypeMask) == SocketType;

    /// <summary>chown(2); throws <see cref="IOException"/> with the errno when it fails.</summary>
    public static void ChangeOwner(string path, uint uid, uint gid)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (LibC.ChangeOwner(path, uid, gid) != 0)
        {
            throw new IOException($"chown {uid}:{gid} {path} failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }
    }
}
