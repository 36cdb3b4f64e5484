using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>The engine's ports on Linux: raw sockets, rtnetlink, AF_PACKET, the script runner and the link monitor.</summary>
public static class LinuxEnginePorts
{
    public static EnginePorts Create(GlobalSettings global, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(loggers);
        var logger = loggers.CreateLogger("havrrpd");
        var garp = global.Garp.Over(GarpSettings.Defaults);
        return new EnginePorts(
            new LinuxVrrpTransportFactory(global.MulticastGroup4, global.MulticastGroup6, logger),
            new LinuxAddressManager(),
            new LinuxGratuitousArpSender(garp.Interval ?? TimeSpan.Zero, garp.NaInterval ?? TimeSpan.Zero, logger),
            new LinuxNotifier(new ScriptRunner(), global, logger))
        {
            EventSources = [new LinkStateFeed(logger)],
        };
    }
}
