using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.TestSupport.Daemons;

/// <summary>
/// A long-running command started in a process group of its own (`setsid`), optionally inside a
/// network namespace (`ip netns exec`), with every output line captured and time-stamped.
/// Daemons fork helpers (keepalived's VRRP child), so a crash is simulated by SIGKILL to the whole
/// group, and Dispose does exactly that: nothing it started outlives it, even when a test fails.
/// </summary>
public sealed class LabProcess : IDisposable
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _linesLock = new();
    private readonly List<LogLine> _lines = [];
    private TaskCompletionSource _lineArrived = NewSignal();
    private bool _disposed;

    private LabProcess(Process process) => _process = process;

    /// <summary>The process id; it is also the process group id (setsid makes the command a group leader).</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>A snapshot of the lines captured so far, stdout and stderr interleaved in arrival order.</summary>
    public IReadOnlyList<LogLine> Lines
    {
        get
        {
            lock (_linesLock)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The captured output as one text, for assertion messages.</summary>
    public string Transcript => string.Join('\n', Lines);

    /// <summary>
    /// Starts <paramref name="command"/> in its own process group; inside <paramref name="networkNamespace"/>
    /// when given, on the host otherwise (the stand-in commands of driver tests).
    /// </summary>
    public static LabProcess Start(IReadOnlyList<string> command, string? networkNamespace = null, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentOutOfRangeException.ThrowIfZero(command.Count);
        var startInfo = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        // Our child is never a group leader, so setsid execs in place instead of forking:
        // the pid we get is the daemon's, and it leads a group that holds all its descendants.
        if (networkNamespace is not null)
        {
            foreach (var argument in (string[])["ip", "netns", "exec", networkNamespace])
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in command)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var started = new LabProcess(process);
        process.OutputDataReceived += (_, line) => started.Append(OutputChannel.Stdout, line.Data);
        process.ErrorDataReceived += (_, line) => started.Append(OutputChannel.Stderr, line.Data);
        process.Exited += (_, _) => started.WakeWaiters();
        process.Start();
        // Daemons must not wait on a terminal; closed stdin is what systemd gives them too.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Every later signal and kill goes to the group: it must exist before anyone can send one.
            ProcessGroups.WaitUntilGroupLeaderAsync(process.Id, ExitDeadline).GetAwaiter().GetResult();
        }
        catch
        {
            started.Dispose();
            throw;
        }
        return started;
    }

    /// <summary>
    /// Waits for the first captured line (from the start) that matches <paramref name="pattern"/>.
    /// Throws with the transcript when the deadline passes or the process exits without it.
    /// </summary>
    public Task<LogLine> WaitForLogAsync(string pattern, TimeSpan deadline) =>
        WaitForLogAsync(new Regex(pattern, RegexOptions.CultureInvariant), deadline, startIndex: 0);

    /// <summary>As <see cref="WaitForLogAsync(string, TimeSpan)"/>, looking only at lines from <paramref name="startIndex"/> on.</summary>
    public async Task<LogLine> WaitForLogAsync(Regex pattern, TimeSpan deadline, int startIndex)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var giveUp = Stopwatch.StartNew();
        var next = startIndex;
        while (true)
        {
            Task lineArrived;
            lock (_linesLock)
            {
                for (; next < _lines.Count; next++)
                {
                    if (pattern.IsMatch(_lines[next].Text))
                    {
                        return _lines[next];
                    }
                }
                lineArrived = _lineArrived.Task;
            }
            if (_process.HasExited)
            {
                // The output pipes may still hold the last lines: they arrive before the end-of-stream event.
                await _process.WaitForExitAsync().ConfigureAwait(false);
                if (!HasUnreadLines(next))
                {
                    throw new TimeoutException(
                        $"The process exited ({ExitCode}) without logging /{pattern}/. Output:\n{Transcript}");
                }
                continue;
            }
            var remaining = deadline - giveUp.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No line matched /{pattern}/ within {deadline.TotalSeconds} s. Output:\n{Transcript}");
            }
            await Task.WhenAny(lineArrived, Task.Delay(remaining)).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a signal (a name `kill -s` knows: TERM, HUP, KILL, USR1...) to the process itself.</summary>
    public void Signal(string signalName) => SendSignal(signalName, ProcessId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Sends a signal to every process of the group.</summary>
    public void SignalGroup(string signalName) =>
        SendSignal(signalName, "-" + ProcessId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Waits for the process to exit and returns its exit code; throws when the deadline passes.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var cancellation = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The process did not exit within {deadline.TotalSeconds} s. Output:\n{Transcript}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL to the whole group, then waits until every member is gone (a crash, as the kernel sees it).</summary>
    public async Task KillAsync()
    {
        if (ProcessGroups.LiveMembers(ProcessId).Count > 0)
        {
            try
            {
                SignalGroup("KILL");
            }
            catch (InvalidOperationException) when (ProcessGroups.LiveMembers(ProcessId).Count == 0)
            {
                // The group ended between the look and the kill: that is what we wanted.
            }
        }
        var survivors = await ProcessGroups.WaitUntilEmptyAsync(ProcessId, ExitDeadline).ConfigureAwait(false);
        if (survivors.Count > 0)
        {
            throw new InvalidOperationException($"Process group {ProcessId} survived SIGKILL: {string.Join(", ", survivors)}");
        }
        await WaitForExitAsync(ExitDeadline).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            // Blocking here is safe: KillAsync never resumes on the caller's synchronization context.
            KillAsync().GetAwaiter().GetResult();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private bool HasUnreadLines(int next)
    {
        lock (_linesLock)
        {
            return next < _lines.Count;
        }
    }

    private void Append(OutputChannel channel, string? text)
    {
        if (text is null)
        {
            return; // end of stream
        }
        lock (_linesLock)
        {
            _lines.Add(new LogLine(_clock.Elapsed, channel, text));
        }
        WakeWaiters();
    }

    private void WakeWaiters()
    {
        TaskCompletionSource woken;
        lock (_linesLock)
        {
            woken = _lineArrived;
            _lineArrived = NewSignal();
        }
        woken.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void SendSignal(string signalName, string target) =>
        TestCommand.Run("kill", ["-s", signalName, "--", target]);
}
