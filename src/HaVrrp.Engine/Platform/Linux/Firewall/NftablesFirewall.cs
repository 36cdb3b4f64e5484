using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Platform.Linux.Firewall;

/// <summary>
/// Accept_Mode off enforced with nftables, as keepalived does: one table per family (<c>ip havrrpd</c>,
/// <c>ip6 havrrpd</c>) with a set of VIPs, an input chain that drops packets to them and an output chain that drops
/// packets from them; IPv6 neighbour solicitations and advertisements pass, or the VIPs could not be resolved.
/// Every change is one <c>nft -f -</c> transaction that deletes and re-creates the tables, so the kernel never holds
/// half of it. The nft program (Debian's nftables package) is used rather than nf_tables netlink by hand: it runs
/// at start, reload and stop only, never on a transition (docs/protocol.md, "Accept_Mode").
/// </summary>
public sealed class NftablesFirewall : IAcceptModeFirewall
{
    private static readonly TimeSpan ProgramDeadline = TimeSpan.FromSeconds(10);

    /// <summary>Where nft usually lives; a daemon's PATH may lack the sbin directories.</summary>
    private static readonly string[] WellKnownDirectories = ["/usr/sbin", "/sbin", "/usr/local/sbin"];

    public void Apply(AcceptModeRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Run(Script(rules));
    }

    public void Remove(string table) => Run(RemovalScript(table));

    /// <summary>The nft program's path, or null when it is not installed.</summary>
    public static string? FindProgram()
    {
        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(WellKnownDirectories)
            .Select(directory => Path.Combine(directory, "nft"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The whole ruleset for <paramref name="rules"/>, replacing any earlier one, as nft reads it.</summary>
    public static string Script(AcceptModeRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var table = CheckedName(rules.Table);
        var counter = rules.Counters ? "counter " : string.Empty;
        var priority = rules.ChainPriority.ToString(CultureInfo.InvariantCulture);
        var ipv4 = rules.Addresses.Where(entry => entry.Address.AddressFamily == AddressFamily.InterNetwork).ToList();
        var ipv6 = rules.Addresses.Where(entry => entry.Address.AddressFamily == AddressFamily.InterNetworkV6 && !entry.IsLinkLocal).ToList();
        var linkLocal = rules.Addresses.Where(entry => entry.IsLinkLocal).ToList();

        var script = new StringBuilder(RemovalScript(table));
        if (ipv4.Count > 0)
        {
            script.Append(CultureInfo.InvariantCulture, $"table ip {table} {{\n");
            script.Append(CultureInfo.InvariantCulture, $"    set vips {{ type ipv4_addr; elements = {{ {string.Join(", ", ipv4.Select(entry => entry.Address))} }}; }}\n");
            script.Append(CultureInfo.InvariantCulture, $"    chain in {{ type filter hook input priority {priority}; policy accept; ip daddr @vips {counter}drop; }}\n");
            script.Append(CultureInfo.InvariantCulture, $"    chain out {{ type filter hook output priority {priority}; policy accept; ip saddr @vips {counter}drop; }}\n");
            script.Append("}\n");
        }
        if (ipv6.Count + linkLocal.Count > 0)
        {
            var neighbourDiscovery = "icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept; ";
            var inRules = new StringBuilder(neighbourDiscovery);
            var outRules = new StringBuilder(neighbourDiscovery);
            script.Append(CultureInfo.InvariantCulture, $"table ip6 {table} {{\n");
            if (ipv6.Count > 0)
            {
                script.Append(CultureInfo.InvariantCulture, $"    set vips {{ type ipv6_addr; elements = {{ {string.Join(", ", ipv6.Select(entry => entry.Address))} }}; }}\n");
                inRules.Append(CultureInfo.InvariantCulture, $"ip6 daddr @vips {counter}drop; ");
                outRules.Append(CultureInfo.InvariantCulture, $"ip6 saddr @vips {counter}drop; ");
            }
            if (linkLocal.Count > 0)
            {
                // A link-local address means something only on its link, so it is matched with the interface.
                var elements = linkLocal.Select(entry => $"{entry.Address.ToString().Split('%')[0]} . \"{CheckedInterface(entry.InterfaceName)}\"");
                script.Append(CultureInfo.InvariantCulture, $"    set vips_link_local {{ type ipv6_addr . ifname; elements = {{ {string.Join(", ", elements)} }}; }}\n");
                inRules.Append(CultureInfo.InvariantCulture, $"ip6 daddr . iifname @vips_link_local {counter}drop; ");
                outRules.Append(CultureInfo.InvariantCulture, $"ip6 saddr . oifname @vips_link_local {counter}drop; ");
            }
            script.Append(CultureInfo.InvariantCulture, $"    chain in {{ type filter hook input priority {priority}; policy accept; {inRules}}}\n");
            script.Append(CultureInfo.InvariantCulture, $"    chain out {{ type filter hook output priority {priority}; policy accept; {outRules}}}\n");
            script.Append("}\n");
        }
        return script.ToString();
    }

    /// <summary>Deletes both tables whether or not they exist: nft refuses to delete a missing table, but not one just added.</summary>
    public static string RemovalScript(string table)
    {
        var name = CheckedName(table);
        return $"add table ip {name}\ndelete table ip {name}\nadd table ip6 {name}\ndelete table ip6 {name}\n";
    }

    /// <summary>The configuration validator refuses other names (HV0162); this keeps anything else out of the script.</summary>
    private static string CheckedName(string table) =>
        GlobalSettings.IsValidNftablesTable(table) ? table : throw new ArgumentException($"'{table}' is not a valid nftables table name", nameof(table));

    private static string CheckedInterface(string name) =>
        name.Length > 0 && !name.Any(c => c is '"' or '\\' || char.IsControl(c) || char.IsWhiteSpace(c))
            ? name
            : throw new ArgumentException($"'{name}' cannot be written as an nftables interface name", nameof(name));

    private static void Run(string script)
    {
        var program = FindProgram() ?? throw new InvalidOperationException("nft not found (install the nftables package)");
        var start = new ProcessStartInfo(program, ["-f", "-"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        if (!process.WaitForExit(ProgramDeadline))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} -f - did not finish within {ProgramDeadline.TotalSeconds:F0} s");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} -f - exited with {process.ExitCode}: {errors.Result.Trim()} {output.Result.Trim()}".Trim());
        }
    }
}
