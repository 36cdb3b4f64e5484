using System.Text.RegularExpressions;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.TestSupport.Daemons;

/// <summary>Which VRRP daemon a lab node runs; the failover benchmark mixes them per node.</summary>
public enum DaemonImplementation
{
    Keepalived,
    Havrrpd,
}

/// <summary>
/// A VRRP daemon running on one lab node: its scratch directory (configuration, pid files), its
/// process and captured log, and the ways it can end (graceful stop, crash). Dispose kills whatever
/// is left and removes the directory.
/// </summary>
public abstract class LabDaemon : IDisposable
{
    /// <summary>Generous: only a broken daemon waits it out, and two cores are shared by parallel tests.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    private LabProcess? _process;
    private bool _disposed;

    protected LabDaemon(LabNode node, string directory)
    {
        Node = node;
        Directory = directory;
    }

    public LabNode Node { get; }

    /// <summary>The daemon's own scratch directory (under /tmp), removed on Dispose.</summary>
    public string Directory { get; }

    public abstract DaemonImplementation Implementation { get; }

    public LabProcess Process => _process ?? throw new InvalidOperationException("The daemon has not been started.");

    public IReadOnlyList<LogLine> Lines => Process.Lines;

    public Task<LogLine> WaitForLogAsync(string pattern, TimeSpan? deadline = null) =>
        Process.WaitForLogAsync(pattern, deadline ?? DefaultDeadline);

    public Task<LogLine> WaitForLogAsync(Regex pattern, int startIndex, TimeSpan? deadline = null) =>
        Process.WaitForLogAsync(pattern, deadline ?? DefaultDeadline, startIndex);

    /// <summary>SIGTERM to the daemon (not its children: like systemd's KillMode=process) and waits for it to exit.</summary>
    public async Task<int> StopGracefullyAsync(TimeSpan? deadline = null)
    {
        Process.Signal("TERM");
        return await Process.WaitForExitAsync(deadline ?? DefaultDeadline);
    }

    /// <summary>A crash: SIGKILL to the daemon's whole process group. Addresses it had set stay where they are.</summary>
    public Task KillAsync() => Process.KillAsync();

    /// <summary>SIGHUP: both daemons reload their configuration on it.</summary>
    public void Reload() => Process.Signal("HUP");

    public override string ToString() => $"{Implementation} on {Node}";

    /// <summary>Starts <paramref name="command"/> inside the node's namespace, from the daemon's directory.</summary>
    protected void Launch(IReadOnlyList<string> command)
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("The daemon has already been started.");
        }
        _process = LabProcess.Start(command, Node.Namespace, Directory);
    }

    protected static string CreateScratchDirectory(LabNode node, string prefix)
    {
        ArgumentNullException.ThrowIfNull(node);
        return System.IO.Directory.CreateTempSubdirectory($"{prefix}-{node.Namespace}-").FullName;
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }
        _disposed = true;
        try
        {
            _process?.Dispose();
        }
        finally
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
    }
}
