using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Platform.Linux;
using HaVrrp.Engine.Runtime;
using HaVrrp.Engine.Tracking;
using HaVrrp.Service.Control;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace HaVrrp.Service;

/// <summary>
/// <c>havrrpd</c>'s run mode and <c>--cleanup</c> mode. Loading first, outside the host, means a bad file never
/// starts half a daemon. <c>load</c> reads and validates the file (Program passes ConfigLoader with the command
/// line's options); it is called again on every reload.
/// </summary>
public static class DaemonRunner
{
    /// <summary>How long a graceful stop may take; well above any Master_Down_Interval a hand-over waits for.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(
        string configPath,
        Func<HaVrrpConfiguration, ILoggerFactory, EnginePorts> createPorts,
        Func<string, ConfigLoadResult> load,
        string? socketPath = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        ArgumentNullException.ThrowIfNull(createPorts);
        ArgumentNullException.ThrowIfNull(load);
        var loadForDaemon = WithScriptSecurity(load);
        var initial = loadForDaemon(Path.GetFullPath(configPath));
        if (!initial.Result.IsValid)
        {
            await ReportInvalidAsync(initial.Result).ConfigureAwait(false);
            return ExitCodes.ConfigurationInvalid;
        }

        // The socket comes first: a second daemon on the same socket must not start VRRP at all.
        var controlSettings = initial.Result.Configuration!.Control;
        var access = new ControlAccess(new UnixAccounts(), controlSettings.AdminGroup);
        ControlSocketFile controlSocket;
        try
        {
            controlSocket = ControlSocketFile.Bind(socketPath ?? controlSettings.SocketPath ?? ControlProtocol.DefaultSocketPath, access.AdminGroupId);
        }
        catch (ControlSocketException exception)
        {
            await Console.Error.WriteLineAsync($"havrrpd: {exception.Message}; not starting").ConfigureAwait(false);
            return ExitCodes.ConfigurationInvalid;
        }
        using var ownedControlSocket = controlSocket;

        using var notify = SystemdNotify.FromEnvironment();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        AddJournaldLogging(builder.Logging);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton(new DaemonContext(initial, loadForDaemon, createPorts, notify));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EngineHost>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EngineHost>());
        // Registered after the engine: it starts once the engine runs and stops before the engine hands over.
        builder.Services.AddHostedService(services => CreateControlServer(services, controlSocket, access));
        builder.Services.AddSingleton<IHostLifetime, Signals>();

        using var host = builder.Build();
        // Taken before running: RunAsync disposes the host's services when it returns.
        var engineHost = host.Services.GetRequiredService<EngineHost>();
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return engineHost.ExecuteTask is { IsFaulted: true } ? ExitCodes.EngineFailed : ExitCodes.Success;
    }

    private static ControlServer CreateControlServer(IServiceProvider services, ControlSocketFile socket, ControlAccess access)
    {
        var engineHost = services.GetRequiredService<EngineHost>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("havrrpd");
        var time = services.GetRequiredService<TimeProvider>();
        var handlers = new ControlMethodHandlers(engineHost, socket.Path, time);
        var streams = new ControlStreamHandlers(engineHost, time);
        return new ControlServer(socket, access, new ControlDispatcher(handlers, streams, logger), logger);
    }

    /// <summary>
    /// <c>havrrpd --cleanup</c> (systemd's ExecStopPost): removes the configured VIPs (and use_vmac macvlans) left on the interfaces after an
    /// abnormal exit. Harmless after a clean stop, when there is nothing left to remove.
    /// </summary>
    public static int Cleanup(string configPath, IAddressManager addresses, Func<string, ConfigLoadResult> load, IVirtualMacLinks? virtualMacs = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(load);
        var loaded = load(Path.GetFullPath(configPath));
        if (loaded.Configuration is not { } configuration)
        {
            ReportInvalidAsync(loaded).GetAwaiter().GetResult();
            return ExitCodes.ConfigurationInvalid;
        }
        using var loggers = LoggerFactory.Create(AddJournaldLogging);
        VirtualAddressCleanup.RemoveConfigured(configuration, addresses, loggers.CreateLogger("havrrpd"));
        VirtualAddressCleanup.RemoveVirtualMacs(configuration, virtualMacs ?? NoVirtualMacLinks.Instance, loggers.CreateLogger("havrrpd"));
        return 0;
    }

    /// <summary>
    /// enable_script_security as keepalived applies it: the scripts the validator reported (HV0128, logged with
    /// the other diagnostics at start and reload) are taken out of the configuration the engine runs.
    /// </summary>
    private static Func<string, LoadedConfiguration> WithScriptSecurity(Func<string, ConfigLoadResult> load) => path =>
    {
        var loaded = load(path);
        if (loaded.Configuration is not { } configuration || !OperatingSystem.IsLinux())
        {
            return LoadedConfiguration.Plain(loaded);
        }
        var insecure = ScriptSecurityGate.FindInsecure(configuration, new UnixScriptFileSystem(), Environment.IsPrivilegedProcess);
        return new LoadedConfiguration(loaded with { Configuration = ScriptSecurityGate.WithoutInsecure(configuration, insecure) }, insecure, configuration);
    };

    private static void AddJournaldLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddConsole(options => options.FormatterName = JournaldConsoleFormatter.FormatterName);
        logging.AddConsoleFormatter<JournaldConsoleFormatter, JournaldConsoleFormatterOptions>();
    }

    private static async Task ReportInvalidAsync(ConfigLoadResult loaded)
    {
        foreach (var diagnostic in loaded.Diagnostics)
        {
            await Console.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
        }
        await Console.Error.WriteLineAsync($"havrrpd: {loaded.Path}: {loaded.ErrorCount} error(s); not starting").ConfigureAwait(false);
    }
}
