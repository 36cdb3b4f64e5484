using System.Net;
using System.Net.NetworkInformation;
using System.Text.Json;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// Accept_Mode on real processes, havrrpd and keepalived side by side: a master with <c>accept</c> answers the lab
/// client's pings to the VIP; with <c>no_accept</c> its nftables rules drop them, while ARP and neighbour discovery
/// still resolve the VIP to the master's MAC (so the address moves, only the master does not take the packets).
/// havrrpd's rules go with a graceful stop, and <c>--cleanup</c> removes what a killed daemon left.
/// </summary>
public sealed class AcceptModeLabTests
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(1);

    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd, true, false)]
    [InlineData(DaemonImplementation.Havrrpd, false, false)]
    [InlineData(DaemonImplementation.Havrrpd, false, true)]
    [InlineData(DaemonImplementation.Keepalived, true, false)]
    [InlineData(DaemonImplementation.Keepalived, false, false)]
    [InlineData(DaemonImplementation.Keepalived, false, true)]
    public async Task Master_AnswersPacketsToItsVip_OnlyInAcceptMode(DaemonImplementation implementation, bool accept, bool ipv6)
    {
        var profile = ipv6 ? LabProfile.Version3IPv6 : LabProfile.Version3;
        using var pair = await VrrpPair.StartAsync(
            profile,
            instance => instance with { Accept = accept },
            preferred: implementation,
            other: implementation);
        await pair.WaitForPreferredAsMasterAsync();
        var client = pair.Lab.Client;
        var master = pair.Preferred.Node;

        // The path itself works: the master answers on its own address.
        await AnsweredAsync(client, ipv6 ? master.IPv6Address : master.IPv4Address, "the master's own address");
        if (accept)
        {
            await AnsweredAsync(client, pair.Address, "the VIP");
            return;
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.False(Answers(client, pair.Address), $"{implementation} answered a ping to its VIP with no_accept");
        }
        Assert.Equal(master.MacAddress, NeighbourMac(client, pair.Address));
    }

    [RootFact]
    public async Task Havrrpd_RemovesItsRules_AtAGracefulStop_AndCleanupAfterAKill()
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        var node = lab.Nodes[0];
        var configuration = LabProfile.Version3.Configuration(lab, node, VrrpPair.PreferredPriority)
            .WithEachInstance(instance => instance with { Accept = false });
        var vip = LabProfile.Version3.VirtualAddress(lab).ToString();

        using (var daemon = HavrrpdNode.Start(node, configuration))
        {
            await Eventually.WaitUntilAsync(() => Task.FromResult(FilteredAddresses(node)), found => found.Contains(vip), VrrpPair.Deadline, "the VIP in table ip havrrpd");
            Assert.Equal(0, await daemon.StopGracefullyAsync());
            Assert.Empty(FilteredAddresses(node));
        }

        using var killed = HavrrpdNode.Start(node, configuration);
        await Eventually.WaitUntilAsync(() => Task.FromResult(FilteredAddresses(node)), found => found.Contains(vip), VrrpPair.Deadline, "the VIP in table ip havrrpd");
        await killed.KillAsync();
        Assert.Contains(vip, FilteredAddresses(node));
        killed.RunCleanup();
        Assert.Empty(FilteredAddresses(node));
    }

    private static async Task AnsweredAsync(LabNode client, IPAddress address, string what) =>
        await Eventually.WaitUntilAsync(() => Task.FromResult(Answers(client, address)), answered => answered, VrrpPair.Deadline, $"an answer from {what} ({address})");

    private static bool Answers(LabNode client, IPAddress address) =>
        client.InNamespace(() =>
        {
            using var ping = new Ping();
            return ping.Send(address, (int)PingTimeout.TotalMilliseconds).Status == IPStatus.Success;
        });

    /// <summary>The MAC the client's neighbour table holds for <paramref name="address"/> (ARP or neighbour discovery).</summary>
    private static PhysicalAddress? NeighbourMac(LabNode client, IPAddress address)
    {
        using var neighbours = JsonDocument.Parse(client.Run("ip", "-j", "neigh", "show", address.ToString()));
        return neighbours.RootElement.EnumerateArray()
            .Where(entry => entry.TryGetProperty("lladdr", out _))
            .Select(entry => PhysicalAddress.Parse(entry.GetProperty("lladdr").GetString()!.Replace(':', '-').ToUpperInvariant()))
            .FirstOrDefault();
    }

    /// <summary>The addresses in havrrpd's IPv4 set, read back with nft; empty when the table is gone.</summary>
    private static IReadOnlyList<string> FilteredAddresses(LabNode node)
    {
        using var ruleset = JsonDocument.Parse(node.Run("nft", "-j", "list", "ruleset", "ip"));
        return
        [
            .. ruleset.RootElement.GetProperty("nftables").EnumerateArray()
                .Where(item => item.TryGetProperty("set", out var set) && set.GetProperty("table").GetString() == "havrrpd")
                .SelectMany(item => item.GetProperty("set").TryGetProperty("elem", out var elements) ? elements.EnumerateArray() : Enumerable.Empty<JsonElement>())
                .Select(element => element.GetString()!),
        ];
    }
}
