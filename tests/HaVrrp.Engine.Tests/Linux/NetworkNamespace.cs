using System.Runtime.InteropServices;

namespace HaVrrp.Engine.Tests.Linux;

/// <summary>
/// Runs code inside a named network namespace (one made by `ip netns add`). The namespace is a
/// property of the OS thread, so the code runs on a fresh thread that setns()es and then dies;
/// sockets it creates stay in that namespace for their whole life, whichever thread uses them later.
/// </summary>
public static partial class NetworkNamespace
{
    private const int CloneNewNetwork = 0x40000000; // CLONE_NEWNET

    public static T Run<T>(string name, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter(name);
                result = action();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                failure = exception;
            }
        })
        {
            IsBackground = true,
            Name = $"netns {name}",
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException($"Failed inside network namespace {name}: {failure.Message}", failure);
        }
        return result;
    }

    public static void Run(string name, Action action) => Run(name, () =>
    {
        action();
        return true;
    });

    private static void Enter(string name)
    {
        using var handle = File.OpenHandle($"/run/netns/{name}", FileMode.Open, FileAccess.Read);
        if (SetNamespace((int)handle.DangerousGetHandle(), CloneNewNetwork) != 0)
        {
            throw new IOException($"setns({name}) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(int fileDescriptor, int namespaceType);
}
