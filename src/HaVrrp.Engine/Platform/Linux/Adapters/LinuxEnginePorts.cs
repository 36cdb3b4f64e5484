using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Platform.Linux.Firewall;
using HaVrrp.Engine.Platform.Linux.Processes;
using HaVrrp.Engine.Platform.Linux.Scripts;
using HaVrrp.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>The engine's ports on Linux: raw sockets, rtnetlink, AF_PACKET, the script runner, the link monitor and the address probes.</summary>
public static class LinuxEnginePorts
{
    /// <summary>
    /// Every port, and the event sources beside the loop: the link monitor, the vrrp_script scheduler and the
    /// vrrp_track_file and vrrp_track_process watchers (the last three follow reloads through <see cref="IConfigurationFollower"/>).
    /// </summary>
    public static EnginePorts Create(HaVrrpConfiguration configuration, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(loggers);
        var global = configuration.Global;
        var logger = loggers.CreateLogger("havrrpd");
        var garp = global.Garp.Over(GarpSettings.Defaults);
        var runner = new ScriptRunner();
        var addressProbe = new LinuxAddressProbe(logger);
        return new EnginePorts(
            new LinuxVrrpTransportFactory(global.MulticastGroup4, global.MulticastGroup6, logger),
            new LinuxAddressManager(),
            new LinuxGratuitousArpSender(garp.Interval ?? TimeSpan.Zero, garp.NaInterval ?? TimeSpan.Zero, logger),
            new LinuxNotifier(runner, global, logger))
        {
            AddressProbe = addressProbe,
            InterfaceSettings = new LinuxInterfaceSettings(),
            Firewall = new NftablesFirewall(),
            VirtualMacLinks = new LinuxVirtualMacLinks(),
            EventSources =
            [
                new LinkStateFeed(logger),
                new AddressDeletionFeed(logger),
                addressProbe,
                new ScriptScheduler(configuration, runner, TimeProvider.System, logger),
                new TrackFileWatcher(configuration, TimeProvider.System, logger),
                new ProcessWatcher(configuration, TimeProvider.System, logger),
            ],
        };
    }
}
