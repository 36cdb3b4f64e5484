using System.Net.Sockets;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Platform.Linux.Native;

namespace HaVrrp.Service.Control;

/// <summary>The control socket could not be set up: the daemon does not start (exit code 1).</summary>
public sealed class ControlSocketException : Exception
{
    public ControlSocketException()
    {
    }

    public ControlSocketException(string message)
        : base(message)
    {
    }

    public ControlSocketException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The listening control socket and its file (docs/daemon.md, "Control socket"). The default directory
/// <c>/run/havrrp</c> is created 0750 root:admin-group; the socket is 0660 root:admin-group (root's group when
/// there is no admin group). A socket file nobody listens on is left by a crash and is replaced; one somebody
/// listens on belongs to another running daemon, which is never robbed of it.
/// </summary>
public sealed class ControlSocketFile : IDisposable
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    private ControlSocketFile(string path, Socket listener, uint? adminGroupId, string? ownershipProblem)
    {
        Path = path;
        Listener = listener;
        AdminGroupId = adminGroupId;
        OwnershipProblem = ownershipProblem;
    }

    public string Path { get; }

    /// <summary>The admin group the socket was given when bound; null when there was none (root's group then).</summary>
    public uint? AdminGroupId { get; }

    /// <summary>
    /// Why the socket could not be given to the admin group (no CAP_CHOWN, say); then only root can connect.
    /// The daemon runs on and logs it: VRRP matters more than its control socket.
    /// </summary>
    public string? OwnershipProblem { get; }

    public Socket Listener { get; }

    /// <summary>Creates, binds and listens; throws <see cref="ControlSocketException"/> with a sentence for the operator.</summary>
    public static ControlSocketFile Bind(string path, uint? adminGroupId)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The control socket needs Unix file modes.");
        }
        var fullPath = System.IO.Path.GetFullPath(path);
        var group = adminGroupId ?? 0;
        var mayChown = Environment.IsPrivilegedProcess;
        try
        {
            var ownershipProblem = PrepareDirectory(fullPath, group, mayChown);
            RemoveIfStale(fullPath);
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                listener.Bind(new UnixDomainSocketEndPoint(fullPath));
                File.SetUnixFileMode(fullPath, SocketMode);
                if (mayChown)
                {
                    var socketProblem = TryChangeOwner(fullPath, group);
                    ownershipProblem ??= socketProblem;
                }
                listener.Listen(ControlProtocol.MaxConnections);
                return new ControlSocketFile(fullPath, listener, adminGroupId, ownershipProblem);
            }
            catch
            {
                listener.Dispose();
                throw;
            }
        }
        catch (Exception exception) when (exception is SocketException or IOException or UnauthorizedAccessException)
        {
            throw new ControlSocketException($"cannot create the control socket {fullPath}: {exception.Message}", exception);
        }
    }

    /// <summary>Stops listening and removes the socket file.</summary>
    public void Dispose()
    {
        Listener.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left behind, it is replaced as stale at the next start.
        }
    }

    /// <summary>The default directory is ours to create and lock down; elsewhere the operator's directory is left as it is.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string? PrepareDirectory(string socketPath, uint group, bool mayChown)
    {
        var directory = System.IO.Path.GetDirectoryName(socketPath) ?? "/";
        if (socketPath != ControlProtocol.DefaultSocketPath)
        {
            if (!Directory.Exists(directory))
            {
                throw new ControlSocketException($"cannot create the control socket {socketPath}: the directory {directory} does not exist");
            }
            return null;
        }
        Directory.CreateDirectory(directory, DirectoryMode);
        File.SetUnixFileMode(directory, DirectoryMode);
        return mayChown ? TryChangeOwner(directory, group) : null;
    }

    private static string? TryChangeOwner(string path, uint group)
    {
        try
        {
            UnixFiles.ChangeOwner(path, 0, group);
            return null;
        }
        catch (IOException exception)
        {
            return exception.Message + " (is CAP_CHOWN missing?); only root can use the control socket";
        }
    }

    private static void RemoveIfStale(string socketPath)
    {
        if (!File.Exists(socketPath))
        {
            return;
        }
        if (!UnixFiles.IsSocket(socketPath))
        {
            throw new ControlSocketException($"cannot create the control socket {socketPath}: a file that is not a socket is in the way");
        }
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionRefused)
        {
            // Nobody listens: a crash left it behind.
            File.Delete(socketPath);
            return;
        }
        throw new ControlSocketException(
            $"another havrrpd is running and listening on {socketPath}; stop it first, or give this one its own --socket");
    }
}
