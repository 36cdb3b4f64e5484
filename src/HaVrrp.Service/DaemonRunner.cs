using HaVrrp.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace HaVrrp.Service;

/// <summary>
/// <c>havrrpd</c>'s run mode and <c>--cleanup</c> mode, for Program to call once the command line and the Linux
/// adapters are merged. Loading first, outside the host, means a bad file never starts half a daemon.
/// </summary>
public static class DaemonRunner
{
    /// <summary>As ExitCodes.ConfigurationInvalid (merged separately): automation relies on 1 meaning "bad configuration".</summary>
    public const int ConfigurationInvalidExitCode = 1;

    /// <summary>The engine stopped for a reason other than a request (EX_SOFTWARE).</summary>
    public const int EngineFailedExitCode = 70;

    /// <summary>How long a graceful stop may take; well above any Master_Down_Interval a hand-over waits for.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(
        string configPath,
        EnginePorts ports,
        Func<string, LoadedConfiguration>? load = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        ArgumentNullException.ThrowIfNull(ports);
        load ??= DaemonConfiguration.LoadYaml;
        var initial = load(Path.GetFullPath(configPath));
        if (!initial.IsValid)
        {
            await ReportInvalidAsync(initial).ConfigureAwait(false);
            return ConfigurationInvalidExitCode;
        }

        using var notify = SystemdNotify.FromEnvironment();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        AddJournaldLogging(builder.Logging);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton(new DaemonContext(initial, load, ports, notify));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EngineHost>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EngineHost>());
        builder.Services.AddSingleton<IHostLifetime, Signals>();

        using var host = builder.Build();
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        var execution = host.Services.GetRequiredService<EngineHost>().ExecuteTask;
        return execution is { IsFaulted: true } ? EngineFailedExitCode : 0;
    }

    /// <summary>
    /// <c>havrrpd --cleanup</c> (systemd's ExecStopPost): removes the configured VIPs left on the interfaces after an
    /// abnormal exit. Harmless after a clean stop, when there is nothing left to remove.
    /// </summary>
    public static int Cleanup(string configPath, IAddressManager addresses, Func<string, LoadedConfiguration>? load = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        ArgumentNullException.ThrowIfNull(addresses);
        var loaded = (load ?? DaemonConfiguration.LoadYaml)(Path.GetFullPath(configPath));
        if (loaded.Configuration is not { } configuration)
        {
            ReportInvalidAsync(loaded).GetAwaiter().GetResult();
            return ConfigurationInvalidExitCode;
        }
        using var loggers = LoggerFactory.Create(AddJournaldLogging);
        VirtualAddressCleanup.RemoveConfigured(configuration, addresses, loggers.CreateLogger("havrrpd"));
        return 0;
    }

    private static void AddJournaldLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddConsole(options => options.FormatterName = JournaldConsoleFormatter.FormatterName);
        logging.AddConsoleFormatter<JournaldConsoleFormatter, JournaldConsoleFormatterOptions>();
    }

    private static async Task ReportInvalidAsync(LoadedConfiguration loaded)
    {
        foreach (var diagnostic in loaded.Diagnostics)
        {
            await Console.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
        }
        await Console.Error.WriteLineAsync($"havrrpd: {loaded.Path}: {loaded.ErrorCount} error(s); not starting").ConfigureAwait(false);
    }
}
