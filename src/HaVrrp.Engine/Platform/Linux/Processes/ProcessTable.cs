using System.Globalization;
using System.Text;
using HaVrrp.Engine.Tracking;
using Microsoft.Win32.SafeHandles;

namespace HaVrrp.Engine.Platform.Linux.Processes;

/// <summary>
/// Reads running processes from /proc: the name, state and parent from <c>/proc/PID/stat</c>, and, only when asked,
/// the start of <c>/proc/PID/cmdline</c> (reading it touches the process's memory, so keepalived avoids it too).
/// Zombies are skipped: they no longer run their program. A process that ends while being read is simply absent.
/// </summary>
public sealed class ProcessTable(string root = "/proc")
{
    // "PID (comm) S PPID ...": comm is at most 15 bytes, so the fields needed fit well inside this.
    private const int StatBytes = 512;

    private readonly byte[] _buffer = new byte[StatBytes];

    /// <summary>
    /// How much of a command line is read: enough for the longest process name and parameters any block compares,
    /// plus one byte, so that a longer command line is seen to differ (as keepalived reads it).
    /// </summary>
    public int CommandLineBytes { get; init; } = 4096;

    /// <summary>Every process now running.</summary>
    public IEnumerable<ProcessSnapshot> Scan(bool withCommandLine)
    {
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(directory.AsSpan());
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]) ||
                !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            if (Read(pid, withCommandLine) is { } process)
            {
                yield return process;
            }
        }
    }

    /// <summary>One process, or null when it is gone or a zombie.</summary>
    public ProcessSnapshot? Read(int pid, bool withCommandLine) => Read(pid, withStat: true, withCommandLine);

    /// <summary>
    /// A process that has just exec'd: its stat (name, parent) is read only when <paramref name="withStat"/>, since
    /// under a fork storm every file read counts; without it the name is empty and the parent 0.
    /// </summary>
    public ProcessSnapshot? Read(int pid, bool withStat, bool withCommandLine)
    {
        var prefix = root + "/" + pid.ToString(CultureInfo.InvariantCulture);
        var comm = string.Empty;
        var parentPid = 0;
        if (withStat)
        {
            var length = ReadStart(prefix + "/stat", _buffer);
            if (length <= 0 || !TryParseStat(_buffer.AsSpan(0, length), out comm, out var state, out parentPid) || state is 'Z' or 'X')
            {
                return null;
            }
        }
        IReadOnlyList<string>? commandLine = null;
        if (withCommandLine)
        {
            var bytes = CommandLineBytes <= _buffer.Length ? _buffer : new byte[CommandLineBytes];
            var read = ReadStart(prefix + "/cmdline", bytes.AsSpan(0, CommandLineBytes));
            if (read < 0)
            {
                return null;
            }
            commandLine = SplitCommandLine(bytes.AsSpan(0, read));
        }
        return new ProcessSnapshot(pid, parentPid, comm, commandLine);
    }

    /// <summary>The name between the first '(' and the last ')' (a name may hold either), then the state and parent.</summary>
    public static bool TryParseStat(ReadOnlySpan<byte> stat, out string comm, out char state, out int parentPid)
    {
        comm = string.Empty;
        state = '\0';
        parentPid = 0;
        var open = stat.IndexOf((byte)'(');
        var close = stat.LastIndexOf((byte)')');
        if (open < 0 || close < open || close + 4 > stat.Length)
        {
            return false;
        }
        comm = Encoding.UTF8.GetString(stat[(open + 1)..close]);
        var rest = stat[(close + 2)..];
        state = (char)rest[0];
        rest = rest[1..].TrimStart((byte)' ');
        var end = rest.IndexOf((byte)' ');
        return int.TryParse(end < 0 ? rest : rest[..end], NumberStyles.None, CultureInfo.InvariantCulture, out parentPid);
    }

    /// <summary>NUL-separated arguments; a last one cut off by the read limit is kept as read.</summary>
    public static IReadOnlyList<string> SplitCommandLine(ReadOnlySpan<byte> cmdline)
    {
        var arguments = new List<string>();
        while (!cmdline.IsEmpty)
        {
            var end = cmdline.IndexOf((byte)0);
            if (end < 0)
            {
                arguments.Add(Encoding.UTF8.GetString(cmdline));
                break;
            }
            arguments.Add(Encoding.UTF8.GetString(cmdline[..end]));
            cmdline = cmdline[(end + 1)..];
        }
        return arguments;
    }

    /// <summary>The first bytes of a /proc file; -1 when it cannot be read (the process is gone).</summary>
    private static int ReadStart(string path, Span<byte> buffer)
    {
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return RandomAccess.Read(handle, buffer, 0);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
