using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace HaVrrp.Service;

/// <summary>
/// havrrpd's logging: the console, one line per event as <see cref="JournaldConsoleFormatter"/> writes it, from
/// Information up. Put together from its parts rather than with LoggerFactory.Create and AddConsole, which build a
/// dependency-injection container, options and every formatter the console logger knows before the first advert
/// (docs/performance.md, "Start-up, second pass").
/// </summary>
internal static class DaemonLogging
{
    public static ILoggerFactory Create()
    {
        var consoleOptions = new OptionsMonitor<ConsoleLoggerOptions>(
            new OptionsFactory<ConsoleLoggerOptions>(
                [new ConfigureNamedOptions<ConsoleLoggerOptions>(Options.DefaultName, Configure)],
                []),
            [],
            new OptionsCache<ConsoleLoggerOptions>());
        var formatter = new JournaldConsoleFormatter(new JournaldConsoleFormatterOptions(), TimeProvider.System);
        var loggers = new LoggerFactory([], new LoggerFilterOptions { MinLevel = LogLevel.Information });
        // Added rather than given to the constructor: the factory disposes what is added, which flushes the console's queue.
        loggers.AddProvider(new ConsoleLoggerProvider(consoleOptions, [formatter]));
        return loggers;
    }

    private static void Configure(ConsoleLoggerOptions options)
    {
        options.FormatterName = JournaldConsoleFormatter.FormatterName;
        // A journal that cannot keep up must never stall the engine: past the queue, lines are dropped and the
        // logger says how many, rather than blocking the thread that logs (docs/daemon.md "Real-time scheduling").
        options.QueueFullMode = ConsoleLoggerQueueFullMode.DropWrite;
    }
}
