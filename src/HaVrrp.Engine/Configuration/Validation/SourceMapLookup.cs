namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>Where to point a diagnostic about a keyword's value.</summary>
internal static class SourceMapLookup
{
    /// <summary>
    /// The value as written (readers record it under <c>keyword + ":value"</c>), else the keyword,
    /// else the node itself, so a diagnostic always lands as close to the mistake as is known.
    /// </summary>
    public static SourceLocation ValueOf(this SourceMap source, string keyword)
    {
        var valueKey = keyword + ":value";
        return source.Has(valueKey) ? source.Of(valueKey) : source.Of(keyword);
    }
}
