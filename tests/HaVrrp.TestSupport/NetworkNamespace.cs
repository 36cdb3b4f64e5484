using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using HaVrrp.Engine.Platform.Linux.Native;

namespace HaVrrp.TestSupport;

/// <summary>
/// Runs code inside another network namespace. Linux keeps the network namespace per thread, and a
/// socket stays in the namespace it was created in, so the work runs on a fresh thread that joins
/// the namespace and then ends: no pooled or caller thread ever changes namespace, and sockets
/// created there keep working from any thread afterwards.
/// </summary>
public static partial class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(int fileDescriptor, int namespaceType);

    /// <summary>Where <c>ip netns add NAME</c> pins named namespaces.</summary>
    public const string NamedNamespaceDirectory = "/var/run/netns";

    /// <param name="nameOrPath">A name as <c>ip netns</c> knows it, or a path such as <c>/proc/PID/ns/net</c>.</param>
    /// <param name="action">The work to do inside; its exceptions reach the caller unchanged.</param>
    public static T RunInside<T>(string nameOrPath, Func<T> action)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrPath);
        ArgumentNullException.ThrowIfNull(action);
        var path = nameOrPath.Contains('/', StringComparison.Ordinal) ? nameOrPath : Path.Combine(NamedNamespaceDirectory, nameOrPath);
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read))
                {
                    if (SetNamespace((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                    {
                        var errorNumber = Marshal.GetLastPInvokeError();
                        throw new IOException($"setns({path}, CLONE_NEWNET): {Marshal.GetPInvokeErrorMessage(errorNumber)} ({Errno.NameOf(errorNumber)})");
                    }
                }

                result = action();
            }
#pragma warning disable CA1031 // Any failure is handed back to the calling thread unchanged.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(exception);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {path}",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
