using System.Text.Json;
using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// Addresses deleted by hand (<c>ip address del</c>) on real processes, havrrpd and keepalived side by side: a
/// master whose VIP goes steps back to BACKUP and reclaims mastership after Skew_Time, which puts the VIP back (and
/// the peer, which heard no goodbye, stays backup); a static address comes back at once.
/// </summary>
public sealed class DeletedAddressLabTests
{
    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd)]
    [InlineData(DaemonImplementation.Keepalived)]
    public async Task Master_WhoseVipIsDeletedByHand_StepsBackAndTakesItBack(DaemonImplementation implementation)
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3, preferred: implementation);
        await pair.WaitForPreferredAsMasterAsync();
        var master = pair.Preferred;
        var linesBefore = master.Lines.Count;
        var otherLinesBefore = pair.Other.Lines.Count;

        master.Node.Run("ip", "address", "del", $"{pair.Address}/24", "dev", LabNode.InterfaceName);

        var stepBack = await master.WaitForStateAsync("BACKUP", linesBefore);
        await master.WaitForLogAsync(DaemonLog.StatePattern("MASTER"), master.Lines.ToList().IndexOf(stepBack));
        await pair.WaitForSoleHolderAsync(master.Node);
        Assert.Empty(pair.Other.LinesMatching(DaemonLog.StatePattern("MASTER"), otherLinesBefore));
    }

    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd)]
    [InlineData(DaemonImplementation.Keepalived)]
    public async Task StaticAddress_DeletedByHand_IsReinstated(DaemonImplementation implementation)
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        var node = lab.Nodes[0];
        // A benchmark-range address (RFC 2544), only ever inside the lab's namespace.
        var configuration = LabProfile.Version3.Configuration(lab, node, VrrpPair.PreferredPriority) with
        {
            StaticAddresses = [new VirtualAddress(System.Net.IPAddress.Parse("198.18.1.1")) { PrefixLength = 24, Device = LabNode.InterfaceName }],
        };
        using var daemon = LabDaemons.Start(implementation, node, configuration);
        await Eventually.WaitUntilAsync(() => Task.FromResult(HasAddress(node, "198.18.1.1")), present => present, VrrpPair.Deadline, "the static address added at start");

        node.Run("ip", "address", "del", "198.18.1.1/24", "dev", LabNode.InterfaceName);

        await Eventually.WaitUntilAsync(() => Task.FromResult(HasAddress(node, "198.18.1.1")), present => present, VrrpPair.Deadline, "the static address reinstated");
    }

    private static bool HasAddress(LabNode node, string address)
    {
        using var addresses = JsonDocument.Parse(node.Run("ip", "-j", "address", "show", "dev", LabNode.InterfaceName));
        return addresses.RootElement.EnumerateArray()
            .SelectMany(link => link.GetProperty("addr_info").EnumerateArray())
            .Any(info => info.GetProperty("local").GetString() == address);
    }
}
