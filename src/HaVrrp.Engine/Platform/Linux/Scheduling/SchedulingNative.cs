using System.Runtime.InteropServices;

namespace HaVrrp.Engine.Platform.Linux.Scheduling;

/// <summary>The libc calls that set a thread's scheduling policy, its nice value, and the real-time CPU limit.</summary>
internal static partial class SchedulingNative
{
    public const int NormalPolicy = 0; // SCHED_OTHER
    public const int RoundRobinPolicy = 2; // SCHED_RR
    private const int RealtimeCpuLimitResource = 15; // RLIMIT_RTTIME
    private const int ThreadPriorityTarget = 0; // PRIO_PROCESS: with a thread id, that thread alone

    /// <summary>struct sched_param.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SchedulingParameter
    {
        public int Priority;
    }

    /// <summary>struct rlimit.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ResourceLimit
    {
        public ulong Soft;
        public ulong Hard;
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SetScheduler(int threadId, int policy, in SchedulingParameter parameter);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int nice);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetResourceLimit(int resource, in ResourceLimit limit);

    /// <summary>0 or the errno.</summary>
    public static int SetPolicy(int threadId, int policy, int priority) =>
        SetScheduler(threadId, policy, new SchedulingParameter { Priority = priority }) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>0 or the errno.</summary>
    public static int SetNice(int threadId, int nice) =>
        SetPriority(ThreadPriorityTarget, threadId, nice) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>0 or the errno.</summary>
    public static int SetRealtimeCpuLimit(ResourceLimit limit) =>
        SetResourceLimit(RealtimeCpuLimitResource, limit) == 0 ? 0 : Marshal.GetLastPInvokeError();
}
