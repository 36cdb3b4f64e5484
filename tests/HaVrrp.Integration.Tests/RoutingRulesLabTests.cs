using System.Text.Json;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using HaVrrp.Engine.Configuration.Yaml;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// static_rules and virtual_rules on real daemons, havrrpd and keepalived side by side on the same configuration,
/// each rule read back with `ip -j rule` inside the node's namespace: the static rules are on both nodes (the backup
/// too) from start and follow a reload by difference, the virtual rules are on the master only and on the new master
/// once the old one is killed, and a graceful stop takes both away. After the kill, `havrrpd --cleanup` on the dead master's node removes the virtual
/// rules it left (keepalived has no such command).
/// </summary>
public sealed class RoutingRulesLabTests
{
    // Benchmark-range and documentation prefixes (RFC 2544, RFC 3849), only ever inside the lab's namespaces.
    private static readonly string[] StaticRules =
    [
        "from 198.18.0.0/15 table 100 preference 100",
        "from 2001:db8:5::/48 table 100 preference 101",
    ];

    private static readonly string[] VirtualRules =
    [
        "to 198.51.100.0/24 table 200 preference 200",
        "to 2001:db8:6::/48 table 200 preference 201",
    ];

    private static readonly string[] ReloadedStaticRules =
    [
        "from 198.18.0.0/15 table 100 preference 100",
        "from 2001:db8:7::/48 table 100 preference 102",
    ];

    private static readonly string[] StaticListed = ["100 from 198.18.0.0/15 lookup 100", "101 from 2001:db8:5::/48 lookup 100"];

    private static readonly string[] ReloadedStaticListed = ["100 from 198.18.0.0/15 lookup 100", "102 from 2001:db8:7::/48 lookup 100"];

    private static readonly string[] VirtualListed = ["200 to 198.51.100.0/24 lookup 200", "201 to 2001:db8:6::/48 lookup 200"];

    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd)]
    [InlineData(DaemonImplementation.Keepalived)]
    public async Task StaticRules_AreOnEveryNode_AndVirtualRules_FollowTheMaster(DaemonImplementation implementation)
    {
        using var pair = await VrrpPair.StartAsync(
            LabProfile.Version3,
            pair => WithRules(pair.PreferredConfiguration()),
            pair => WithRules(pair.OtherConfiguration()),
            implementation,
            implementation);
        var (node1, node2) = (pair.Preferred.Node, pair.Other.Node);

        await pair.WaitForPreferredAsMasterAsync();
        await WaitForRulesAsync(node1, [.. StaticListed, .. VirtualListed], "the master's static and virtual rules");
        await WaitForRulesAsync(node2, StaticListed, "the backup's static rules alone");

        await File.WriteAllTextAsync(ConfigurationPath(pair.Other), Text(pair.Other, WithRules(pair.OtherConfiguration(), ReloadedStaticRules)));
        pair.Other.Reload();
        await WaitForRulesAsync(node2, ReloadedStaticListed, "the backup's static rules after a reload");

        await pair.Preferred.KillAsync();
        await pair.Other.WaitForStateAsync("MASTER");
        await WaitForRulesAsync(node2, [.. ReloadedStaticListed, .. VirtualListed], "the new master's static and virtual rules");

        if (implementation == DaemonImplementation.Havrrpd)
        {
            // The killed daemon's rules stay where it left them, until systemd's ExecStopPost runs --cleanup.
            Assert.Equal([.. StaticListed, .. VirtualListed], KeepalivedRules(node1));
            ((HavrrpdNode)pair.Preferred).RunCleanup();
            Assert.Equal(StaticListed, KeepalivedRules(node1));
        }

        Assert.Equal(0, await pair.Other.StopGracefullyAsync());
        Assert.Empty(KeepalivedRules(node2));
    }

    private static HaVrrpConfiguration WithRules(HaVrrpConfiguration configuration, string[]? staticRules = null)
    {
        var text = $"static_rules {{\n{string.Join('\n', staticRules ?? StaticRules)}\n}}\nvrrp_instance X {{\nvirtual_rules {{\n{string.Join('\n', VirtualRules)}\n}}\n}}\n";
        var diagnostics = new DiagnosticBag();
        var rules = KeepalivedConfigReader.ReadText(text, "rules.conf", new KeepalivedReadOptions(), diagnostics);
        Assert.False(diagnostics.HasErrors);
        return configuration.WithEachInstance(instance => instance with { VirtualRules = rules.Instances[0].VirtualRules }) with
        {
            StaticRules = rules.StaticRules,
        };
    }

    /// <summary>The file each daemon was started on, and the configuration in that file's syntax.</summary>
    private static string ConfigurationPath(LabDaemon daemon) => daemon switch
    {
        HavrrpdNode havrrpd => havrrpd.ConfigurationPath,
        KeepalivedNode keepalived => keepalived.ConfigurationPath,
        _ => throw new ArgumentOutOfRangeException(nameof(daemon)),
    };

    private static string Text(LabDaemon daemon, HaVrrpConfiguration configuration) =>
        daemon is HavrrpdNode ? YamlConfigWriter.Write(configuration) : KeepalivedConfigWriter.Write(configuration);

    private static async Task WaitForRulesAsync(LabNode node, string[] expected, string what) =>
        await Eventually.WaitUntilAsync(() => KeepalivedRules(node), seen => seen.SequenceEqual(expected), VrrpPair.Deadline, $"{what} on {node.Name}");

    /// <summary>The node's rules with protocol 18 (`proto keepalived`) of both families, as `ip -j rule` lists them.</summary>
    private static List<string> KeepalivedRules(LabNode node) =>
        [.. new[] { "-4", "-6" }
            .SelectMany(family =>
            {
                using var json = JsonDocument.Parse(node.Run("ip", "-j", family, "rule", "show"));
                return json.RootElement.EnumerateArray()
                    .Where(rule => rule.TryGetProperty("protocol", out var protocol) && protocol.GetString() == "keepalived")
                    .Select(Describe)
                    .ToList();
            })
            .Order(StringComparer.Ordinal)];

    private static string Describe(JsonElement rule)
    {
        var match = rule.TryGetProperty("dst", out var destination)
            ? $"to {destination.GetString()}/{rule.GetProperty("dstlen").GetInt32()}"
            : $"from {rule.GetProperty("src").GetString()}/{rule.GetProperty("srclen").GetInt32()}";
        return $"{rule.GetProperty("priority").GetInt32()} {match} lookup {rule.GetProperty("table").GetString()}";
    }
}
