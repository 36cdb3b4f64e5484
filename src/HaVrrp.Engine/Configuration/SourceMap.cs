namespace HaVrrp.Engine.Configuration;

/// <summary>
/// Where a configuration node and each of its keywords were written. It is provenance, not content:
/// every <see cref="SourceMap"/> equals every other, so a node read from keepalived.conf equals the
/// same node read from YAML, and a reload that only moved lines around changes nothing.
/// </summary>
public sealed class SourceMap : IEquatable<SourceMap>
{
    private readonly Dictionary<string, SourceLocation> _keywords = new(StringComparer.Ordinal);

    public SourceMap(SourceLocation location) => Location = location;

    /// <summary>A map for nodes built in code (defaults, tests, conversions).</summary>
    public static SourceMap None => new(SourceLocation.None);

    /// <summary>Where the node itself starts (its keyword, or the first token of a list item).</summary>
    public SourceLocation Location { get; }

    /// <summary>Records where <paramref name="keyword"/> was written inside this node.</summary>
    public SourceMap Set(string keyword, SourceLocation location)
    {
        _keywords[keyword] = location;
        return this;
    }

    /// <summary>Where <paramref name="keyword"/> was written, or the node's own location when it was not.</summary>
    public SourceLocation Of(string keyword) =>
        _keywords.TryGetValue(keyword, out var location) ? location : Location;

    public bool Has(string keyword) => _keywords.ContainsKey(keyword);

    public bool Equals(SourceMap? other) => other is not null;

    public override bool Equals(object? obj) => obj is SourceMap;

    public override int GetHashCode() => 0;

    public override string ToString() => Location.ToString();
}
