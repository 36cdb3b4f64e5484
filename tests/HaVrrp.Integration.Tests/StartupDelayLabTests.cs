using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// vrrp_startup_delay with a real daemon alone on a lab segment: keepalived's "Delaying startup for N seconds",
/// then no state before the delay is over. keepalived runs the same file, so the phrase and the order are shared.
/// </summary>
public sealed class StartupDelayLabTests
{
    private static readonly TimeSpan StartupDelay = TimeSpan.FromSeconds(2);

    private static string Configuration(NetworkLab lab) => $$"""
        global_defs {
            vrrp_startup_delay {{StartupDelay.TotalSeconds}}
        }
        vrrp_instance VI_1 {
            state MASTER
            interface eth0
            virtual_router_id 51
            priority 150
            advert_int 1
            virtual_ipaddress {
                {{lab.IPv4Prefix}}.200/24
            }
        }
        """;

    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd)]
    [InlineData(DaemonImplementation.Keepalived)]
    public async Task StartupDelay_IsLogged_AndNoInstanceTakesAStateBeforeItIsOver(DaemonImplementation implementation)
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        var node = lab.Nodes[0];
        using LabDaemon daemon = implementation == DaemonImplementation.Havrrpd
            ? HavrrpdNode.Start(node, Configuration(lab), "keepalived.conf")
            : KeepalivedNode.Start(node, Configuration(lab));

        var delaying = await daemon.WaitForLogAsync($"Delaying startup for {StartupDelay.TotalSeconds} seconds");
        var master = await daemon.WaitForStateAsync("MASTER");

        // A lower bound only: however slow the machine, the state cannot come before the delay is over.
        Assert.True(master.Elapsed - delaying.Elapsed >= StartupDelay - TimeSpan.FromMilliseconds(50), daemon.Transcript());
        if (implementation == DaemonImplementation.Havrrpd)
        {
            var over = await daemon.WaitForLogAsync("Startup delay over; starting 1 instance");
            Assert.True(over.Elapsed <= master.Elapsed, daemon.Transcript());
        }
    }
}
