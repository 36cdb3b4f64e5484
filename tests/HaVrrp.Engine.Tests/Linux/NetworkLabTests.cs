using System.Net;
using System.Net.Sockets;
using System.Net.NetworkInformation;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Engine.Tests.Linux;

public sealed class NetworkLabTests
{
    [RootFact]
    public void Create_GivesEachHostItsAddresses_AndDisposeRemovesEveryNamespace()
    {
        string[] namespaces;
        using (var lab = NetworkLab.Create(nodeCount: 2))
        {
            namespaces = [lab.BridgeNamespace, .. lab.Nodes.Select(node => node.Namespace), lab.Client.Namespace];
            Assert.All(namespaces, name => Assert.True(File.Exists($"/run/netns/{name}"), name));
            Assert.Matches("^hv[0-9a-f]{6}$", lab.Id);
            Assert.All(lab.Nodes.Select(node => node.BridgePort), port => Assert.True(port.Length <= 15, port));

            var addresses = lab.Nodes[0].Run("ip", "-o", "addr", "show", "dev", LabNode.InterfaceName);
            Assert.Contains($"{lab.Nodes[0].IPv4Address}/24", addresses, StringComparison.Ordinal);
            Assert.Contains($"{lab.Nodes[0].IPv6Address}/64", addresses, StringComparison.Ordinal);
            Assert.Contains("fe80::11/64", addresses, StringComparison.Ordinal);
            Assert.Equal("node1", lab.Nodes[0].Name);
        }
        Assert.All(namespaces, name => Assert.False(File.Exists($"/run/netns/{name}"), name));
    }

    [RootFact]
    public async Task Nodes_OnTheBridge_ReachEachOther_AndCutLinkDropsTheCarrier()
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        var (node1, node2) = (lab.Nodes[0], lab.Nodes[1]);
        using var listener = node2.InNamespace(() => new UdpClient(new IPEndPoint(node2.IPv4Address, 7000)));
        using var talker = node1.InNamespace(() => new UdpClient(new IPEndPoint(node1.IPv4Address, 0)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await talker.SendAsync(new byte[] { 1, 2, 3 }, new IPEndPoint(node2.IPv4Address, 7000), timeout.Token);
        var received = await listener.ReceiveAsync(timeout.Token);
        node1.CutLink();
        var carrierWhileCut = node1.Run("cat", $"/sys/class/net/{LabNode.InterfaceName}/carrier").Trim();
        node1.RestoreLink();
        var carrierAfterRestore = node1.Run("cat", $"/sys/class/net/{LabNode.InterfaceName}/carrier").Trim();

        Assert.Equal(node1.IPv4Address, received.RemoteEndPoint.Address);
        Assert.Equal("0", carrierWhileCut);
        Assert.Equal("1", carrierAfterRestore);
    }

    [RootFact]
    public void InNamespace_SeesTheNodesInterface_NotTheHosts()
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        var node = lab.Nodes[0];

        var mac = node.InNamespace(() => NetworkInterface.GetAllNetworkInterfaces()
            .Single(candidate => candidate.Name == LabNode.InterfaceName).GetPhysicalAddress());

        Assert.Equal(node.MacAddress, mac);
    }

    [RootFact]
    public void SweepStaleLabs_RemovesLabsOfDeadProcesses_AndKeepsLiveOnes()
    {
        using var live = NetworkLab.Create(nodeCount: 1);
        var staleId = TestCommand.UniqueName("hv", randomBytes: 3);
        TestCommand.AddNamespace($"{staleId}-br");
        File.WriteAllText($"/run/havrrp-labs/{staleId}", "2147483646 1"); // a pid that cannot exist

        var removed = NetworkLab.SweepStaleLabs();

        Assert.Contains(staleId, removed);
        Assert.False(File.Exists($"/run/netns/{staleId}-br"));
        Assert.DoesNotContain(live.Id, removed);
        Assert.True(File.Exists($"/run/netns/{live.BridgeNamespace}"));
    }
}
