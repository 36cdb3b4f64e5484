using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.FailoverBench;

/// <summary>Starts the daemon a node is meant to run, so that pairs can be keepalived, havrrpd or mixed.</summary>
internal static class DaemonLauncher
{
    public static LabDaemon Start(DaemonImplementation implementation, LabNode node, HaVrrpConfiguration configuration) =>
        implementation switch
        {
            DaemonImplementation.Keepalived => KeepalivedNode.Start(node, configuration),
            _ => HavrrpdNode.Start(node, configuration),
        };

    public static string NameOf(DaemonImplementation implementation) =>
        implementation == DaemonImplementation.Keepalived ? "keepalived" : "havrrpd";
}
