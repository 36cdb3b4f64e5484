using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting.Systemd;

namespace HaVrrp.Service;

/// <summary>
/// sd_notify(3) for havrrpd: the messages (<c>READY=1</c>, <c>RELOADING=1</c> with <c>MONOTONIC_USEC</c>,
/// <c>STOPPING=1</c>, one-line <c>STATUS=</c>) are ours; the framework's <see cref="SystemdNotifier"/> sends them to
/// <c>$NOTIFY_SOCKET</c>. Failures are swallowed, as sd_notify's are: the daemon must run the same with or without
/// systemd (docs/daemon.md, "What is the framework's and what is ours").
/// </summary>
public sealed class SystemdNotify
{
    private readonly ISystemdNotifier _systemd;
    private readonly Func<long> _monotonicMicroseconds;

    public SystemdNotify(ISystemdNotifier systemd, Func<long>? monotonicMicroseconds = null)
    {
        ArgumentNullException.ThrowIfNull(systemd);
        _systemd = systemd;
        _monotonicMicroseconds = monotonicMicroseconds ?? MonotonicMicroseconds;
    }

    /// <summary>The notifier systemd asked for, or null when not started with Type=notify.</summary>
    public static SystemdNotify? FromEnvironment()
    {
        var systemd = new SystemdNotifier();
        return systemd.IsEnabled ? new SystemdNotify(systemd) : null;
    }

    public bool Ready(string? status = null) => Send(WithStatus("READY=1", status));

    /// <summary>RELOADING=1 with the CLOCK_MONOTONIC time, which Type=notify-reload requires and notify accepts.</summary>
    public bool Reloading(string? status = null) =>
        Send(WithStatus(string.Create(CultureInfo.InvariantCulture, $"RELOADING=1\nMONOTONIC_USEC={_monotonicMicroseconds()}"), status));

    public bool Stopping(string? status = null) => Send(WithStatus("STOPPING=1", status));

    public bool Status(string status) => Send("STATUS=" + OneLine(status));

    /// <summary>Sends one notification (newline-separated assignments); false when systemd could not be told.</summary>
    public bool Send(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            _systemd.Notify(new ServiceState(state));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string WithStatus(string state, string? status) =>
        status is null ? state : state + "\nSTATUS=" + OneLine(status);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>Stopwatch reads CLOCK_MONOTONIC on Linux, the clock systemd compares MONOTONIC_USEC with.</summary>
    private static long MonotonicMicroseconds() =>
        (long)(Stopwatch.GetTimestamp() * (1_000_000.0 / Stopwatch.Frequency));
}
