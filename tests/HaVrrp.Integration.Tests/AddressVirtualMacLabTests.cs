using System.Net;
using System.Net.NetworkInformation;
using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// use_vmac_addr with real daemons: an IPv4 instance (VRID 51) on eth0 with an IPv6 excluded VIP, which, being of the
/// other family, gets a macvlan of its own on eth0 carrying 00:00:5e:00:02:33 (havrrpd names it vrrp6.51, keepalived,
/// whose instance has no use_vmac here, vrrp.51; the nodes are told apart by MAC). The master alone holds the eVIP
/// there, the new master announces it from the virtual MAC after a failover, and havrrpd removes the macvlan at a
/// graceful stop and with <c>--cleanup</c> after a crash. The eVIP's own <c>use_vmac</c> does the same. Against keepalived
/// 2.2 in both directions.
/// </summary>
public sealed class AddressVirtualMacLabTests
{
    private static readonly IPAddress ExcludedVip = IPAddress.Parse("fd00:51::51");
    private static readonly PhysicalAddress VirtualMac = PhysicalAddress.Parse("00-00-5E-00-02-33");

    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd, DaemonImplementation.Havrrpd, false)]
    [InlineData(DaemonImplementation.Havrrpd, DaemonImplementation.Keepalived, false)]
    [InlineData(DaemonImplementation.Keepalived, DaemonImplementation.Havrrpd, false)]
    [InlineData(DaemonImplementation.Havrrpd, DaemonImplementation.Keepalived, true)]
    public async Task UseVmacAddr_AnEvipOfTheOtherFamily_LivesOnItsOwnMacvlan_AndMovesWithTheMaster(
        DaemonImplementation preferred, DaemonImplementation other, bool flagOnTheAddress)
    {
        // flagOnTheAddress: the eVIP's own use_vmac instead of the instance's use_vmac_addr, to the same effect.
        var withVip = flagOnTheAddress ? (Func<VrrpInstanceConfig, VrrpInstanceConfig>)WithFlaggedExcludedIPv6Vip : WithExcludedIPv6Vip;
        using var pair = await VrrpPair.StartAsync(
            LabProfile.Version3,
            withVip,
            preferred,
            other);
        var (node1, node2) = (pair.Preferred.Node, pair.Other.Node);

        await pair.Preferred.WaitForStateAsync("MASTER");
        await pair.Other.WaitForStateAsync("BACKUP");
        await WaitForSoleHolderAsync(pair, node1);
        foreach (var node in new[] { node1, node2 })
        {
            var link = await WaitForMacvlanAsync(node);
            Assert.Equal("private", link.Mode);
            Assert.Equal(LabNode.InterfaceName, link.Parent);
            if (node == node1 ? preferred == DaemonImplementation.Havrrpd : other == DaemonImplementation.Havrrpd)
            {
                Assert.Equal("vrrp6.51", link.Name);
            }
        }
        // The IPv4 VIP stays on eth0: the instance itself has no use_vmac.
        Assert.True(VipHolders.Holds(node1, pair.Address, LabNode.InterfaceName), "the IPv4 VIP on node1's eth0");
        Assert.False(VipHolders.Holds(node1, ExcludedVip, LabNode.InterfaceName));
        // The macvlan is created down and then brought up: that first state must not put the instance in FAULT.
        Assert.Empty(pair.Preferred.LinesMatching(DaemonLog.StatePattern("FAULT")));
        Assert.Empty(pair.Other.LinesMatching(DaemonLog.StatePattern("FAULT")));

        // The new master announces the eVIP (an unsolicited NA) from the macvlan's virtual MAC.
        using var capture = LabCapture.Open(node1);
        using var timeout = new CancellationTokenSource(VrrpPair.Deadline);
        var announcement = capture.NextFrameAsync(frame => LabFrames.IsNeighborAdvertFor(frame, ExcludedVip), timeout.Token);
        await pair.Preferred.StopGracefullyAsync();
        await pair.Other.WaitForStateAsync("MASTER");
        await WaitForSoleHolderAsync(pair, node2);
        Assert.Equal(VirtualMac, new PhysicalAddress((await announcement)[6..12]));
        if (preferred == DaemonImplementation.Havrrpd)
        {
            Assert.Null(Macvlan(node1));
        }

        // And back: node1 preempts, and its macvlan is made again.
        var restarted = pair.RestartPreferred(preferred, pair.PreferredConfiguration().WithEachInstance(withVip));
        await restarted.WaitForStateAsync("MASTER");
        await WaitForSoleHolderAsync(pair, node1);
    }

    /// <summary>
    /// A VIP with <c>dev eth1</c>, a second link each node gets on a second bridge of the lab: with use_vmac_addr it
    /// lives on a macvlan of eth1 carrying 00:00:5e:00:01:33 (havrrpd's vrrp1.51, keepalived's vrrp.51).
    /// </summary>
    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd, DaemonImplementation.Havrrpd)]
    [InlineData(DaemonImplementation.Havrrpd, DaemonImplementation.Keepalived)]
    public async Task UseVmacAddr_AVipOnASecondLink_LivesOnAMacvlanThere_AndMovesWithTheMaster(
        DaemonImplementation preferred, DaemonImplementation other)
    {
        var onSecondLink = new VirtualAddress(SecondLinkVip) { PrefixLength = 24, Device = SecondLink };
        VrrpInstanceConfig WithVipOnSecondLink(VrrpInstanceConfig instance) => instance with
        {
            UseVirtualMacForAddresses = true,
            VirtualIpAddresses = [.. instance.VirtualIpAddresses, onSecondLink],
        };
        using var pair = await VrrpPair.StartAsync(
            LabProfile.Version3,
            pair =>
            {
                // Called once, before the first daemon starts: eth1 must exist when the instance starts.
                AddSecondLink(pair.Lab);
                return pair.PreferredConfiguration().WithEachInstance(WithVipOnSecondLink);
            },
            pair => pair.OtherConfiguration().WithEachInstance(WithVipOnSecondLink),
            preferred,
            other);
        var (node1, node2) = (pair.Preferred.Node, pair.Other.Node);
        var mac = PhysicalAddress.Parse("00-00-5E-00-01-33");

        await pair.Preferred.WaitForStateAsync("MASTER");
        await pair.Other.WaitForStateAsync("BACKUP");
        await WaitForSoleHolderAsync(pair, node1, SecondLinkVip, mac);
        var link = await WaitForMacvlanAsync(node1, mac);
        Assert.Equal(SecondLink, link.Parent);
        Assert.Equal("vrrp1.51", link.Name);
        Assert.True(VipHolders.Holds(node1, pair.Address, LabNode.InterfaceName), "the VIP without dev stays on eth0");
        Assert.Empty(pair.Preferred.LinesMatching(DaemonLog.StatePattern("FAULT")));

        await pair.Preferred.StopGracefullyAsync();
        await pair.Other.WaitForStateAsync("MASTER");
        await WaitForSoleHolderAsync(pair, node2, SecondLinkVip, mac);
        Assert.Null(Macvlan(node1, mac));
    }

    [RootFact]
    public async Task Cleanup_AfterACrash_RemovesTheAddressMacvlan()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3, WithExcludedIPv6Vip);
        await pair.Preferred.WaitForStateAsync("MASTER");
        var node1 = pair.Preferred.Node;
        await WaitForSoleHolderAsync(pair, node1);

        await pair.Preferred.KillAsync();
        Assert.NotNull(Macvlan(node1));
        ((HavrrpdNode)pair.Preferred).RunCleanup();

        Assert.Null(Macvlan(node1));
        Assert.True(Macvlan(pair.Other.Node) is not null, "the other node's macvlan is its own daemon's");
    }

    private static VrrpInstanceConfig WithExcludedIPv6Vip(VrrpInstanceConfig instance) => instance with
    {
        UseVirtualMacForAddresses = true,
        ExcludedVirtualIpAddresses = new[] { new VirtualAddress(ExcludedVip) { PrefixLength = 64 } },
    };

    private static VrrpInstanceConfig WithFlaggedExcludedIPv6Vip(VrrpInstanceConfig instance) => instance with
    {
        ExcludedVirtualIpAddresses = new[] { new VirtualAddress(ExcludedVip) { PrefixLength = 64, UseVirtualMac = true } },
    };

    private const string SecondLink = "eth1";
    private static readonly IPAddress SecondLinkVip = IPAddress.Parse("172.31.51.51");

    /// <summary>
    /// Gives each lab node an eth1 on a second bridge in the lab's bridge namespace; they go with the namespaces.
    /// </summary>
    private static void AddSecondLink(NetworkLab lab)
    {
        var bridge = $"{lab.Id}-b1";
        TestCommand.IpBatch(lab.BridgeNamespace, [$"link add {bridge} type bridge mcast_snooping 0", $"link set {bridge} up"]);
        foreach (var node in lab.Nodes)
        {
            var port = $"{node.BridgePort}b";
            TestCommand.IpBatch(node.Namespace,
            [
                $"link add {SecondLink} type veth peer name {port} netns {lab.BridgeNamespace}",
                $"link set {SecondLink} addrgenmode none",
                $"link set {SecondLink} up",
            ]);
            TestCommand.IpBatch(lab.BridgeNamespace, [$"link set {port} master {bridge} up"]);
        }
    }

    private static Task WaitForSoleHolderAsync(VrrpPair pair, LabNode node) => WaitForSoleHolderAsync(pair, node, ExcludedVip, VirtualMac);

    private static Task WaitForSoleHolderAsync(VrrpPair pair, LabNode node, IPAddress address, PhysicalAddress mac) =>
        Eventually.WaitUntilAsync(
            () => pair.Lab.Nodes.Where(candidate => Macvlan(candidate, mac) is { } link && VipHolders.Holds(candidate, address, link.Name))
                .SequenceEqual([node]),
            VrrpPair.Deadline,
            $"{address} on the macvlan of {node.Name} alone");

    private static Task<MacvlanLink> WaitForMacvlanAsync(LabNode node, PhysicalAddress? mac = null) =>
        MacvlanLink.WaitUntilUpAsync(() => Macvlan(node, mac), $"the macvlan up on {node.Name}");

    /// <summary>The lab host's macvlan carrying <paramref name="mac"/> (<see cref="VirtualMac"/> when null); null when there is none.</summary>
    private static MacvlanLink? Macvlan(LabNode node, PhysicalAddress? mac = null) => MacvlanLink.Carrying(node, mac ?? VirtualMac);
}
