using System.Text.Json;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// static_ipaddress and static_routes, applied by a real daemon in a namespace and read back with `ip -j`:
/// present after start on a node that is only a backup, brought in line by a reload, gone after a graceful
/// stop. keepalived runs the same file through the same steps, so the two are held to one behaviour.
/// </summary>
public sealed class StaticEntriesLabTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    // Benchmark-range prefixes (RFC 2544): never a lab's own 10.x prefix, and only ever inside the lab's namespace.
    private static string Configuration(NetworkLab lab, bool reloaded) => $$"""
        static_ipaddress {
            198.18.1.1/24 dev eth0
            {{(reloaded ? "198.18.2.1/24 dev eth0" : string.Empty)}}
        }
        static_routes {
            198.19.0.0/16 via 198.18.1.254
            {{(reloaded ? string.Empty : "blackhole 198.20.0.0/16")}}
        }
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority 100
            advert_int 1
            virtual_ipaddress {
                {{lab.IPv4Prefix}}.200/24
            }
        }
        """;

    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd)]
    [InlineData(DaemonImplementation.Keepalived)]
    public async Task StaticEntries_AreAddedAtStart_FollowReloads_AndGoAtStop(DaemonImplementation implementation)
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        var node = lab.Nodes[0];
        using var daemon = Start(implementation, node, Configuration(lab, reloaded: false));

        await WaitForAsync(node, ["198.18.1.1/24"], ["198.19.0.0/16 via 198.18.1.254", "blackhole 198.20.0.0/16"], "applied at start");

        await File.WriteAllTextAsync(ConfigurationPath(daemon), Configuration(lab, reloaded: true));
        daemon.Reload();
        await WaitForAsync(node, ["198.18.1.1/24", "198.18.2.1/24"], ["198.19.0.0/16 via 198.18.1.254"], "in line with the reloaded file");

        Assert.Equal(0, await daemon.StopGracefullyAsync());
        Assert.Empty(StaticAddresses(node));
        Assert.Empty(KeepalivedRoutes(node));
    }

    private static LabDaemon Start(DaemonImplementation implementation, LabNode node, string configuration) => implementation switch
    {
        DaemonImplementation.Havrrpd => HavrrpdNode.Start(node, configuration, "keepalived.conf"),
        _ => KeepalivedNode.Start(node, configuration),
    };

    private static string ConfigurationPath(LabDaemon daemon) => daemon switch
    {
        HavrrpdNode havrrpd => havrrpd.ConfigurationPath,
        KeepalivedNode keepalived => keepalived.ConfigurationPath,
        _ => throw new ArgumentOutOfRangeException(nameof(daemon)),
    };

    private static async Task WaitForAsync(LabNode node, string[] addresses, string[] routes, string what) =>
        await Eventually.WaitUntilAsync(
            () => (Addresses: StaticAddresses(node), Routes: KeepalivedRoutes(node)),
            seen => seen.Addresses.SequenceEqual(addresses) && seen.Routes.SequenceEqual(routes),
            Deadline,
            $"static entries {what} ({string.Join(", ", addresses.Concat(routes))})");

    /// <summary>The 198.18.x addresses on eth0 in the node, as `ip -j addr` lists them.</summary>
    private static List<string> StaticAddresses(LabNode node)
    {
        using var json = JsonDocument.Parse(node.Run("ip", "-j", "-4", "addr", "show", "dev", LabNode.InterfaceName));
        return json.RootElement.EnumerateArray()
            .SelectMany(link => link.GetProperty("addr_info").EnumerateArray())
            .Select(info => $"{info.GetProperty("local").GetString()}/{info.GetProperty("prefixlen").GetInt32()}")
            .Where(address => address.StartsWith("198.18.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Routes with protocol 18 (`proto keepalived`) in the main table, as `ip -j route` lists them.</summary>
    private static List<string> KeepalivedRoutes(LabNode node)
    {
        using var json = JsonDocument.Parse(node.Run("ip", "-j", "-4", "route", "show", "proto", "18"));
        return json.RootElement.EnumerateArray()
            .Select(route =>
            {
                var type = route.TryGetProperty("type", out var kind) && kind.GetString() is { } text && text != "unicast" ? text + " " : string.Empty;
                var via = route.TryGetProperty("gateway", out var gateway) ? " via " + gateway.GetString() : string.Empty;
                return type + route.GetProperty("dst").GetString() + via;
            })
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
