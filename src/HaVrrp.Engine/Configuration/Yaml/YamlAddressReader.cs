using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace HaVrrp.Engine.Configuration.Yaml;

/// <summary>
/// Reads addresses, routes and unicast peers, each either structured (<c>{ address: 10.1.1.200/24, dev: eth1 }</c>)
/// or in keepalived's one-line form (<c>"10.1.1.200/24 dev eth1"</c>).
/// </summary>
internal static partial class YamlAddressReader
{
    private const string AddressExpectation = "an address such as 10.1.1.200/24 or fd00::1/64";
    private const string NetworkExpectation = "a network such as 192.168.100.0/24 (host bits clear) or an address";

    public static VirtualAddress? ReadVirtualAddress(YamlConfigNode node, string keyword, YamlReadContext context) => node switch
    {
        MappingNode mapping => VirtualAddressFromMapping(mapping, keyword, context),
        ScalarNode scalar when context.Scalar(scalar, keyword) is not null => VirtualAddressFromLine(scalar, keyword, context),
        ScalarNode => null,
        _ => UnexpectedListItem<VirtualAddress>(node, keyword, context),
    };

    public static VirtualRoute? ReadRoute(YamlConfigNode node, string keyword, YamlReadContext context) => node switch
    {
        MappingNode mapping => RouteFromMapping(mapping, keyword, context),
        ScalarNode scalar when context.Scalar(scalar, keyword) is not null => RouteFromLine(scalar, keyword, context),
        ScalarNode => null,
        _ => UnexpectedListItem<VirtualRoute>(node, keyword, context),
    };

    public static RoutingRule? ReadRule(YamlConfigNode node, string keyword, YamlReadContext context) => node switch
    {
        ScalarNode scalar when context.Scalar(scalar, keyword) is not null => context.Rules.Parse(
            [.. Words(scalar).Select(word => new RuleWord(word.Text, word.Location))], scalar.Location, keyword,
            allowTrackGroup: keyword == "static_rules"),
        ScalarNode => null,
        _ => UnexpectedListItem<RoutingRule>(node, keyword, context),
    };

    public static UnicastPeer? ReadUnicastPeer(YamlConfigNode node, YamlReadContext context) => node switch
    {
        MappingNode mapping => PeerFromMapping(mapping, context),
        ScalarNode scalar when context.Scalar(scalar, "unicast_peer") is not null => PeerFromLine(scalar, context),
        ScalarNode => null,
        _ => UnexpectedListItem<UnicastPeer>(node, "unicast_peer", context),
    };

    /// <summary>Splits a one-line value into words that know their own column.</summary>
    internal static List<Word> Words(ScalarNode scalar) =>
        [.. WordPattern().Matches(scalar.Value).Select(match => new Word(match.Value, scalar.LocationOf(match.Index)))];

    internal static (IPAddress Address, int? PrefixLength)? ParseAddressWithPrefix(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (YamlReadContext.ParseAddress(addressText) is not { } address)
        {
            return null;
        }
        if (slash < 0)
        {
            return (address, null);
        }
        return int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            ? (address, prefix)
            : null;
    }

    internal static IPNetwork? ParseNetwork(string text)
    {
        if (ParseAddressWithPrefix(text) is not (var address, var prefix))
        {
            return null;
        }
        var bytes = address.GetAddressBytes();
        var length = prefix ?? bytes.Length * 8;
        if (length > bytes.Length * 8)
        {
            return null;
        }
        for (var bit = length; bit < bytes.Length * 8; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                // Host bits after the prefix: "ip route" refuses these, so say so here.
                return null;
            }
        }
        return new IPNetwork(address, length);
    }

    private static VirtualAddress? VirtualAddressFromLine(ScalarNode scalar, string keyword, YamlReadContext context)
    {
        var words = Words(scalar);
        if (words.Count == 0)
        {
            context.Diagnostics.Error(DiagnosticCodes.MissingValue, scalar.Location, $"{keyword} entry has no address");
            return null;
        }
        if (ParseAddressWithPrefix(words[0].Text) is not (var address, var prefix))
        {
            context.InvalidValue(words[0].Location, keyword, words[0].Text, AddressExpectation);
            return null;
        }

        var source = new SourceMap(scalar.Location).Set("address", words[0].Location);
        var result = new VirtualAddress(address) { PrefixLength = prefix, Source = source };
        var options = new OptionReader(words, 1, keyword, source, context);
        while (options.Next() is { } option)
        {
            switch (option.Text)
            {
                case "brd" or "broadcast":
                    if (options.Value(option, "an IP address", YamlReadContext.ParseAddress) is { } broadcast)
                    {
                        result = result with { Broadcast = broadcast };
                    }
                    break;
                case "dev":
                    result = options.Text(option) is { } device ? result with { Device = device } : result;
                    break;
                case "label":
                    result = options.Text(option) is { } label ? result with { Label = label } : result;
                    break;
                case "scope":
                    result = options.Text(option) is { } scope ? result with { Scope = scope } : result;
                    break;
                case "no_track":
                    options.Flag(option);
                    result = result with { NoTrack = true };
                    break;
                case "use_vmac" when keyword != "static_ipaddress":
                    options.Flag(option);
                    result = result with { UseVirtualMac = true };
                    break;
                default:
                    options.Unknown(option, keyword == "static_ipaddress" ? "brd, dev, label, scope or no_track" : "brd, dev, label, scope, no_track or use_vmac");
                    break;
            }
        }
        return result;
    }

    private static VirtualAddress? VirtualAddressFromMapping(MappingNode mapping, string keyword, YamlReadContext context)
    {
        var source = new SourceMap(mapping.Location);
        VirtualAddress result = new(IPAddress.None);
        var hasAddress = false;
        var handlers = new Dictionary<string, Action<YamlConfigNode>>
        {
            ["address"] = value =>
            {
                if (context.Parse(value, "address", AddressExpectation, text => ParseAddressWithPrefix(text)) is (var address, var prefix))
                {
                    result = result with { Address = address, PrefixLength = prefix };
                    hasAddress = true;
                }
            },
            ["brd"] = value => result = context.Address(value, "brd") is { } broadcast ? result with { Broadcast = broadcast } : result,
            ["dev"] = value => result = context.Text(value, "dev") is { } device ? result with { Device = device } : result,
            ["label"] = value => result = context.Text(value, "label") is { } label ? result with { Label = label } : result,
            ["scope"] = value => result = context.Text(value, "scope") is { } scope ? result with { Scope = scope } : result,
            ["no_track"] = value => result = context.Boolean(value, "no_track") is { } noTrack ? result with { NoTrack = noTrack } : result,
        };
        if (keyword != "static_ipaddress")
        {
            // keepalived takes use_vmac on VIPs and excluded VIPs only.
            handlers["use_vmac"] = value =>
                result = context.Boolean(value, "use_vmac") is { } useVmac ? result with { UseVirtualMac = useVmac } : result;
        }
        context.ReadMapping(mapping, $"{keyword} entry", source, handlers);
        if (!hasAddress)
        {
            if (!source.Has("address"))
            {
                context.Diagnostics.Error(DiagnosticCodes.MissingValue, mapping.Location, $"{keyword} entry has no address");
            }
            return null;
        }
        return result with { Source = source };
    }

    private static VirtualRoute? RouteFromLine(ScalarNode scalar, string keyword, YamlReadContext context)
    {
        var words = Words(scalar);
        var source = new SourceMap(scalar.Location);
        IPNetwork? destination = null;
        VirtualRoute result = new(default(IPNetwork));
        var options = new OptionReader(words, 0, keyword, source, context);
        while (options.Next() is { } option)
        {
            switch (option.Text)
            {
                case "blackhole" or "unreachable" or "prohibit" when destination is null && result.Type is null:
                    source.Set("type", option.Location);
                    result = result with { Type = option.Text };
                    break;
                case "to":
                    if (options.Text(option) is { } afterTo)
                    {
                        destination = ParseNetwork(afterTo);
                        if (destination is null)
                        {
                            context.InvalidValue(source.Of("to:value"), "to", afterTo, NetworkExpectation);
                            return null;
                        }
                    }
                    break;
                case "via" or "gw":
                    if (options.Value(option, "an IP address", YamlReadContext.ParseAddress) is { } via)
                    {
                        result = result with { Via = via };
                    }
                    break;
                case "src":
                    if (options.Value(option, "an IP address", YamlReadContext.ParseAddress) is { } preferredSource)
                    {
                        result = result with { PreferredSource = preferredSource };
                    }
                    break;
                case "metric" or "preference":
                    if (options.Integer(option) is { } metric)
                    {
                        result = result with { Metric = metric };
                    }
                    break;
                case "dev" or "oif":
                    result = options.Text(option) is { } device ? result with { Device = device } : result;
                    break;
                case "table":
                    result = options.Text(option) is { } table ? result with { Table = table } : result;
                    break;
                case "scope":
                    result = options.Text(option) is { } scope ? result with { Scope = scope } : result;
                    break;
                case "no_track":
                    options.Flag(option);
                    result = result with { NoTrack = true };
                    break;
                case var _ when destination is null:
                    source.Set("to", option.Location);
                    destination = ParseNetwork(option.Text);
                    if (destination is null)
                    {
                        context.InvalidValue(option.Location, keyword, option.Text, NetworkExpectation);
                        return null;
                    }
                    break;
                default:
                    options.Unknown(option, "via, dev, src, metric, table, scope or no_track");
                    break;
            }
        }
        if (destination is null)
        {
            context.Diagnostics.Error(DiagnosticCodes.MissingValue, scalar.Location, $"{keyword} entry has no destination");
            return null;
        }
        return result with { Destination = destination.Value, Source = source };
    }

    private static VirtualRoute? RouteFromMapping(MappingNode mapping, string keyword, YamlReadContext context)
    {
        var source = new SourceMap(mapping.Location);
        VirtualRoute result = new(default(IPNetwork));
        IPNetwork? destination = null;
        context.ReadMapping(mapping, $"{keyword} entry", source, new Dictionary<string, Action<YamlConfigNode>>
        {
            ["to"] = value => destination = context.Parse(value, "to", NetworkExpectation, ParseNetwork) ?? destination,
            ["via"] = value => result = context.Address(value, "via") is { } via ? result with { Via = via } : result,
            ["dev"] = value => result = context.Text(value, "dev") is { } device ? result with { Device = device } : result,
            ["src"] = value => result = context.Address(value, "src") is { } preferred ? result with { PreferredSource = preferred } : result,
            ["metric"] = value => result = context.Integer(value, "metric") is { } metric ? result with { Metric = metric } : result,
            ["table"] = value => result = context.Text(value, "table") is { } table ? result with { Table = table } : result,
            ["scope"] = value => result = context.Text(value, "scope") is { } scope ? result with { Scope = scope } : result,
            ["type"] = value => result = context.Text(value, "type") is { } type ? result with { Type = type } : result,
            ["no_track"] = value => result = context.Boolean(value, "no_track") is { } noTrack ? result with { NoTrack = noTrack } : result,
        });
        if (destination is null)
        {
            if (!source.Has("to"))
            {
                context.Diagnostics.Error(DiagnosticCodes.MissingValue, mapping.Location, $"{keyword} entry has no destination ('to')");
            }
            return null;
        }
        return result with { Destination = destination.Value, Source = source };
    }

    private static UnicastPeer? PeerFromLine(ScalarNode scalar, YamlReadContext context)
    {
        var words = Words(scalar);
        if (words.Count == 0)
        {
            context.Diagnostics.Error(DiagnosticCodes.MissingValue, scalar.Location, "unicast_peer entry has no address");
            return null;
        }
        if (YamlReadContext.ParseAddress(words[0].Text) is not { } address)
        {
            context.InvalidValue(words[0].Location, "unicast_peer", words[0].Text, "an IP address");
            return null;
        }

        var source = new SourceMap(scalar.Location).Set("address", words[0].Location);
        var result = new UnicastPeer(address) { Source = source };
        var options = new OptionReader(words, 1, "unicast_peer", source, context);
        while (options.Next() is { } option)
        {
            switch (option.Text)
            {
                case "min_ttl":
                    result = options.Integer(option) is { } minimum ? result with { MinTtl = minimum } : result;
                    break;
                case "max_ttl":
                    result = options.Integer(option) is { } maximum ? result with { MaxTtl = maximum } : result;
                    break;
                default:
                    options.Unknown(option, "min_ttl or max_ttl");
                    break;
            }
        }
        return result;
    }

    private static UnicastPeer? PeerFromMapping(MappingNode mapping, YamlReadContext context)
    {
        var source = new SourceMap(mapping.Location);
        UnicastPeer? result = null;
        int? minimumTtl = null;
        int? maximumTtl = null;
        context.ReadMapping(mapping, "unicast_peer entry", source, new Dictionary<string, Action<YamlConfigNode>>
        {
            ["address"] = value => result = context.Address(value, "address") is { } address ? new UnicastPeer(address) : result,
            ["min_ttl"] = value => minimumTtl = context.Integer(value, "min_ttl") ?? minimumTtl,
            ["max_ttl"] = value => maximumTtl = context.Integer(value, "max_ttl") ?? maximumTtl,
        });
        if (result is null && !source.Has("address"))
        {
            context.Diagnostics.Error(DiagnosticCodes.MissingValue, mapping.Location, "unicast_peer entry has no address");
        }
        return result is null ? null : result with { MinTtl = minimumTtl, MaxTtl = maximumTtl, Source = source };
    }

    private static T? UnexpectedListItem<T>(YamlConfigNode node, string keyword, YamlReadContext context)
        where T : class
    {
        context.Diagnostics.Error(
            DiagnosticCodes.YamlUnexpectedNode,
            node.Location,
            $"{keyword} entries must be a single value or a mapping, not {node.KindDescription}");
        return null;
    }

    [GeneratedRegex(@"\S+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}

/// <summary>One word of a one-line value and where it was written.</summary>
internal readonly record struct Word(string Text, SourceLocation Location);

/// <summary>Walks the <c>option value</c> pairs of a one-line value, recording each option in the source map.</summary>
internal sealed class OptionReader(List<Word> words, int start, string keyword, SourceMap source, YamlReadContext context)
{
    private int _position = start;

    public Word? Next() => _position < words.Count ? words[_position++] : null;

    public string? Text(Word option) => TakeValue(option)?.Text;

    public T? Value<T>(Word option, string expectation, Func<string, T?> parse)
        where T : class
    {
        if (TakeValue(option) is not { } value)
        {
            return null;
        }
        var result = parse(value.Text);
        if (result is null)
        {
            context.InvalidValue(value.Location, option.Text, value.Text, expectation);
        }
        return result;
    }

    public int? Integer(Word option)
    {
        if (TakeValue(option) is not { } value)
        {
            return null;
        }
        var result = YamlReadContext.ParseInteger(value.Text);
        if (result is null)
        {
            context.InvalidValue(value.Location, option.Text, value.Text, "a whole number");
        }
        return result;
    }

    /// <summary>An option without a value, such as <c>no_track</c>.</summary>
    public void Flag(Word option) => source.Set(option.Text, option.Location);

    /// <summary>Reports a word that is no option; the rest of the line is skipped rather than misread.</summary>
    public void Unknown(Word option, string knownOptions)
    {
        context.InvalidValue(option.Location, keyword, option.Text, $"one of {knownOptions}");
        _position = words.Count;
    }

    private Word? TakeValue(Word option)
    {
        source.Set(option.Text, option.Location);
        if (_position >= words.Count)
        {
            context.Diagnostics.Error(DiagnosticCodes.MissingValue, option.Location, $"{option.Text} in {keyword} has no value");
            return null;
        }
        var value = words[_position++];
        source.Set(option.Text + ":value", value.Location);
        return value;
    }
}
