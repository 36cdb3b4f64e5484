namespace HaVrrp.Engine.Configuration.Yaml;

/// <summary>
/// A node of a loaded YAML document with its place in the file. The reader keeps its own small tree
/// (rather than YamlDotNet's representation model) so that duplicate keys survive loading and can be
/// reported one by one instead of failing the whole document.
/// </summary>
internal abstract class YamlConfigNode(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    /// <summary>How diagnostics name this kind of node: "a mapping", "a sequence", "a single value".</summary>
    public abstract string KindDescription { get; }
}

internal sealed class ScalarNode(SourceLocation location, string value, bool isNull, int contentColumn, bool isSingleLine)
    : YamlConfigNode(location)
{
    public string Value { get; } = value;

    /// <summary>An empty value, <c>~</c> or <c>null</c> written without quotes.</summary>
    public bool IsNull { get; } = isNull;

    public override string KindDescription => "a single value";

    /// <summary>
    /// Where the character at <paramref name="index"/> of the value sits in the file, so a bad word in a
    /// one-line VIP is reported at its own column. Multi-line values fall back to the value's start.
    /// </summary>
    public SourceLocation LocationOf(int index) =>
        isSingleLine ? Location with { Column = contentColumn + index } : Location;
}

internal sealed class SequenceNode(SourceLocation location, IReadOnlyList<YamlConfigNode> items) : YamlConfigNode(location)
{
    public IReadOnlyList<YamlConfigNode> Items { get; } = items;

    public override string KindDescription => "a sequence";
}

internal sealed class MappingNode(SourceLocation location, IReadOnlyList<KeyValuePair<YamlConfigNode, YamlConfigNode>> entries)
    : YamlConfigNode(location)
{
    /// <summary>Entries in file order, duplicates included.</summary>
    public IReadOnlyList<KeyValuePair<YamlConfigNode, YamlConfigNode>> Entries { get; } = entries;

    public override string KindDescription => "a mapping";
}
