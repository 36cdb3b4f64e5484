using HaVrrp.Engine.Control;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// The running daemon's engine loop and its VRRP receivers are threads of their own (docs/daemon.md, "The engine
/// loop's own thread", "Receiving on threads of their own").
/// </summary>
public sealed class EngineThreadLabTests
{
    [RootFact]
    public async Task RunningDaemon_HasAnEngineThreadAndAReceiverThreadOfItsOwn()
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        var address = TrackingLab.VirtualAddress(lab);
        using var master = HavrrpdNode.Start(lab.Nodes[0], $"""
            vrrp_instances:
              VI_1:
                interface: eth0
                virtual_router_id: {TrackingLab.VirtualRouterId}
                priority: 150
                advert_int: 1s
                virtual_ipaddress:
                  - {address}/24
            """, "havrrp.yaml");
        await master.WaitForStateAsync("MASTER");
        await using var client = await VrrpControlClient.ConnectAsync(master.SocketPath);
        var pid = (await client.HelloAsync()).Pid;

        var threadNames = Directory.GetDirectories($"/proc/{pid}/task")
            .Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim())
            .ToList();

        Assert.Single(threadNames, name => name == "havrrp-engine");
        Assert.Single(threadNames, name => name == "vrrp4 eth0");
    }
}
