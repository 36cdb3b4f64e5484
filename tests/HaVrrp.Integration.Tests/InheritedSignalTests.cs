using System.Text.RegularExpressions;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// havrrpd started the way `nohup havrrpd ... &amp;` starts it, with SIGHUP and SIGINT ignored: it must
/// still reload on SIGHUP and stop gracefully on SIGINT (docs/daemon.md, "Signals").
/// </summary>
public sealed class InheritedSignalTests
{
    private static readonly Regex Restored = new("SIGHUP was ignored when havrrpd started", RegexOptions.CultureInvariant);
    private static readonly Regex Reloaded = new(@"reloaded: unchanged 0, changed 1, removed 0, added 0", RegexOptions.CultureInvariant);

    [RootFact]
    public async Task StartedWithSignalsIgnored_StillReloadsOnSighup_AndStopsOnSigint()
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        var address = TrackingLab.VirtualAddress(lab);
        using var master = HavrrpdNode.Start(
            lab.Nodes[0],
            Configuration(address, priority: 150),
            "havrrp.yaml",
            ["env", "--ignore-signal=HUP", "--ignore-signal=INT", .. HavrrpdNode.DefaultLauncher]);
        await master.WaitForStateAsync("MASTER");
        await master.WaitForLogAsync(Restored, 0);

        var before = master.Lines.Count;
        await File.WriteAllTextAsync(master.ConfigurationPath, Configuration(address, priority: 140));
        master.Reload();
        await master.WaitForLogAsync(Reloaded, before);

        master.Process.Signal("INT");
        Assert.Equal(0, await master.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private static string Configuration(System.Net.IPAddress address, int priority) => $"""
        vrrp_instances:
          VI_1:
            state: MASTER
            interface: eth0
            virtual_router_id: {TrackingLab.VirtualRouterId}
            priority: {priority}
            advert_int: 1s
            virtual_ipaddress:
              - {address}/24
        """;
}
