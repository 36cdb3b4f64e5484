using System.Net;
using System.Net.NetworkInformation;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Yaml;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// use_vmac with real daemons: each node's instance runs on a private-mode macvlan <c>vrrp.51</c> of eth0 carrying
/// 00:00:5e:00:01:33; the master holds the VIP there, its adverts leave with the virtual MAC as source, a failover
/// moves the VIP to the other node's macvlan, and havrrpd removes its macvlan at a graceful stop and with
/// <c>--cleanup</c> after a crash. Against keepalived 2.2 (using use_vmac too) in both directions.
/// </summary>
public sealed class VirtualMacLabTests
{
    private const string VirtualMacName = "vrrp.51";
    private static readonly PhysicalAddress VirtualMac = PhysicalAddress.Parse("00-00-5E-00-01-33");

    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd, DaemonImplementation.Havrrpd)]
    [InlineData(DaemonImplementation.Havrrpd, DaemonImplementation.Keepalived)]
    [InlineData(DaemonImplementation.Keepalived, DaemonImplementation.Havrrpd)]
    public async Task UseVmac_MasterHoldsTheVipOnTheMacvlan_AdvertsCarryTheVirtualMac_FailoverMovesIt(
        DaemonImplementation preferred, DaemonImplementation other)
    {
        using var pair = await VrrpPair.StartAsync(
            LabProfile.Version3,
            WithVirtualMac,
            preferred,
            other);
        var (node1, node2) = (pair.Preferred.Node, pair.Other.Node);

        await pair.Preferred.WaitForStateAsync("MASTER");
        await pair.Other.WaitForStateAsync("BACKUP");
        await WaitForSoleVirtualMacHolderAsync(pair, node1);
        foreach (var node in new[] { node1, node2 })
        {
            var link = await WaitForMacvlanAsync(node);
            Assert.Equal(VirtualMac, link.Address);
            Assert.Equal("private", link.Mode);
            Assert.Equal(LabNode.InterfaceName, link.Parent);
            Assert.Equal("1", Setting(node, "ipv4", VirtualMacName, "arp_ignore"));
            Assert.Equal("1", Setting(node, "ipv4", VirtualMacName, "accept_local"));
            Assert.Equal("0", Setting(node, "ipv4", VirtualMacName, "rp_filter"));
            Assert.Equal("1", Setting(node, "ipv4", LabNode.InterfaceName, "arp_ignore"));
            Assert.Equal("1", Setting(node, "ipv4", LabNode.InterfaceName, "arp_filter"));
        }
        Assert.False(VipHolders.Holds(node1, pair.Address, LabNode.InterfaceName));
        // The macvlan is created down and then brought up: that first state must not put the instance in FAULT.
        Assert.Empty(pair.Preferred.LinesMatching(DaemonLog.StatePattern("FAULT")));
        Assert.Empty(pair.Other.LinesMatching(DaemonLog.StatePattern("FAULT")));

        // node2 sees node1's adverts (and its gratuitous ARP) with the virtual MAC as source.
        using (var capture = LabCapture.Open(node2))
        {
            using var timeout = new CancellationTokenSource(VrrpPair.Deadline);
            var advert = await capture.NextFrameAsync(frame => LabFrames.IsVrrpFrom(frame, node1.IPv4Address), timeout.Token);
            Assert.Equal(VirtualMac, new PhysicalAddress(advert[6..12]));
        }

        // The new master announces the VIP from the same virtual MAC: neighbours need not relearn it.
        using var arpCapture = LabCapture.Open(node1);
        using var arpTimeout = new CancellationTokenSource(VrrpPair.Deadline);
        var garp = arpCapture.NextFrameAsync(frame => LabFrames.IsArpFor(frame, pair.Address), arpTimeout.Token);
        await pair.Preferred.StopGracefullyAsync();
        await pair.Other.WaitForStateAsync("MASTER");
        await WaitForSoleVirtualMacHolderAsync(pair, node2);
        var announcement = await garp;
        Assert.Equal(VirtualMac, new PhysicalAddress(announcement[6..12]));
        Assert.Equal(VirtualMac, new PhysicalAddress(announcement[22..28]));
        if (preferred == DaemonImplementation.Havrrpd)
        {
            Assert.Null(Macvlan(node1));
            Assert.Equal("0", Setting(node1, "ipv4", LabNode.InterfaceName, "arp_ignore"));
            Assert.Equal("0", Setting(node1, "ipv4", LabNode.InterfaceName, "arp_filter"));
        }

        // And back: node1 preempts from its macvlan again.
        var restarted = pair.RestartPreferred(preferred, pair.PreferredConfiguration().WithEachInstance(WithVirtualMac));
        await restarted.WaitForStateAsync("MASTER");
        await WaitForSoleVirtualMacHolderAsync(pair, node1);
    }

    /// <summary>
    /// IPv6: the macvlan vrrp.51 (keepalived's default name for either family) carries 00:00:5e:00:02:33 and eth0's link-local address, which the adverts leaving
    /// it carry as their source (RFC 5798 §5.1.2.1); the VIP moves between the macvlans.
    /// </summary>
    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd, DaemonImplementation.Havrrpd)]
    [InlineData(DaemonImplementation.Havrrpd, DaemonImplementation.Keepalived)]
    public async Task UseVmac_IPv6_AdvertsLeaveTheMacvlanFromTheLinkLocalAddress_AndTheVipMoves(
        DaemonImplementation preferred, DaemonImplementation other)
    {
        const string name = VirtualMacName;
        using var pair = await VrrpPair.StartAsync(
            LabProfile.Version3IPv6,
            WithVirtualMac,
            preferred,
            other);
        var (node1, node2) = (pair.Preferred.Node, pair.Other.Node);

        await pair.Preferred.WaitForStateAsync("MASTER");
        await WaitForSoleHolderAsync(pair, node1, name);
        Assert.Equal(PhysicalAddress.Parse("00-00-5E-00-02-33"), (await WaitForMacvlanAsync(node1, name)).Address);
        Assert.True(VipHolders.Holds(node1, new IPAddress(node1.LinkLocalAddress.GetAddressBytes()), name), "eth0's link-local address on the macvlan");
        using (var capture = LabCapture.Open(node2))
        {
            using var timeout = new CancellationTokenSource(VrrpPair.Deadline);
            var advert = await capture.NextFrameAsync(frame => LabFrames.IsVrrpFrom(frame, node1.LinkLocalAddress), timeout.Token);
            Assert.Equal(PhysicalAddress.Parse("00-00-5E-00-02-33"), new PhysicalAddress(advert[6..12]));
        }

        await pair.Preferred.StopGracefullyAsync();
        await pair.Other.WaitForStateAsync("MASTER");
        await WaitForSoleHolderAsync(pair, node2, name);
        Assert.Null(Macvlan(node1, name));
    }

    /// <summary>vmac_xmit_base: the VIP still lives on the macvlan, but adverts leave eth0 with its own MAC.</summary>
    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd)]
    [InlineData(DaemonImplementation.Keepalived)]
    public async Task VmacXmitBase_AdvertsLeaveTheInterfaceWithItsOwnMac_TheVipStaysOnTheMacvlan(DaemonImplementation other)
    {
        static VrrpInstanceConfig OnBase(VrrpInstanceConfig instance) =>
            instance with { VirtualMac = new VirtualMacConfig { TransmitOnBase = true } };
        using var pair = await VrrpPair.StartAsync(
            LabProfile.Version3,
            OnBase,
            DaemonImplementation.Havrrpd,
            other);
        var (node1, node2) = (pair.Preferred.Node, pair.Other.Node);

        await pair.Preferred.WaitForStateAsync("MASTER");
        await pair.Other.WaitForStateAsync("BACKUP");
        await WaitForSoleVirtualMacHolderAsync(pair, node1);
        using (var capture = LabCapture.Open(node2))
        {
            using var timeout = new CancellationTokenSource(VrrpPair.Deadline);
            var advert = await capture.NextFrameAsync(frame => LabFrames.IsVrrpFrom(frame, node1.IPv4Address), timeout.Token);
            Assert.Equal(node1.MacAddress, new PhysicalAddress(advert[6..12]));
        }

        await pair.Preferred.StopGracefullyAsync();
        await pair.Other.WaitForStateAsync("MASTER");
        await WaitForSoleVirtualMacHolderAsync(pair, node2);
    }

    /// <summary>The macvlan follows eth0's carrier: eth0 losing it puts the master in FAULT, and the VIP moves.</summary>
    [RootFact]
    public async Task UseVmac_TheInterfaceLosingCarrier_PutsTheMasterInFault_AndItComesBack()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3, WithVirtualMac);
        var (node1, node2) = (pair.Preferred.Node, pair.Other.Node);
        await pair.Preferred.WaitForStateAsync("MASTER");
        await WaitForSoleVirtualMacHolderAsync(pair, node1);

        node1.CutLink();
        await pair.Preferred.WaitForStateAsync("FAULT");
        await pair.Other.WaitForStateAsync("MASTER");
        await WaitForSoleVirtualMacHolderAsync(pair, node2);

        var masters = pair.Preferred.LinesMatching(DaemonLog.StatePattern("MASTER")).Count;
        node1.RestoreLink();
        await Eventually.WaitUntilAsync(
            () => pair.Preferred.LinesMatching(DaemonLog.StatePattern("MASTER")).Count, count => count > masters, VrrpPair.Deadline, "node1 MASTER again");
        await WaitForSoleVirtualMacHolderAsync(pair, node1);
    }

    /// <summary>A reload that turns use_vmac off: the instance moves to eth0 and the macvlan goes; turned on again, it is back.</summary>
    [RootFact]
    public async Task Reload_TurningUseVmacOffAndOn_RemovesAndCreatesTheMacvlan()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3, WithVirtualMac);
        var master = (HavrrpdNode)pair.Preferred;
        await master.WaitForStateAsync("MASTER");
        await WaitForSoleVirtualMacHolderAsync(pair, master.Node);

        await File.WriteAllTextAsync(master.ConfigurationPath, YamlConfigWriter.Write(pair.PreferredConfiguration()));
        master.Reload();
        await Eventually.WaitUntilAsync(() => Macvlan(master.Node) is null, VrrpPair.Deadline, "node1's macvlan removed");
        await Eventually.WaitUntilAsync(
            () => VipHolders.Holds(master.Node, pair.Address, LabNode.InterfaceName), VrrpPair.Deadline, "the VIP on node1's eth0");

        await File.WriteAllTextAsync(master.ConfigurationPath, YamlConfigWriter.Write(pair.PreferredConfiguration().WithEachInstance(WithVirtualMac)));
        master.Reload();
        await WaitForMacvlanAsync(master.Node);
        await WaitForSoleVirtualMacHolderAsync(pair, master.Node);
        Assert.False(VipHolders.Holds(master.Node, pair.Address, LabNode.InterfaceName));
    }

    [RootFact]
    public async Task Cleanup_AfterACrash_RemovesTheMacvlan()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3, WithVirtualMac);
        await pair.Preferred.WaitForStateAsync("MASTER");
        var node1 = pair.Preferred.Node;
        await WaitForMacvlanAsync(node1);

        await pair.Preferred.KillAsync();
        Assert.NotNull(Macvlan(node1));
        ((HavrrpdNode)pair.Preferred).RunCleanup();

        Assert.Null(Macvlan(node1));
        Assert.True(Macvlan(pair.Other.Node) is not null, "the other node's macvlan is its own daemon's");
    }

    private static VrrpInstanceConfig WithVirtualMac(VrrpInstanceConfig instance) => instance with { VirtualMac = new VirtualMacConfig() };

    private static Task WaitForSoleVirtualMacHolderAsync(VrrpPair pair, LabNode node) => WaitForSoleHolderAsync(pair, node, VirtualMacName);

    private static Task WaitForSoleHolderAsync(VrrpPair pair, LabNode node, string name) =>
        Eventually.WaitUntilAsync(
            () => pair.Lab.Nodes.Where(candidate => VipHolders.Holds(candidate, pair.Address, name)).SequenceEqual([node]),
            VrrpPair.Deadline,
            $"the VIP on {name} of {node.Name} alone");

    private static Task<MacvlanLink> WaitForMacvlanAsync(LabNode node, string name = VirtualMacName) =>
        MacvlanLink.WaitUntilUpAsync(() => Macvlan(node, name), $"{name} up on {node.Name}");

    /// <summary>The lab host's vrrp.51 (or <paramref name="name"/>); null when there is none.</summary>
    private static MacvlanLink? Macvlan(LabNode node, string name = VirtualMacName) => MacvlanLink.Named(node, name);

    private static string Setting(LabNode node, string family, string interfaceName, string setting) =>
        node.InNamespace(() => File.ReadAllText($"/proc/sys/net/{family}/conf/{interfaceName}/{setting}").Trim());
}
