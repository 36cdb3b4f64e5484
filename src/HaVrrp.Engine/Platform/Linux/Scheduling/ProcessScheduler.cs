using System.Globalization;
using System.Runtime.InteropServices;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Platform.Linux.Native;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Platform.Linux.Scheduling;

/// <summary>
/// Puts every thread of havrrpd under the scheduling its configuration asks for (keepalived's <c>vrrp_rt_priority</c>,
/// <c>vrrp_rlimit_rttime</c>, <c>vrrp_priority</c>), at start and again at each reload. Threads started later inherit it
/// from the thread that starts them; scripts do not (<see cref="ChildrenNeedNormalScheduling"/>). Why every thread and
/// not only the engine's: docs/daemon.md "Real-time scheduling".
/// </summary>
public sealed partial class ProcessScheduler : IDisposable
{
    private const int CpuLimitSignal = 24; // SIGXCPU
    private const string ThreadDirectory = "/proc/self/task";

    private static int s_realtimePriority;

    private readonly ILogger _logger;
    private readonly int _startNice = CurrentNice();
    private PosixSignalRegistration? _cpuLimitWarning;
    private SchedulingSettings _applied = SchedulingSettings.Default;
    private TimeSpan _limit;

    public ProcessScheduler(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <summary>
    /// Whether havrrpd runs real-time now, so that a script it starts must be put back to normal scheduling: keepalived
    /// starts its scripts with normal scheduling, and a script looping at real-time priority would starve the host.
    /// </summary>
    public static bool ChildrenNeedNormalScheduling => IsRealtime;

    /// <summary>What the threads run now, which a refused request leaves as it was (unlike the settings last asked for).</summary>
    private static bool IsRealtime => Volatile.Read(ref s_realtimePriority) != 0;

    /// <summary>Applies <paramref name="settings"/> when they differ from what runs; a refusal is logged, and havrrpd runs on.</summary>
    public void Apply(SchedulingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings == _applied)
        {
            return;
        }
        if (settings.RealtimePriority is { } priority)
        {
            ApplyRealtime(priority, settings.EffectiveRealtimeLimit);
        }
        else
        {
            if (IsRealtime)
            {
                ReturnToNormal();
            }
            if (settings.Nice is { } nice)
            {
                ApplyNice(nice, "vrrp_priority");
            }
            else if (_applied.Nice is not null)
            {
                ApplyNice(_startNice, "the nice value havrrpd started with");
            }
        }
        _applied = settings;
    }

    public void Dispose() => _cpuLimitWarning?.Dispose();

    private void ApplyRealtime(int priority, TimeSpan limit)
    {
        // The limit first: no thread may run real-time without it. Lowering a hard limit is always allowed, raising
        // it needs CAP_SYS_RESOURCE, which havrrpd's unit does not grant: a raised limit waits for a restart.
        var microseconds = (ulong)limit.TotalMicroseconds;
        var error = SchedulingNative.SetRealtimeCpuLimit(new() { Soft = microseconds / 2, Hard = microseconds });
        if (error != 0 && !IsRealtime)
        {
            LogRealtimeRefused(_logger, priority, $"setrlimit(RLIMIT_RTTIME) failed with {Errno.NameOf(error)}");
            return;
        }
        if (error != 0)
        {
            LogLimitKept(_logger, (long)_limit.TotalMicroseconds, Errno.NameOf(error));
        }
        else
        {
            _limit = limit;
        }
        _cpuLimitWarning ??= PosixSignalRegistration.Create((PosixSignal)CpuLimitSignal, WarnCpuLimit);
        var (threads, refused) = ForEveryThread(threadId => SchedulingNative.SetPolicy(threadId, SchedulingNative.RoundRobinPolicy, priority));
        if (refused != 0)
        {
            var hint = refused == Errno.OperationNotPermitted ? " (it needs CAP_SYS_NICE, and RestrictRealtime=no under systemd: docs/daemon.md)" : "";
            LogRealtimeRefused(_logger, priority, $"sched_setscheduler failed with {Errno.NameOf(refused)}{hint}");
            ReturnToNormal();
            return;
        }
        Volatile.Write(ref s_realtimePriority, priority);
        LogRealtime(_logger, priority, threads, (long)_limit.TotalMicroseconds);
    }

    /// <summary>RLIMIT_RTTIME binds real-time threads only, so it can stay as it is.</summary>
    private void ReturnToNormal()
    {
        ForEveryThread(threadId => SchedulingNative.SetPolicy(threadId, SchedulingNative.NormalPolicy, 0));
        Volatile.Write(ref s_realtimePriority, 0);
        LogNormal(_logger);
    }

    private void ApplyNice(int nice, string reason)
    {
        var (threads, refused) = ForEveryThread(threadId => SchedulingNative.SetNice(threadId, nice));
        if (refused != 0)
        {
            LogNiceRefused(_logger, nice, Errno.NameOf(refused));
            return;
        }
        LogNice(_logger, nice, threads, reason);
    }

    /// <summary>
    /// Runs <paramref name="set"/> for each thread; twice, since a thread the first pass had not listed yet may have
    /// been started by one it had not reached. A thread that ended meanwhile (ESRCH) is no refusal.
    /// </summary>
    private static (int Threads, int FirstError) ForEveryThread(Func<int, int> set)
    {
        var threads = 0;
        var firstError = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            threads = 0;
            foreach (var directory in Directory.EnumerateDirectories(ThreadDirectory))
            {
                if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var threadId))
                {
                    continue;
                }
                var error = set(threadId);
                if (error is 0)
                {
                    threads++;
                }
                else if (error != Errno.NoSuchProcess && firstError == 0)
                {
                    firstError = error;
                }
            }
            if (firstError != 0)
            {
                break;
            }
        }
        return (threads, firstError);
    }

    private void WarnCpuLimit(PosixSignalContext context)
    {
        // The default action would end havrrpd at the soft limit; the hard limit still does, as the operator chose.
        context.Cancel = true;
        LogCpuLimitReached(_logger, (long)(_limit.TotalMicroseconds / 2), (long)_limit.TotalMicroseconds);
    }

    /// <summary>The nice value of the thread that asks (getpriority answers -1 both for nice -1 and for an error).</summary>
    private static int CurrentNice()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        // Fields after the command name, which is in parentheses and may contain anything: nice is field 19.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], CultureInfo.InvariantCulture);
    }

    [LoggerMessage(EventId = 98, Level = LogLevel.Information,
        Message = "Real-time scheduling: SCHED_RR priority {Priority} on {Threads} threads, vrrp_rlimit_rttime {Microseconds} µs")]
    private static partial void LogRealtime(ILogger logger, int priority, int threads, long microseconds);

    [LoggerMessage(EventId = 99, Level = LogLevel.Error,
        Message = "vrrp_rt_priority {Priority}: {Reason}; havrrpd runs with normal scheduling")]
    private static partial void LogRealtimeRefused(ILogger logger, int priority, string reason);

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning,
        Message = "A havrrpd thread used {Soft} µs of CPU at real-time priority without sleeping; at {Hard} µs (vrrp_rlimit_rttime) the kernel kills havrrpd")]
    private static partial void LogCpuLimitReached(ILogger logger, long soft, long hard);

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "Normal scheduling (vrrp_rt_priority is no longer set)")]
    private static partial void LogNormal(ILogger logger);

    [LoggerMessage(EventId = 69, Level = LogLevel.Warning,
        Message = "vrrp_rlimit_rttime stays {Microseconds} µs until havrrpd restarts: setrlimit(RLIMIT_RTTIME) failed with {Error}")]
    private static partial void LogLimitKept(ILogger logger, long microseconds, string error);

    [LoggerMessage(EventId = 62, Level = LogLevel.Information, Message = "Nice value {Nice} on {Threads} threads ({Reason})")]
    private static partial void LogNice(ILogger logger, int nice, int threads, string reason);

    [LoggerMessage(EventId = 68, Level = LogLevel.Error, Message = "vrrp_priority {Nice}: setpriority failed with {Error}; the nice value is unchanged")]
    private static partial void LogNiceRefused(ILogger logger, int nice, string error);
}
