using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Platform.Linux.Native;
using HaVrrp.Engine.Platform.Linux.Scheduling;
using HaVrrp.Engine.Platform.Linux.Scripts;
using HaVrrp.Engine.Runtime;
using HaVrrp.Service.Control;
using HaVrrp.Service.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Service;

/// <summary>
/// <c>havrrpd</c>'s run mode and <c>--cleanup</c> mode. Loading first, before any service starts, means a bad file never
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
        IPEndPoint? metricsListen = null,
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
        // The admin group's lookup through NSS takes milliseconds (nsswitch.conf, libnss_systemd): it runs on the pool
        // while this thread builds the logging (docs/performance.md, "Start-up, second pass").
        var adminGroupId = Task.Run(() => access.AdminGroupId, CancellationToken.None);
        using var loggers = DaemonLogging.Create();
        ControlSocketFile controlSocket;
        try
        {
            var path = socketPath ?? controlSettings.SocketPath ?? ControlProtocol.DefaultSocketPath;
            controlSocket = ControlSocketFile.Bind(path, await adminGroupId.ConfigureAwait(false));
        }
        catch (ControlSocketException exception)
        {
            await Console.Error.WriteLineAsync($"havrrpd: {exception.Message}; not starting").ConfigureAwait(false);
            return ExitCodes.ConfigurationInvalid;
        }
        using var ownedControlSocket = controlSocket;

        // Bound before VRRP starts too: an endpoint operators alert on must not be missing silently.
        MetricsListener? metricsListener = null;
        if ((metricsListen ?? initial.Result.Configuration.Metrics.Listen) is { } metricsEndpoint)
        {
            try
            {
                metricsListener = MetricsListener.Bind(metricsEndpoint);
            }
            catch (MetricsListenException exception)
            {
                await Console.Error.WriteLineAsync($"havrrpd: {exception.Message}; not starting").ConfigureAwait(false);
                return ExitCodes.ConfigurationInvalid;
            }
        }
        using var ownedMetricsListener = metricsListener;

        var notify = SystemdNotify.FromEnvironment();
        var logger = loggers.CreateLogger("havrrpd");
        // Before the engine starts its threads, so that they start under it too.
        using var scheduler = new ProcessScheduler(logger);
        scheduler.Apply(initial.Result.Configuration.Global.Scheduling);
        var time = TimeProvider.System;
        var engineHost = new EngineHost(new DaemonContext(initial, loadForDaemon, createPorts, notify, scheduler), time, loggers);
        var handlers = new ControlMethodHandlers(engineHost, controlSocket.Path, time);
        List<IHostedService> services =
        [
            // First, so that it stops last: its log line covers the whole run, the hand-over included.
            new GarbageCollectionReport(logger),
            engineHost,
            // After the engine: it starts once the engine runs and stops before the engine hands over.
            new ControlServer(controlSocket, access, new ControlDispatcher(handlers, new ControlStreamHandlers(engineHost, time), logger), logger),
        ];
        if (metricsListener is not null)
        {
            services.Add(CreateMetricsServer(handlers, metricsListener, logger));
        }
        using var daemon = new DaemonServices(services, logger);
        using var signals = new Signals(daemon.RequestStop, engineHost, loggers.CreateLogger<Signals>());
        signals.Register();
        await daemon.RunAsync(ShutdownTimeout, cancellationToken).ConfigureAwait(false);
        return engineHost.ExecuteTask is { IsFaulted: true } ? ExitCodes.EngineFailed : ExitCodes.Success;
    }

    /// <summary>
    /// The metrics endpoint reads the daemon through the control plane's own methods (instance.list, script.list):
    /// the same engine snapshot, taken on the engine loop, that the cmdlets see.
    /// </summary>
    private static MetricsServer CreateMetricsServer(ControlMethodHandlers handlers, MetricsListener listener, ILogger logger) =>
        new(listener, async () =>
        {
            var instances = await handlers.ListInstancesAsync(new InstanceListParams()).ConfigureAwait(false);
            var scripts = await handlers.ListScriptsAsync().ConfigureAwait(false);
            return new MetricsSnapshot(instances.Instances, scripts.Scripts);
        }, logger);

    /// <summary>
    /// <c>havrrpd --cleanup</c> (systemd's ExecStopPost): removes the configured VIPs, use_vmac macvlans and the
    /// nftables rules of Accept_Mode off left after an abnormal exit. Harmless after a clean stop, when there is nothing
    /// left to remove.
    /// </summary>
    public static int Cleanup(
        string configPath, IAddressManager addresses, IAcceptModeFirewall firewall, Func<string, ConfigLoadResult> load, IVirtualMacLinks? virtualMacs = null)
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
        using var loggers = DaemonLogging.Create();
        var logger = loggers.CreateLogger("havrrpd");
        VirtualAddressCleanup.RemoveConfigured(configuration, addresses, logger);
        VirtualAddressCleanup.RemoveVirtualMacs(configuration, virtualMacs ?? NoVirtualMacLinks.Instance, logger);
        new AcceptModeFilter(firewall, logger).RemoveLeftovers(configuration);
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

    private static async Task ReportInvalidAsync(ConfigLoadResult loaded)
    {
        foreach (var diagnostic in loaded.Diagnostics)
        {
            await Console.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
        }
        await Console.Error.WriteLineAsync($"havrrpd: {loaded.Path}: {loaded.ErrorCount} error(s); not starting").ConfigureAwait(false);
    }
}
