using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HaVrrp.Engine.Configuration;

/// <summary>A word of a one-line entry and where it was written.</summary>
internal readonly record struct RuleWord(string Text, SourceLocation Location);

/// <summary>
/// Reads one <c>virtual_rules</c> / <c>static_rules</c> entry written as for <c>ip rule add</c>, with the options
/// and checks keepalived 2.2.7 applies (docs/configuration.md, "virtual_rules and static_rules"). Both the
/// keepalived.conf and the YAML reader use it, so an entry means the same in either file. One parser serves one
/// file: like keepalived, it numbers rules written without a preference 16384, 16383, ... per address family.
/// </summary>
internal sealed class RoutingRuleParser(DiagnosticBag diagnostics)
{
    private const uint FirstAssignedPreference = 16384;
    private const ulong MaximumPort = 65534;

    private DiagnosticBag Diagnostics { get; } = diagnostics;

    private uint _nextIPv4Preference = FirstAssignedPreference;
    private uint _nextIPv6Preference = FirstAssignedPreference;

    /// <summary>
    /// The rule, or null when it is refused (each reason reported as an error at the word that causes it).
    /// <paramref name="allowTrackGroup"/>: keepalived reads <c>track_group</c> in static_rules only.
    /// </summary>
    public RoutingRule? Parse(IReadOnlyList<RuleWord> words, SourceLocation location, string listName, bool allowTrackGroup)
    {
        var entry = new Entry(this, words, location, listName, allowTrackGroup);
        return entry.Read();
    }

    private uint AssignPreference(AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? _nextIPv6Preference-- : _nextIPv4Preference--;

    private sealed class Entry(RoutingRuleParser owner, IReadOnlyList<RuleWord> words, SourceLocation location, string listName, bool allowTrackGroup)
    {
        private readonly DiagnosticBag _diagnostics = owner.Diagnostics;
        private readonly SourceMap _map = new(location);
        private RoutingRule _rule = new();
        private AddressFamily _family = AddressFamily.Unspecified;
        private bool _actionSet;
        private RuleWord? _tableOption;
        private RuleWord? _protocolWord;
        private bool _failed;
        private int _position;

        public RoutingRule? Read()
        {
            while (_position < words.Count && !_failed)
            {
                ReadOption(words[_position++]);
            }
            if (_failed)
            {
                return null;
            }
            return Finish();
        }

        private void ReadOption(RuleWord option)
        {
            _map.Set(option.Text, option.Location);
            switch (option.Text)
            {
                case "inet" or "inet6":
                    SetFamily(option, option.Text == "inet" ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6);
                    if (_position < words.Count)
                    {
                        ReadDifferently(option, $"keepalived 2.2.7 skips the word after {option.Text} ('{words[_position].Text}'); put {option.Text} at the end of the rule so that both read it alike");
                    }
                    break;
                case "from":
                    if (Value(option) is { } from && Network(option.Text, from) is var (fromNetwork, fromFamily) && SetFamily(from, fromFamily))
                    {
                        _rule = _rule with { From = fromNetwork };
                    }
                    break;
                case "to":
                    if (Value(option) is { } to && Network(option.Text, to) is var (toNetwork, toFamily) && SetFamily(to, toFamily))
                    {
                        _rule = _rule with { To = toNetwork };
                    }
                    break;
                case "table" or "lookup":
                    if (Value(option) is { } table && Table(table) && SetAction(option, RoutingRuleAction.Table))
                    {
                        _map.Set("table:value", table.Location);
                        _rule = _rule with { Table = table.Text };
                    }
                    break;
                case "not":
                    _rule = _rule with { Not = true };
                    break;
                case "preference" or "priority" or "order":
                    if (Value(option) is { } preference && Unsigned(option.Text, preference, uint.MaxValue, allowHex: true) is { } number)
                    {
                        _rule = _rule with { Preference = (uint)number };
                    }
                    break;
                case "pref":
                    Refuse(option, "keepalived does not read the shortened 'pref'; write 'preference'");
                    break;
                case "tos" or "dsfield":
                    if (Value(option) is { } tos && Unsigned(option.Text, tos, byte.MaxValue, allowHex: true, namesFrom: "rt_dsfield") is { } tosValue)
                    {
                        _rule = _rule with { Tos = (byte)tosValue };
                    }
                    break;
                case "fwmark":
                    if (Value(option) is { } mark)
                    {
                        FirewallMark(mark);
                    }
                    break;
                case "realms":
                    if (Value(option) is { } realms && Realms(realms) is { } packed && SetFamily(option, AddressFamily.InterNetwork))
                    {
                        _rule = _rule with { Realms = packed };
                        _tableOption ??= option;
                    }
                    break;
                case "suppress_prefixlength" or "sup_pl":
                    if (Value(option) is { } length && Unsigned(option.Text, length, int.MaxValue, allowHex: false) is { } lengthValue)
                    {
                        _rule = _rule with { SuppressPrefixLength = (int)lengthValue };
                        _tableOption ??= option;
                    }
                    break;
                case "suppress_ifgroup" or "sup_group":
                    if (Value(option) is { } group && InterfaceGroup(option.Text, group) is { } groupValue)
                    {
                        _rule = _rule with { SuppressInterfaceGroup = groupValue };
                        _tableOption ??= option;
                    }
                    break;
                case "dev" or "iif":
                    if (Value(option) is { } input)
                    {
                        _rule = _rule with { InputInterface = input.Text };
                    }
                    break;
                case "oif":
                    if (Value(option) is { } output)
                    {
                        _rule = _rule with { OutputInterface = output.Text };
                    }
                    break;
                case "tunnel-id":
                    if (Value(option) is { } tunnel && Unsigned(option.Text, tunnel, ulong.MaxValue, allowHex: false) is { } tunnelId)
                    {
                        _rule = _rule with { TunnelId = tunnelId };
                    }
                    break;
                case "uidrange":
                    if (Value(option) is { } uids && Range(option.Text, uids, 0, uint.MaxValue, endRequired: true) is { } uidRange)
                    {
                        _rule = _rule with { UidRange = uidRange };
                    }
                    break;
                case "l3mdev":
                    SetAction(option, RoutingRuleAction.L3mdev);
                    break;
                case "protocol":
                    if (Value(option) is { } protocol && Unsigned(option.Text, protocol, byte.MaxValue, allowHex: false) is { } protocolValue)
                    {
                        _rule = _rule with { Protocol = (byte)protocolValue };
                        _protocolWord = protocol;
                    }
                    break;
                case "ipproto":
                    if (Value(option) is { } ipProtocol && IpProtocol(ipProtocol) is { } ipProtocolValue)
                    {
                        _rule = _rule with { IpProtocol = ipProtocolValue };
                    }
                    break;
                case "sport":
                    if (Value(option) is { } sport && Range(option.Text, sport, 1, MaximumPort, endRequired: false) is { } sourcePorts)
                    {
                        _rule = _rule with { SourcePorts = sourcePorts };
                    }
                    break;
                case "dport":
                    if (Value(option) is { } dport && Range(option.Text, dport, 1, MaximumPort, endRequired: false) is { } destinationPorts)
                    {
                        _rule = _rule with { DestinationPorts = destinationPorts };
                    }
                    break;
                case "no_track":
                    _rule = _rule with { NoTrack = true };
                    break;
                case "track_group" when allowTrackGroup:
                    Value(option);
                    _diagnostics.Error(DiagnosticCodes.RoutingRuleNotApplied, option.Location,
                        $"{listName}: track_group would make instances fail over when this rule is deleted, and HaVrrp has no track groups; remove it");
                    _failed = true;
                    break;
                case "type":
                    if (Value(option) is { } type)
                    {
                        ReadAction(type);
                    }
                    break;
                default:
                    ReadAction(option);
                    break;
            }
        }

        /// <summary>goto N, nop, blackhole, unreachable, prohibit: the words keepalived reads as the rule's type.</summary>
        private void ReadAction(RuleWord word)
        {
            switch (word.Text)
            {
                case "goto":
                    if (Value(word) is { } target && Unsigned(word.Text, target, uint.MaxValue, allowHex: false) is { } targetValue
                        && SetAction(word, RoutingRuleAction.Goto))
                    {
                        _rule = _rule with { GotoTarget = (uint)targetValue };
                    }
                    break;
                case "nop":
                    SetAction(word, RoutingRuleAction.Nop);
                    break;
                case "blackhole":
                    SetAction(word, RoutingRuleAction.Blackhole);
                    break;
                case "unreachable":
                    SetAction(word, RoutingRuleAction.Unreachable);
                    break;
                case "prohibit":
                    SetAction(word, RoutingRuleAction.Prohibit);
                    break;
                case "unicast" or "local" or "broadcast" or "anycast" or "multicast" or "throw" or "nat" or "xresolve":
                    Refuse(word, $"'{word.Text}' is not a rule action: use table, goto, nop, blackhole, unreachable, prohibit or l3mdev");
                    break;
                default:
                    Refuse(word, $"unknown rule option '{word.Text}'");
                    break;
            }
        }

        private RoutingRule? Finish()
        {
            if (!_actionSet)
            {
                Refuse(location, "the rule has no action: give it table N, goto N, nop, blackhole, unreachable, prohibit or l3mdev");
                return null;
            }
            if (_rule.Action == RoutingRuleAction.Goto)
            {
                if (_rule.Preference is not { } preference)
                {
                    Refuse(_map.Of("goto"), $"goto {_rule.GotoTarget} needs the rule's own preference, lower than the target");
                    return null;
                }
                if (preference >= _rule.GotoTarget)
                {
                    Refuse(_map.Of("goto"), $"preference {preference} is not lower than goto target {_rule.GotoTarget}: the jump must go forward");
                    return null;
                }
            }
            if (_tableOption is { } tableOption && _rule.Action != RoutingRuleAction.Table)
            {
                Refuse(tableOption, $"{tableOption.Text} applies to a rule that looks up a table, and this one does not");
                return null;
            }
            if (!_rule.NoTrack)
            {
                if (_rule.Protocol is { } protocol && protocol != RoutingRule.KeepalivedProtocol && _protocolWord is { } written)
                {
                    _diagnostics.Warning(DiagnosticCodes.RoutingRuleReadDifferently, written.Location,
                        $"{listName}: a tracked rule carries protocol {RoutingRule.KeepalivedProtocol} (keepalived), as keepalived sets it; protocol {protocol} is reset (add no_track to keep it)");
                }
                _rule = _rule with { Protocol = null };
            }
            var family = _family == AddressFamily.Unspecified ? AddressFamily.InterNetwork : _family;
            _rule = _rule with { Family = family, Source = _map };
            if (_rule.Preference is null)
            {
                var assigned = owner.AssignPreference(family);
                _rule = _rule with { Preference = assigned };
                _diagnostics.Warning(DiagnosticCodes.RoutingRuleWithoutPreference, location,
                    $"{listName}: rule has no preference; it gets {assigned}, as keepalived assigns it, which is probably not what you want: give it one");
            }
            return _rule;
        }

        private void ReadDifferently(RuleWord word, string reason) =>
            _diagnostics.Warning(DiagnosticCodes.RoutingRuleReadDifferently, word.Location, $"{listName}: {reason}");

        private RuleWord? Value(RuleWord option)
        {
            if (_position >= words.Count)
            {
                Refuse(option, $"{option.Text} needs a value");
                return null;
            }
            var value = words[_position++];
            _map.Set(option.Text + ":value", value.Location);
            return value;
        }

        private bool SetFamily(RuleWord word, AddressFamily family)
        {
            if (family == AddressFamily.Unspecified || _family == family)
            {
                return true;
            }
            if (_family == AddressFamily.Unspecified)
            {
                _family = family;
                return true;
            }
            Refuse(word, word.Text == "realms"
                ? "realms applies to IPv4 rules only"
                : "the rule mixes IPv4 and IPv6");
            return false;
        }

        private bool SetAction(RuleWord word, RoutingRuleAction action)
        {
            if (_actionSet)
            {
                Refuse(word, $"the rule already has an action ({ActionName(_rule.Action)}); give it only one of table, goto, nop, blackhole, unreachable, prohibit and l3mdev");
                return false;
            }
            _actionSet = true;
            _rule = _rule with { Action = action };
            _map.Set("action", word.Location);
            return true;
        }

        private static string ActionName(RoutingRuleAction action) => action switch
        {
            RoutingRuleAction.Table => "table",
            _ => action.ToString().ToLowerInvariant(),
        };

        /// <summary>all, any, default (every address), default6 (every IPv6 address), ADDR or ADDR/LEN.</summary>
        private (IPNetwork? Network, AddressFamily Family)? Network(string keyword, RuleWord word)
        {
            switch (word.Text)
            {
                case "all" or "any" or "default":
                    return (null, AddressFamily.Unspecified);
                case "default6":
                    return (null, AddressFamily.InterNetworkV6);
            }
            var slash = word.Text.IndexOf('/', StringComparison.Ordinal);
            var addressText = slash < 0 ? word.Text : word.Text[..slash];
            if (!IPAddress.TryParse(addressText, out var address) || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                || addressText.Contains('%', StringComparison.Ordinal))
            {
                Refuse(word, $"{keyword} '{word.Text}' is not an address, a prefix such as 192.168.2.0/24, or all");
                return null;
            }
            var maximum = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
            var length = maximum;
            if (slash >= 0 && (!int.TryParse(word.Text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > maximum))
            {
                Refuse(word, $"{keyword} '{word.Text}' has a prefix length outside 0-{maximum}");
                return null;
            }
            var network = new IPNetwork(NetworkOf(address, length), length);
            if (!network.BaseAddress.Equals(address))
            {
                // The kernel keeps host bits for IPv4 and refuses them for IPv6; one reading for both is the network.
                Refuse(word, $"{keyword} '{word.Text}' has host bits set beyond its prefix length; write the network ({network})");
                return null;
            }
            return (network, address.AddressFamily);
        }

        private static IPAddress NetworkOf(IPAddress address, int length)
        {
            var bytes = address.GetAddressBytes();
            for (var bit = length; bit < bytes.Length * 8; bit++)
            {
                bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
            }
            return new IPAddress(bytes);
        }

        /// <summary>A table number (not 0) or a name; names are looked up in rt_tables when the rule is applied and by --check.</summary>
        private bool Table(RuleWord word)
        {
            if (ulong.TryParse(word.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                if (number == 0 || number > uint.MaxValue)
                {
                    Refuse(word, $"table {word.Text} is not a table: use 1-4294967295 or a name from rt_tables");
                    return false;
                }
                return true;
            }
            if (word.Text.Length == 0 || word.Text.Any(char.IsWhiteSpace))
            {
                Refuse(word, $"table '{word.Text}' is not a table number or name");
                return false;
            }
            return true;
        }

        private void FirewallMark(RuleWord word)
        {
            var slash = word.Text.IndexOf('/', StringComparison.Ordinal);
            var markText = slash < 0 ? word.Text : word.Text[..slash];
            if (ParseUnsigned(markText, allowHex: true) is not { } mark || mark > uint.MaxValue)
            {
                Refuse(word, $"fwmark '{word.Text}' is not a mark: use N or N/MASK (decimal or 0x hex, up to 32 bits)");
                return;
            }
            uint? mask = null;
            if (slash >= 0)
            {
                if (ParseUnsigned(word.Text[(slash + 1)..], allowHex: true) is not { } maskValue || maskValue > uint.MaxValue)
                {
                    Refuse(word, $"fwmark '{word.Text}' has a mask that is not a 32-bit number");
                    return;
                }
                mask = (uint)maskValue;
            }
            _rule = _rule with { FirewallMark = (uint)mark, FirewallMask = mask };
        }

        /// <summary>realms [FROM/]TO, numbers 0-65535; the kernel packs FROM into the high 16 bits.</summary>
        private uint? Realms(RuleWord word)
        {
            var parts = word.Text.Split('/');
            if (parts.Length > 2)
            {
                Refuse(word, $"realms '{word.Text}' is not [FROM/]TO");
                return null;
            }
            var values = new List<uint>();
            foreach (var part in parts)
            {
                if (ParseUnsigned(part, allowHex: true) is not { } realm || realm > ushort.MaxValue)
                {
                    NotApplied(word, $"realms '{word.Text}': HaVrrp reads realms as numbers 0-65535 only (no rt_realms names); write the number");
                    return null;
                }
                values.Add((uint)realm);
            }
            return values.Count == 2 ? (values[0] << 16) | values[1] : values[0];
        }

        private uint? InterfaceGroup(string keyword, RuleWord word)
        {
            if (word.Text == "default")
            {
                return 0;
            }
            if (ParseUnsigned(word.Text, allowHex: true) is { } group && group <= uint.MaxValue)
            {
                return (uint)group;
            }
            NotApplied(word, $"{keyword} '{word.Text}': HaVrrp reads interface groups as numbers or 'default' only; write the number");
            return null;
        }

        private byte? IpProtocol(RuleWord word)
        {
            if (ParseUnsigned(word.Text, allowHex: false) is { } number)
            {
                if (number <= byte.MaxValue)
                {
                    if (number > (ulong)sbyte.MaxValue)
                    {
                        var instead = IpProtocolName((byte)number) is { } name ? $"write '{name}'" : "keepalived cannot match it";
                        ReadDifferently(word, $"keepalived 2.2.7 reads ipproto numbers up to 127 only and installs the rule without ipproto {number}; {instead}");
                    }
                    return (byte)number;
                }
            }
            else if (IpProtocolNames.TryGetValue(word.Text, out var named))
            {
                return named;
            }
            Refuse(word, $"ipproto '{word.Text}' is not a protocol: use a number 0-255 or tcp, udp, icmp, ipv6-icmp, sctp, gre, esp, ah, ...");
            return null;
        }

        /// <summary>N-M (or N alone where <paramref name="endRequired"/> is false); the kernel refuses port ranges that hold 0 or 65535.</summary>
        private NumberRange? Range(string keyword, RuleWord word, ulong minimum, ulong maximum, bool endRequired)
        {
            var dash = word.Text.IndexOf('-', StringComparison.Ordinal);
            var startText = dash < 0 ? word.Text : word.Text[..dash];
            var endText = dash < 0 ? null : word.Text[(dash + 1)..];
            if (ParseUnsigned(startText, allowHex: false) is { } start && start >= minimum && start <= maximum
                && endText is not null && ParseUnsigned(endText, allowHex: false) is { } end && end <= maximum && end >= start)
            {
                return new NumberRange((uint)start, (uint)end);
            }
            if (!endRequired && endText is null && ParseUnsigned(startText, allowHex: false) is { } single && single >= minimum && single <= maximum)
            {
                ReadDifferently(word, $"keepalived 2.2.7 refuses a single port and installs the rule without {keyword}; write {single}-{single} so that both match it");
                return new NumberRange((uint)single, (uint)single);
            }
            var form = endRequired ? "START-END" : "N or START-END";
            Refuse(word, $"{keyword} '{word.Text}' is not {form} with {minimum} <= START <= END <= {maximum}");
            return null;
        }

        private ulong? Unsigned(string keyword, RuleWord word, ulong maximum, bool allowHex, string? namesFrom = null)
        {
            if (ParseUnsigned(word.Text, allowHex) is { } value && value <= maximum)
            {
                return value;
            }
            if (namesFrom is not null && word.Text.Length > 0 && char.IsLetter(word.Text[0]))
            {
                NotApplied(word, $"{keyword} '{word.Text}': HaVrrp does not read names from {namesFrom}; write the number");
                return null;
            }
            Refuse(word, $"{keyword} '{word.Text}' is not a number 0-{maximum}");
            return null;
        }

        /// <summary>Decimal, or 0x-prefixed hex where keepalived reads C's base 0.</summary>
        private static ulong? ParseUnsigned(string text, bool allowHex)
        {
            if (allowHex && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                return ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && text.Length > 2 ? hex : null;
            }
            return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }

        private void Refuse(RuleWord word, string reason) => Refuse(word.Location, reason);

        private void Refuse(SourceLocation at, string reason)
        {
            _diagnostics.Error(DiagnosticCodes.InvalidRoutingRule, at, $"{listName}: {reason}");
            _failed = true;
        }

        private void NotApplied(RuleWord word, string reason)
        {
            _diagnostics.Error(DiagnosticCodes.RoutingRuleNotApplied, word.Location, $"{listName}: {reason}");
            _failed = true;
        }
    }

    /// <summary>The name both daemons read for an IP protocol number (<c>tcp</c> for 6), or null.</summary>
    public static string? IpProtocolName(byte number) =>
        IpProtocolNames.FirstOrDefault(entry => entry.Value == number && entry.Key != "icmpv6").Key;

    /// <summary>The IP protocol names of /etc/protocols that rules are written with.</summary>
    private static readonly Dictionary<string, byte> IpProtocolNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["icmp"] = 1, ["igmp"] = 2, ["ipencap"] = 4, ["tcp"] = 6, ["egp"] = 8, ["udp"] = 17, ["ipv6"] = 41,
        ["rsvp"] = 46, ["gre"] = 47, ["esp"] = 50, ["ah"] = 51, ["ipv6-icmp"] = 58, ["icmpv6"] = 58, ["ospf"] = 89,
        ["pim"] = 103, ["vrrp"] = 112, ["l2tp"] = 115, ["sctp"] = 132, ["udplite"] = 136, ["mpls-in-ip"] = 137,
    };
}
