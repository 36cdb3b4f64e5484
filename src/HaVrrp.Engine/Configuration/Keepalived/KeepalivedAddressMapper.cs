using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// Reads the address and route lists (<c>virtual_ipaddress</c>, <c>virtual_ipaddress_excluded</c>,
/// <c>virtual_routes</c>, <c>static_ipaddress</c>, <c>static_routes</c>). Each line is one item, written as for
/// <c>ip address add</c> / <c>ip route add</c>: <c>10.1.1.200/24 brd 10.1.1.255 dev eth1 label eth1:vip</c>.
/// </summary>
internal sealed class KeepalivedAddressMapper(KeepalivedValueReader values)
{
    // One for the whole file: rules without a preference are numbered in the order they are written.
    private readonly RoutingRuleParser _rules = new(values.Diagnostics);

    /// <summary>An address list's items; <c>owner</c>, the map of the block holding the list, records where its keyword was written.</summary>
    public ValueList<VirtualAddress> Addresses(KeepalivedNode list, SourceMap? owner = null)
    {
        var addresses = new List<VirtualAddress>();
        foreach (var item in values.Block(list, owner))
        {
            if (Address(list.Name, item) is { } address)
            {
                addresses.Add(address);
            }
        }
        return addresses;
    }

    /// <summary>A route list's items; <c>owner</c>, the map of the block holding the list, records where its keyword was written.</summary>
    public ValueList<VirtualRoute> Routes(KeepalivedNode list, SourceMap? owner = null)
    {
        var routes = new List<VirtualRoute>();
        foreach (var item in values.Block(list, owner))
        {
            if (Route(list.Name, item) is { } route)
            {
                routes.Add(route);
            }
        }
        return routes;
    }

    /// <summary>
    /// A rule list's items (<c>virtual_rules</c>, <c>static_rules</c>), each written as for <c>ip rule add</c>;
    /// <c>owner</c>, the map of the block holding the list, records where its keyword was written.
    /// </summary>
    public ValueList<RoutingRule> Rules(KeepalivedNode list, SourceMap? owner = null)
    {
        var rules = new List<RoutingRule>();
        foreach (var item in values.Block(list, owner))
        {
            var words = Words(item).Select(token => new RuleWord(token.Text, token.Location)).ToList();
            if (_rules.Parse(words, item.Location, list.Name, allowTrackGroup: list.Name == "static_rules") is { } rule)
            {
                rules.Add(rule);
            }
        }
        return rules;
    }

    private VirtualAddress? Address(string listName, KeepalivedNode item)
    {
        var words = Words(item);
        if (!TryPrefix(listName, words[0], out var ip, out var prefixLength))
        {
            return null;
        }
        var map = new SourceMap(item.Location);
        var address = new VirtualAddress(ip) { PrefixLength = prefixLength, Source = map };
        var position = 1;
        while (position < words.Count)
        {
            var option = words[position];
            map.Set(option.Text, option.Location);
            if (option.Text == "no_track")
            {
                address = address with { NoTrack = true };
                position++;
                continue;
            }
            if (option.Text == "use_vmac")
            {
                // keepalived takes it on VIPs and excluded VIPs only, and skips it as unknown on a static address.
                if (listName == "static_ipaddress")
                {
                    UnknownOption(listName, option);
                }
                else
                {
                    address = address with { UseVirtualMac = true };
                }
                position++;
                continue;
            }
            if (KeepalivedKeywords.UnsupportedAddressFlags.Contains(option.Text))
            {
                Unsupported(option);
                position++;
                continue;
            }
            if (!TryOptionValue(words, position, map, out var value))
            {
                position++;
                continue;
            }
            position += 2;
            switch (option.Text)
            {
                case "brd" or "broadcast":
                    address = address with { Broadcast = Broadcast(option.Text, value, ip, prefixLength) };
                    break;
                case "dev":
                    address = address with { Device = value.Text };
                    break;
                case "label":
                    address = address with { Label = value.Text };
                    break;
                case "scope":
                    address = address with { Scope = value.Text };
                    break;
                default:
                    if (KeepalivedKeywords.UnsupportedAddressOptions.Contains(option.Text))
                    {
                        Unsupported(option);
                    }
                    else
                    {
                        UnknownOption(listName, option);
                        position--;
                    }
                    break;
            }
        }
        return address;
    }

    private VirtualRoute? Route(string listName, KeepalivedNode item)
    {
        var words = Words(item);
        var map = new SourceMap(item.Location);
        string? type = null;
        KeepalivedToken? destinationToken = null;
        IPAddress? via = null;
        IPAddress? source = null;
        var route = new VirtualRoute(new IPNetwork(IPAddress.Any, 0)) { Source = map };
        var position = 0;
        while (position < words.Count)
        {
            var option = words[position];
            if (option.Text == "no_track")
            {
                map.Set(option.Text, option.Location);
                route = route with { NoTrack = true };
                position++;
                continue;
            }
            if (KeepalivedKeywords.RouteTypes.Contains(option.Text))
            {
                map.Set("type", option.Location);
                type = option.Text == "unicast" ? null : option.Text;
                position++;
                continue;
            }
            if (KeepalivedKeywords.UnsupportedRouteFlags.Contains(option.Text))
            {
                Unsupported(option);
                position++;
                continue;
            }
            var isOption = option.Text is "to" or "via" or "gw" or "dev" or "oif" or "src" or "metric" or "preference"
                or "priority" or "table" or "scope" || KeepalivedKeywords.UnsupportedRouteOptions.Contains(option.Text);
            if (!isOption)
            {
                if (destinationToken is null)
                {
                    destinationToken = option;
                    map.Set("destination", option.Location);
                }
                else
                {
                    UnknownOption(listName, option);
                }
                position++;
                continue;
            }
            map.Set(option.Text, option.Location);
            if (!TryOptionValue(words, position, map, out var value))
            {
                position++;
                continue;
            }
            position += 2;
            switch (option.Text)
            {
                case "to":
                    destinationToken = value;
                    map.Set("destination", value.Location);
                    break;
                case "via" or "gw":
                    via = values.TryAddress(option.Text, value, out var gateway) ? gateway : via;
                    break;
                case "dev" or "oif":
                    route = route with { Device = value.Text };
                    break;
                case "src":
                    source = values.TryAddress(option.Text, value, out var preferred) ? preferred : source;
                    break;
                case "metric" or "preference" or "priority":
                    route = values.TryInteger(option.Text, value, out var metric) ? route with { Metric = metric } : route;
                    break;
                case "table":
                    route = route with { Table = value.Text };
                    break;
                case "scope":
                    route = route with { Scope = value.Text };
                    break;
                default:
                    Unsupported(option);
                    break;
            }
        }
        if (destinationToken is not { } written)
        {
            values.Diagnostics.Error(DiagnosticCodes.MissingValue, item.Location, $"{listName}: route needs a destination");
            return null;
        }
        var family = (via ?? source)?.AddressFamily ?? AddressFamily.InterNetwork;
        if (!TryNetwork(listName, written, family, out var destination))
        {
            return null;
        }
        return route with { Destination = destination, Via = via, PreferredSource = source, Type = type };
    }

    /// <summary>The item's keyword and arguments as one list: in a list block the first word is the item.</summary>
    private static List<KeepalivedToken> Words(KeepalivedNode item) => [item.Keyword, .. item.Arguments];

    private bool TryOptionValue(List<KeepalivedToken> words, int position, SourceMap map, out KeepalivedToken value)
    {
        var option = words[position];
        if (position + 1 >= words.Count)
        {
            values.Diagnostics.Error(DiagnosticCodes.MissingValue, option.Location, $"{option.Text} needs a value");
            value = default;
            return false;
        }
        value = words[position + 1];
        map.Set(KeepalivedValueReader.ValueKey(option.Text), value.Location);
        return true;
    }

    /// <summary><c>brd ADDR</c>, or keepalived's <c>brd +</c> (all host bits set) and <c>brd -</c> (none).</summary>
    private IPAddress? Broadcast(string keyword, KeepalivedToken value, IPAddress address, int? prefixLength)
    {
        if (value.Text == "-")
        {
            return null;
        }
        if (value.Text == "+")
        {
            if (address.AddressFamily != AddressFamily.InterNetwork)
            {
                values.Invalid(keyword, value, "applies to IPv4 addresses only");
                return null;
            }
            var hostBits = 32 - (prefixLength ?? 32);
            var hostMask = hostBits >= 32 ? uint.MaxValue : (1u << hostBits) - 1;
            Span<byte> bytes = stackalloc byte[4];
            address.TryWriteBytes(bytes, out _);
            var broadcast = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes) | hostMask;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, broadcast);
            return new IPAddress(bytes);
        }
        return values.TryAddress(keyword, value, out var parsed) ? parsed : null;
    }

    /// <summary><c>ADDR</c> or <c>ADDR/LEN</c>.</summary>
    private bool TryPrefix(string keyword, KeepalivedToken token, out IPAddress address, out int? prefixLength)
    {
        prefixLength = null;
        var text = token.Text;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!KeepalivedValueReader.TryParseAddress(addressText, out address))
        {
            values.Invalid(keyword, token, "is not an IP address");
            return false;
        }
        if (slash >= 0)
        {
            if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                values.Invalid(keyword, token, "has a prefix length that is not a whole number");
                return false;
            }
            prefixLength = length;
        }
        return true;
    }

    /// <summary>A route destination: <c>default</c>, <c>ADDR</c> (a host route) or <c>ADDR/LEN</c>.</summary>
    private bool TryNetwork(string keyword, KeepalivedToken token, AddressFamily family, out IPNetwork network)
    {
        network = default;
        if (token.Text == "default")
        {
            network = family == AddressFamily.InterNetworkV6 ? new IPNetwork(IPAddress.IPv6Any, 0) : new IPNetwork(IPAddress.Any, 0);
            return true;
        }
        if (!TryPrefix(keyword, token, out var address, out var prefixLength))
        {
            return false;
        }
        var maximum = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        var length = prefixLength ?? maximum;
        if (length < 0 || length > maximum)
        {
            values.Invalid(keyword, token, $"has a prefix length outside 0-{maximum}");
            return false;
        }
        network = new IPNetwork(address, length);
        if (!network.BaseAddress.Equals(address))
        {
            // ip route refuses 10.1.2.3/16 rather than guess 10.1.0.0/16; so do we.
            values.Invalid(keyword, token, "has host bits set beyond its prefix length");
            return false;
        }
        return true;
    }

    private void Unsupported(KeepalivedToken option) =>
        values.Diagnostics.Warning(DiagnosticCodes.UnsupportedKeyword, option.Location,
            $"{option.Text} is a keepalived option that HaVrrp does not support; ignored");

    private void UnknownOption(string listName, KeepalivedToken option) =>
        values.Diagnostics.Warning(DiagnosticCodes.UnknownKeyword, option.Location,
            $"unknown option '{option.Text}' in {listName}; ignored");
}
