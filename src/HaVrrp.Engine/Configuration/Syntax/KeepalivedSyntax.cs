using System.Globalization;
using System.Net;

namespace HaVrrp.Engine.Configuration.Syntax;

/// <summary>
/// keepalived's one-line forms (<c>10.1.1.200/24 brd 10.1.1.255 dev eth1 label eth1:vip</c>,
/// <c>chk_nginx weight -20 reverse</c>, ...). Both writers use them; the YAML format accepts them too.
/// </summary>
internal static class KeepalivedSyntax
{
    public static readonly IReadOnlySet<string> RouteTypes = new HashSet<string>(StringComparer.Ordinal) { "blackhole", "unreachable", "prohibit" };

    public static string Address(VirtualAddress address) => Join(AddressWords(address));

    public static IEnumerable<string?> AddressWords(VirtualAddress address)
    {
        yield return address.PrefixLength is { } prefix ? Invariant($"{address.Address}/{prefix}") : address.Address.ToString();
        if (address.Broadcast is not null)
        {
            yield return "brd";
            yield return address.Broadcast.ToString();
        }
        foreach (var word in Option("dev", address.Device).Concat(Option("scope", address.Scope)).Concat(Option("label", address.Label)))
        {
            yield return word;
        }
        if (address.NoTrack)
        {
            yield return "no_track";
        }
        if (address.UseVirtualMac)
        {
            yield return "use_vmac";
        }
    }

    public static string Route(VirtualRoute route) => Join(RouteWords(route));

    public static IEnumerable<string?> RouteWords(VirtualRoute route)
    {
        if (route.Type is not null)
        {
            yield return route.Type;
        }
        yield return Network(route.Destination);
        var options = Option("via", route.Via?.ToString())
            .Concat(Option("dev", route.Device))
            .Concat(Option("src", route.PreferredSource?.ToString()))
            .Concat(Option("metric", route.Metric?.ToString(CultureInfo.InvariantCulture)))
            .Concat(Option("table", route.Table))
            .Concat(Option("scope", route.Scope));
        foreach (var word in options)
        {
            yield return word;
        }
        if (route.NoTrack)
        {
            yield return "no_track";
        }
    }

    public static string Rule(RoutingRule rule) => Join(RuleWords(rule));

    /// <summary>A rule as <c>ip rule add</c> takes it, in the order <c>ip rule</c> lists its parts.</summary>
    public static IEnumerable<string?> RuleWords(RoutingRule rule)
    {
        if (rule.Not)
        {
            yield return "not";
        }
        yield return "from";
        yield return rule.From is { } from ? Network(from) : "all";
        var options = Option("to", rule.To is { } to ? Network(to) : null)
            .Concat(Option("preference", Number(rule.Preference)))
            .Concat(Option("tos", rule.Tos == 0 ? null : Invariant($"0x{rule.Tos:x}")))
            .Concat(Option("fwmark", rule.FirewallMark is { } mark
                ? Invariant($"0x{mark:x}") + (rule.FirewallMask is { } mask ? Invariant($"/0x{mask:x}") : string.Empty)
                : null))
            .Concat(Option("iif", rule.InputInterface))
            .Concat(Option("oif", rule.OutputInterface))
            .Concat(Option("realms", rule.Realms is { } realms ? Invariant($"{realms >> 16}/{realms & 0xffff}") : null))
            .Concat(Option("suppress_prefixlength", Number(rule.SuppressPrefixLength)))
            .Concat(Option("suppress_ifgroup", Number(rule.SuppressInterfaceGroup)))
            .Concat(Option("tunnel-id", Number(rule.TunnelId)))
            .Concat(Option("uidrange", Range(rule.UidRange)))
            .Concat(Option("protocol", Number(rule.Protocol)))
            // A name where there is one: keepalived 2.2.7 reads ipproto numbers up to 127 only.
            .Concat(Option("ipproto", rule.IpProtocol is { } ipProtocol ? RoutingRuleParser.IpProtocolName(ipProtocol) ?? Number(rule.IpProtocol) : null))
            .Concat(Option("sport", Range(rule.SourcePorts)))
            .Concat(Option("dport", Range(rule.DestinationPorts)));
        foreach (var word in options)
        {
            yield return word;
        }
        switch (rule.Action)
        {
            case RoutingRuleAction.Table:
                yield return "table";
                yield return rule.Table;
                break;
            case RoutingRuleAction.Goto:
                yield return "goto";
                yield return Number(rule.GotoTarget);
                break;
            default:
                yield return rule.Action.ToString().ToLowerInvariant();
                break;
        }
        if (rule.NoTrack)
        {
            yield return "no_track";
        }
        if (rule.IsIPv6 && rule.From is null && rule.To is null)
        {
            // Last: keepalived 2.2.7 skips the word after inet6.
            yield return "inet6";
        }
    }

    public static string Peer(UnicastPeer peer) => Join(
        [peer.Address.ToString(),
         .. Option("min_ttl", peer.MinTtl?.ToString(CultureInfo.InvariantCulture)),
         .. Option("max_ttl", peer.MaxTtl?.ToString(CultureInfo.InvariantCulture))]);

    public static string TrackReference(TrackReference reference) => Join(TrackReferenceWords(reference));

    public static IEnumerable<string?> TrackReferenceWords(TrackReference reference)
    {
        yield return reference.Name;
        if (reference.Weight is { } weight)
        {
            yield return "weight";
            yield return weight.ToString(CultureInfo.InvariantCulture);
        }
        if (reference.Reverse is { } reverse)
        {
            yield return reverse ? "reverse" : "noreverse";
        }
    }

    /// <summary>A network as CIDR, leaving out the prefix of a single host as people do.</summary>
    public static string Network(IPNetwork network)
    {
        var hostLength = network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
        return network.PrefixLength == hostLength ? network.BaseAddress.ToString() : network.ToString();
    }

    /// <summary>keepalived durations are seconds with as many decimals as needed.</summary>
    public static string Seconds(TimeSpan duration) =>
        ((decimal)duration.Ticks / TimeSpan.TicksPerSecond).ToString("0.#######", CultureInfo.InvariantCulture);

    /// <summary>True when every word survives a split on whitespace, so the one-line form reads back the same.</summary>
    public static bool IsSafeAsWords(IEnumerable<string?> words) =>
        words.All(word => !string.IsNullOrEmpty(word) && !word.Any(char.IsWhiteSpace));

    private static string? Number<T>(T? value) where T : struct, IFormattable =>
        value?.ToString(null, CultureInfo.InvariantCulture);

    private static string? Range(NumberRange? range) => range is { } value ? Invariant($"{value.Start}-{value.End}") : null;

    private static IEnumerable<string?> Option(string keyword, string? value) =>
        value is null ? [] : [keyword, value];

    private static string Join(IEnumerable<string?> words) => string.Join(' ', words);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
