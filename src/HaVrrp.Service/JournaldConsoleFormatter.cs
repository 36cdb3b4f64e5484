using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace HaVrrp.Service;

public sealed class JournaldConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>Write sd-daemon(3) <c>&lt;N&gt;</c> priority prefixes; null means "when stdout is the journal" ($JOURNAL_STREAM).</summary>
    public bool? UsePriorityPrefix { get; set; }
}

/// <summary>
/// One line per event, the message as keepalived would print it. Under systemd the line starts with the syslog
/// priority (<c>&lt;6&gt;</c> info, <c>&lt;4&gt;</c> warning...) so journald files it at the right level and
/// adds its own timestamp; on a terminal it starts with a timestamp and a level word instead.
/// </summary>
public sealed class JournaldConsoleFormatter : ConsoleFormatter
{
    public const string FormatterName = "havrrp";

    private readonly JournaldConsoleFormatterOptions _options;
    private readonly TimeProvider _time;

    internal JournaldConsoleFormatter(JournaldConsoleFormatterOptions options, TimeProvider time)
        : base(FormatterName)
    {
        _options = options;
        _time = time;
    }

    private bool UsePriorityPrefix =>
        _options.UsePriorityPrefix ?? !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM"));

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }
        var text = logEntry.Exception is null ? message : $"{message} {logEntry.Exception}";
        var prefix = UsePriorityPrefix
            ? $"<{SyslogPriority(logEntry.LogLevel)}>"
            : $"{_time.GetLocalNow():yyyy-MM-dd HH:mm:ss.fff} {LevelWord(logEntry.LogLevel)}: ";

        // journald makes an entry of every line; a stack trace keeps its priority on each of them.
        foreach (var line in (text ?? string.Empty).ReplaceLineEndings("\n").Split('\n'))
        {
            textWriter.Write(prefix);
            textWriter.Write(line);
            textWriter.Write('\n');
        }
    }

    /// <summary>syslog(3) priorities, as sd-daemon(3) reads them.</summary>
    public static int SyslogPriority(LogLevel level) => level switch
    {
        LogLevel.Critical => 2,
        LogLevel.Error => 3,
        LogLevel.Warning => 4,
        LogLevel.Information => 6,
        _ => 7,
    };

    private static string LevelWord(LogLevel level) => level switch
    {
        LogLevel.Critical => "crit",
        LogLevel.Error => "error",
        LogLevel.Warning => "warn",
        LogLevel.Information => "info",
        _ => "debug",
    };

    internal static LogEntry<string> Entry(LogLevel level, string message, Exception? exception = null) =>
        new(level, "havrrpd", default, message, exception, static (state, _) => state);
}
