using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// Reads keyword values and reports what cannot be read: a missing value (HV0023), a value that does not parse
/// (HV0024, naming the keyword and the text), extra arguments (HV0026). Every value read is recorded in the
/// node's <see cref="SourceMap"/>: the keyword under its name, the value under <c>keyword:value</c>.
/// Ranges are not checked here; the validator does that from the model.
/// </summary>
internal sealed class KeepalivedValueReader(DiagnosticBag diagnostics)
{
    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public static string ValueKey(string keyword) => keyword + ":value";

    /// <summary>Records where <paramref name="node"/>'s keyword was written; warns if it carries a block it does not take.</summary>
    public void Record(KeepalivedNode node, SourceMap map)
    {
        map.Set(node.Name, node.Location);
        if (node.Block is not null)
        {
            Diagnostics.Warning(DiagnosticCodes.ExtraArguments, node.BlockLocation,
                $"{node.Name} takes no block; the block is ignored");
        }
    }

    /// <summary>The single value of <paramref name="node"/>, or null (reported) when there is none.</summary>
    public KeepalivedToken? Single(KeepalivedNode node, SourceMap map)
    {
        Record(node, map);
        if (node.Arguments.Count == 0)
        {
            Diagnostics.Error(DiagnosticCodes.MissingValue, node.Location, $"{node.Name} needs a value");
            return null;
        }
        WarnExtra(node, allowed: 1);
        map.Set(ValueKey(node.Name), node.Arguments[0].Location);
        return node.Arguments[0];
    }

    /// <summary>Warns about arguments past the first <paramref name="allowed"/> ones.</summary>
    public void WarnExtra(KeepalivedNode node, int allowed) => WarnExtra(node.Name, node.Arguments, allowed);

    public void WarnExtra(string keyword, IReadOnlyList<KeepalivedToken> arguments, int allowed)
    {
        if (arguments.Count <= allowed)
        {
            return;
        }
        var extra = string.Join(' ', arguments.Skip(allowed).Select(token => token.Text));
        var takes = allowed == 0 ? "no values" : allowed == 1 ? "1 value" : $"{allowed} values";
        Diagnostics.Warning(DiagnosticCodes.ExtraArguments, arguments[allowed].Location,
            $"{keyword} takes {takes}; ignoring '{extra}'");
    }

    public string? Text(KeepalivedNode node, SourceMap map) => Single(node, map)?.Text;

    public int? Integer(KeepalivedNode node, SourceMap map) =>
        Single(node, map) is { } token && TryInteger(node.Name, token, out var value) ? value : null;

    public TimeSpan? Seconds(KeepalivedNode node, SourceMap map) =>
        Single(node, map) is { } token && TrySeconds(node.Name, token, out var value) ? value : null;

    public IPAddress? Address(KeepalivedNode node, SourceMap map) =>
        Single(node, map) is { } token && TryAddress(node.Name, token, out var value) ? value : null;

    /// <summary>
    /// A switch such as <c>vrrp_strict</c> or <c>smtp_alert</c>: on when written bare, or set by an optional
    /// boolean (<c>true/false</c>, <c>yes/no</c>, <c>on/off</c>, <c>1/0</c>), as keepalived accepts.
    /// </summary>
    public bool Flag(KeepalivedNode node, SourceMap map)
    {
        Record(node, map);
        if (node.Arguments.Count == 0)
        {
            return true;
        }
        WarnExtra(node, allowed: 1);
        var token = node.Arguments[0];
        map.Set(ValueKey(node.Name), token.Location);
        switch (token.Text.ToLowerInvariant())
        {
            case "true" or "yes" or "on" or "1":
                return true;
            case "false" or "no" or "off" or "0":
                return false;
            default:
                Invalid(node.Name, token, "is not true or false");
                return true;
        }
    }

    /// <summary>The block of <paramref name="node"/>; HV0013 and an empty list when it has none.</summary>
    public List<KeepalivedNode> Block(KeepalivedNode node, SourceMap? map = null)
    {
        map?.Set(node.Name, node.Location);
        if (node.Block is null)
        {
            Diagnostics.Error(DiagnosticCodes.ExpectedBlock, node.Location, $"{node.Name} needs a '{{ ... }}' block");
            return [];
        }
        return node.Block;
    }

    /// <summary>The name after a block keyword (<c>vrrp_instance VI_1 {</c>), or null (reported) when missing.</summary>
    public string? BlockName(KeepalivedNode node)
    {
        if (node.Arguments.Count == 0)
        {
            Diagnostics.Error(DiagnosticCodes.MissingValue, node.Location, $"{node.Name} needs a name");
            return null;
        }
        WarnExtra(node, allowed: 1);
        return node.Arguments[0].Text;
    }

    public bool TryInteger(string keyword, KeepalivedToken token, out int value)
    {
        if (int.TryParse(token.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        Invalid(keyword, token, "is not a whole number");
        return false;
    }

    /// <summary>keepalived durations: seconds, fractions allowed (<c>advert_int 0.5</c>).</summary>
    public bool TrySeconds(string keyword, KeepalivedToken token, out TimeSpan value)
    {
        value = default;
        if (decimal.TryParse(token.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var seconds) &&
            Math.Abs(seconds) <= (decimal)TimeSpan.MaxValue.TotalSeconds / 2)
        {
            value = TimeSpan.FromTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond));
            return true;
        }
        Invalid(keyword, token, "is not a number of seconds");
        return false;
    }

    public bool TryAddress(string keyword, KeepalivedToken token, out IPAddress value)
    {
        if (TryParseAddress(token.Text, out value))
        {
            return true;
        }
        Invalid(keyword, token, "is not an IP address");
        return false;
    }

    /// <summary>
    /// Parses an IPv4 or IPv6 address. Unlike <see cref="IPAddress.TryParse(string, out IPAddress)"/> alone, it
    /// refuses the short IPv4 forms (<c>10.1</c>, <c>167772161</c>) that are almost always typing mistakes.
    /// </summary>
    public static bool TryParseAddress(string text, out IPAddress value)
    {
        if (IPAddress.TryParse(text, out var parsed) &&
            (parsed.AddressFamily == AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3))
        {
            value = parsed;
            return true;
        }
        value = IPAddress.None;
        return false;
    }

    /// <summary>
    /// A user and optional group, written <c>USER [GROUP]</c> or <c>USER:GROUP</c> (script_user, vrrp_script
    /// <c>user</c>, notify scripts).
    /// </summary>
    public static ScriptUser ParseUser(string user, string? group)
    {
        var colon = user.IndexOf(':', StringComparison.Ordinal);
        if (group is null && colon > 0)
        {
            return new ScriptUser(user[..colon], colon + 1 < user.Length ? user[(colon + 1)..] : null);
        }
        return new ScriptUser(user, group);
    }

    public void Invalid(string keyword, KeepalivedToken token, string problem)
    {
        if (IsUndefinedParameter(token))
        {
            return;
        }
        Diagnostics.Error(DiagnosticCodes.InvalidValue, token.Location, $"{keyword}: '{token.Text}' {problem}");
    }

    /// <summary>A value left as <c>$NAME</c> because NAME is undefined: HV0040 already said so at this place.</summary>
    private bool IsUndefinedParameter(KeepalivedToken token) =>
        token.Text.StartsWith('$') &&
        Diagnostics.Items.Any(d => d.Code == DiagnosticCodes.UndefinedParameter && d.Location == token.Location);

    /// <summary>
    /// HV0022 for keywords keepalived knows and HaVrrp does not do; HV0027 (an error) when such a keyword decides when
    /// the instance fails over; HV0020 for the rest.
    /// </summary>
    public void Unknown(KeepalivedNode node, string context, IReadOnlySet<string> recognised)
    {
        if (node.Keyword.Kind == KeepalivedTokenKind.OpenBrace)
        {
            Diagnostics.Warning(DiagnosticCodes.UnknownKeyword, node.Location,
                $"block without a keyword in {context}; ignored");
        }
        else if (recognised.Contains(node.Name) && KeepalivedKeywords.UnimplementedFailoverTriggers.TryGetValue(node.Name, out var lost))
        {
            Diagnostics.Error(DiagnosticCodes.UnimplementedFailoverTrigger, node.Location,
                $"{node.Name} in {context} is not implemented by HaVrrp: {lost}");
        }
        else if (recognised.Contains(node.Name))
        {
            var reason = KeepalivedKeywords.ReasonIgnored(node.Name) is { } why ? $" ({why})" : string.Empty;
            Diagnostics.Warning(DiagnosticCodes.UnsupportedKeyword, node.Location,
                $"{node.Name} is a keepalived keyword that HaVrrp does not support{reason}; ignored");
        }
        else
        {
            Diagnostics.Warning(DiagnosticCodes.UnknownKeyword, node.Location,
                $"unknown keyword '{node.Name}' in {context}; ignored");
        }
    }
}
