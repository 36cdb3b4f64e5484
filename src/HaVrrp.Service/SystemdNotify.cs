using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace HaVrrp.Service;

/// <summary>
/// sd_notify(3) without libsystemd (Microsoft.Extensions.Hosting.Systemd is not in the mirror): datagrams such as
/// <c>READY=1</c> to the socket systemd names in <c>$NOTIFY_SOCKET</c>; a leading '@' means an abstract socket.
/// Failures are swallowed, as sd_notify's are: the daemon must run the same with or without systemd.
/// </summary>
public sealed class SystemdNotify : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _endPoint;
    private readonly Func<long> _monotonicMicroseconds;

    public SystemdNotify(string socketPath, Func<long>? monotonicMicroseconds = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        _endPoint = new UnixDomainSocketEndPoint(socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath);
        _monotonicMicroseconds = monotonicMicroseconds ?? MonotonicMicroseconds;
    }

    /// <summary>The notifier systemd asked for, or null when not started with Type=notify.</summary>
    public static SystemdNotify? FromEnvironment()
    {
        var path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        return string.IsNullOrEmpty(path) ? null : new SystemdNotify(path);
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
        var bytes = Encoding.UTF8.GetBytes(state);
        lock (_gate)
        {
            try
            {
                return _socket.SendTo(bytes, SocketFlags.None, _endPoint) == bytes.Length;
            }
            catch (SocketException)
            {
                return false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private static string WithStatus(string state, string? status) =>
        status is null ? state : state + "\nSTATUS=" + OneLine(status);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>Stopwatch reads CLOCK_MONOTONIC on Linux, the clock systemd compares MONOTONIC_USEC with.</summary>
    private static long MonotonicMicroseconds() =>
        (long)(Stopwatch.GetTimestamp() * (1_000_000.0 / Stopwatch.Frequency));
}
