namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// Expands an <c>include</c> pattern the way glob(3) does for keepalived: <c>*</c>, <c>?</c> and <c>[...]</c> in any
/// path segment, names starting with '.' matched only explicitly, results in sorted order.
/// </summary>
internal static class KeepalivedIncludeGlob
{
    public static bool HasWildcards(string pattern) => pattern.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>
    /// The files matching <paramref name="pattern"/>, spelled with the pattern's own prefix. Stops collecting at
    /// <paramref name="maxMatches"/>: more files than a load may read are refused anyway (ConfigLoadLimits.MaxFiles).
    /// </summary>
    public static List<string> Expand(string pattern, int maxMatches = int.MaxValue)
    {
        var root = Path.GetPathRoot(pattern) ?? string.Empty;
        var segments = pattern[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        List<string> candidates = [root];
        for (var index = 0; index < segments.Length; index++)
        {
            var isLast = index == segments.Length - 1;
            var segment = segments[index];
            var next = new List<string>();
            foreach (var candidate in candidates)
            {
                if (!HasWildcards(segment))
                {
                    next.Add(Path.Join(candidate, segment));
                    continue;
                }
                var directory = candidate.Length == 0 ? "." : candidate;
                if (!Directory.Exists(directory))
                {
                    continue;
                }
                var entries = isLast ? Directory.EnumerateFiles(directory) : Directory.EnumerateDirectories(directory);
                foreach (var entry in entries)
                {
                    var name = Path.GetFileName(entry);
                    if (Matches(segment, name))
                    {
                        next.Add(Path.Join(candidate, name));
                    }
                    if (next.Count >= maxMatches)
                    {
                        break;
                    }
                }
            }
            candidates = next;
        }
        var files = candidates.Where(File.Exists).ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>Whether <paramref name="name"/> matches one glob segment.</summary>
    public static bool Matches(string pattern, string name)
    {
        if (name.StartsWith('.') && !pattern.StartsWith('.'))
        {
            return false;
        }
        return GlobSegmentMatcher.Matches(pattern, name);
    }
}
