using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace HaVrrp.Engine.Configuration.Yaml;

/// <summary>
/// The diagnostics of one read and the helpers that turn nodes into values. Every helper returns null
/// (after reporting why) when the node cannot give a value, so callers simply skip the assignment.
/// </summary>
internal sealed partial class YamlReadContext(DiagnosticBag diagnostics)
{
    public DiagnosticBag Diagnostics { get; } = diagnostics;

    /// <summary>One for the whole file: rules without a preference are numbered in the order they are read.</summary>
    public RoutingRuleParser Rules { get; } = new(diagnostics);

    /// <summary>
    /// Reads a mapping key by key: records each key and its value in <paramref name="source"/>, warns
    /// about unknown keys (suggesting the nearest known one) and ignores repeated keys after the first.
    /// </summary>
    public void ReadMapping(
        YamlConfigNode node,
        string owner,
        SourceMap source,
        IReadOnlyDictionary<string, Action<YamlConfigNode>> handlers)
    {
        if (ExpectMapping(node, owner) is not { } mapping)
        {
            return;
        }

        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Entries)
        {
            if (KeyText(keyNode, owner) is not { } key)
            {
                continue;
            }
            if (!handlers.TryGetValue(key, out var handler))
            {
                var suggestion = KeySuggestion.Nearest(key, handlers.Keys);
                Diagnostics.Warning(
                    DiagnosticCodes.YamlUnknownKey,
                    keyNode.Location,
                    suggestion is null
                        ? $"unknown key '{key}' in {owner}"
                        : $"unknown key '{key}' in {owner}; did you mean '{suggestion}'?");
                continue;
            }
            if (!NotSeenBefore(seen, key, keyNode.Location, owner))
            {
                continue;
            }

            source.Set(key, keyNode.Location);
            source.Set(key + ":value", value.Location);
            handler(value);
        }
    }

    /// <summary>
    /// Reads a mapping of named blocks (<c>vrrp_instances: { VI_1: {...} }</c>) in file order, skipping
    /// repeated names. A missing section value (<c>vrrp_scripts:</c>) is simply an empty section.
    /// </summary>
    public List<T> ReadNamedBlocks<T>(YamlConfigNode node, string section, Func<string, YamlConfigNode, SourceLocation, T?> readBlock)
        where T : class
    {
        var blocks = new List<T>();
        if (node is ScalarNode { IsNull: true } || ExpectMapping(node, section) is not { } mapping)
        {
            return blocks;
        }

        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Entries)
        {
            if (KeyText(keyNode, section) is { } name &&
                NotSeenBefore(seen, name, keyNode.Location, section) &&
                readBlock(name, value, keyNode.Location) is { } block)
            {
                blocks.Add(block);
            }
        }
        return blocks;
    }

    /// <summary>The items of a sequence; a single value stands for a one-item list, null for an empty one.</summary>
    public IReadOnlyList<YamlConfigNode> Items(YamlConfigNode node, string keyword) => node switch
    {
        SequenceNode sequence => sequence.Items,
        ScalarNode { IsNull: true } => [],
        ScalarNode scalar => [scalar],
        _ => UnexpectedNode<IReadOnlyList<YamlConfigNode>>(node, keyword, "a sequence") ?? [],
    };

    public MappingNode? ExpectMapping(YamlConfigNode node, string what) =>
        node as MappingNode ?? UnexpectedNode<MappingNode>(node, what, "a mapping");

    public ScalarNode? Scalar(YamlConfigNode node, string keyword)
    {
        if (node is not ScalarNode scalar)
        {
            return UnexpectedNode<ScalarNode>(node, keyword, "a single value");
        }
        if (scalar.IsNull)
        {
            Diagnostics.Error(DiagnosticCodes.MissingValue, scalar.Location, $"{keyword} has no value");
            return null;
        }
        return scalar;
    }

    public string? Text(YamlConfigNode node, string keyword) => Scalar(node, keyword)?.Value;

    public int? Integer(YamlConfigNode node, string keyword) =>
        Parse(node, keyword, "a whole number", ParseInteger);

    public bool? Boolean(YamlConfigNode node, string keyword) =>
        Parse(node, keyword, "true or false", ParseBoolean);

    public TimeSpan? Duration(YamlConfigNode node, string keyword) =>
        Parse(node, keyword, YamlDuration.Expectation, text => YamlDuration.TryParse(text, out var d) ? d : (TimeSpan?)null);

    public IPAddress? Address(YamlConfigNode node, string keyword) =>
        ParseObject(node, keyword, "an IP address", ParseAddress);

    public T? Parse<T>(YamlConfigNode node, string keyword, string expectation, Func<string, T?> parse)
        where T : struct
    {
        if (Scalar(node, keyword) is not { } scalar)
        {
            return null;
        }
        var value = parse(scalar.Value);
        if (value is null)
        {
            InvalidValue(scalar.Location, keyword, scalar.Value, expectation);
        }
        return value;
    }

    public T? ParseObject<T>(YamlConfigNode node, string keyword, string expectation, Func<string, T?> parse)
        where T : class
    {
        if (Scalar(node, keyword) is not { } scalar)
        {
            return null;
        }
        var value = parse(scalar.Value);
        if (value is null)
        {
            InvalidValue(scalar.Location, keyword, scalar.Value, expectation);
        }
        return value;
    }

    public void InvalidValue(SourceLocation location, string keyword, string text, string expectation) =>
        Diagnostics.Error(DiagnosticCodes.InvalidValue, location, $"invalid {keyword} '{text}': expected {expectation}");

    public static int? ParseInteger(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>YAML's true/false plus the yes/no/on/off that keepalived also accepts.</summary>
    public static bool? ParseBoolean(string text) => text.ToUpperInvariant() switch
    {
        "TRUE" or "YES" or "ON" => true,
        "FALSE" or "NO" or "OFF" => false,
        _ => null,
    };

    /// <summary>
    /// Dotted-quad IPv4 or IPv6 only: IPAddress.TryParse also takes inet_aton shorthands such as
    /// <c>10.1.1</c> (10.1.0.1), which in a configuration is always a typo.
    /// </summary>
    public static IPAddress? ParseAddress(string text)
    {
        var looksRight = text.Contains(':', StringComparison.Ordinal)
            ? !text.Contains('/', StringComparison.Ordinal) && !text.Contains('%', StringComparison.Ordinal)
            : DottedQuad().IsMatch(text);
        return looksRight && IPAddress.TryParse(text, out var address) ? address : null;
    }

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedQuad();

    private T? UnexpectedNode<T>(YamlConfigNode node, string what, string expected)
        where T : class
    {
        Diagnostics.Error(
            DiagnosticCodes.YamlUnexpectedNode,
            node.Location,
            $"{what} must be {expected}, not {node.KindDescription}");
        return null;
    }

    private string? KeyText(YamlConfigNode keyNode, string owner)
    {
        if (keyNode is ScalarNode { IsNull: false } scalar)
        {
            return scalar.Value;
        }
        Diagnostics.Error(
            DiagnosticCodes.YamlUnexpectedNode,
            keyNode.Location,
            $"keys in {owner} must be names, not {(keyNode is ScalarNode ? "empty" : keyNode.KindDescription)}");
        return null;
    }

    private bool NotSeenBefore(Dictionary<string, SourceLocation> seen, string key, SourceLocation location, string owner)
    {
        if (seen.TryGetValue(key, out var first))
        {
            Diagnostics.Error(
                DiagnosticCodes.DuplicateDefinition,
                location,
                $"'{key}' appears twice in {owner} (first at line {first.Line}); this one is ignored");
            return false;
        }
        seen.Add(key, location);
        return true;
    }
}

/// <summary>Finds the known key a misspelt one was probably meant to be.</summary>
internal static class KeySuggestion
{
    public static string? Nearest(string key, IEnumerable<string> knownKeys)
    {
        var maximumDistance = Math.Max(1, key.Length / 3);
        return knownKeys
            .Select(known => (Key: known, Distance: EditDistance(key, known)))
            .Where(candidate => candidate.Distance <= maximumDistance)
            .OrderBy(candidate => candidate.Distance)
            .ThenBy(candidate => candidate.Key, StringComparer.Ordinal)
            .Select(candidate => candidate.Key)
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance, ignoring case and treating '-' like '_' (keepalived users type both).</summary>
    public static int EditDistance(string first, string second)
    {
        static char Normalise(char c) => c == '-' ? '_' : char.ToLowerInvariant(c);

        var previous = new int[second.Length + 1];
        var current = new int[second.Length + 1];
        for (var j = 0; j <= second.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= first.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= second.Length; j++)
            {
                var substitution = Normalise(first[i - 1]) == Normalise(second[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + substitution);
            }
            (previous, current) = (current, previous);
        }
        return previous[second.Length];
    }
}
