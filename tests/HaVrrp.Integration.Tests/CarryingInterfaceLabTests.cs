using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// A VIP on another interface than the instance's (<c>dev</c>): keepalived tracks that interface, so the master goes
/// to FAULT while it is down and the other node takes over; havrrpd is held to the same. The second interface is one
/// end of a veth pair inside node1's own namespace (this kernel has no dummy links), gone with the lab.
/// </summary>
public sealed class CarryingInterfaceLabTests
{
    private const string SecondInterface = "hvside0";

    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd)]
    [InlineData(DaemonImplementation.Keepalived)]
    public async Task VipOnASecondInterface_ThatInterfaceGoingDown_FaultsTheMaster_AndItsReturnBringsItBack(DaemonImplementation preferred)
    {
        using var pair = await VrrpPair.StartAsync(
            LabProfile.Version3,
            pair => WithVipOnASecondInterface(pair),
            pair => pair.OtherConfiguration(),
            preferred);
        await pair.WaitForPreferredAsMasterAsync();
        var linesBefore = pair.Preferred.Lines.Count;

        TestCommand.IpBatch(pair.Preferred.Node.Namespace, [$"link set {SecondInterface} down"]);

        await pair.Preferred.WaitForStateAsync("FAULT", linesBefore);
        await pair.Other.WaitForStateAsync("MASTER");
        await pair.WaitForSoleHolderAsync(pair.Other.Node);

        TestCommand.IpBatch(pair.Preferred.Node.Namespace, [$"link set {SecondInterface} up"]);

        await pair.Preferred.WaitForStateAsync("MASTER", linesBefore);
        await pair.WaitForSoleHolderAsync(pair.Preferred.Node);
    }

    /// <summary>node1's configuration with a second VIP on a second interface, which this creates in node1's namespace.</summary>
    private static HaVrrpConfiguration WithVipOnASecondInterface(VrrpPair pair)
    {
        var node = pair.Lab.Nodes[0];
        TestCommand.IpBatch(node.Namespace,
            [$"link add {SecondInterface} type veth peer name {SecondInterface}p", $"link set {SecondInterface}p up", $"link set {SecondInterface} up"]);
        var configuration = pair.PreferredConfiguration();
        var extra = new VirtualAddress(IPAddress.Parse("198.51.100.1")) { PrefixLength = 32, Device = SecondInterface };
        return configuration.WithEachInstance(instance => instance with { VirtualIpAddresses = [.. instance.VirtualIpAddresses, extra] });
    }
}
