namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// Expands an <c>include</c> pattern the way glob(3) does for keepalived: <c>*</c>, <c>?</c> and <c>[...]</c> in any
/// path segment, names starting with '.' matched only explicitly, results in sorted order.
/// </summary>
internal static class KeepalivedIncludeGlob
{
    public static bool HasWildcards(string pattern) => pattern.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>The files matching <paramref name="pattern"/>, spelled with the pattern's own prefix.</summary>
    public static List<string> Expand(string pattern)
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
        return MatchesFrom(pattern, 0, name, 0);
    }

    private static bool MatchesFrom(string pattern, int patternIndex, string name, int nameIndex)
    {
        while (patternIndex < pattern.Length)
        {
            var token = pattern[patternIndex];
            if (token == '*')
            {
                // Try every possible length for the star; segments are short, so this stays cheap.
                for (var skip = nameIndex; skip <= name.Length; skip++)
                {
                    if (MatchesFrom(pattern, patternIndex + 1, name, skip))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (nameIndex >= name.Length)
            {
                return false;
            }
            if (token == '[')
            {
                var close = pattern.IndexOf(']', patternIndex + 2);
                if (close > 0)
                {
                    if (!MatchesClass(pattern.AsSpan(patternIndex + 1, close - patternIndex - 1), name[nameIndex]))
                    {
                        return false;
                    }
                    patternIndex = close + 1;
                    nameIndex++;
                    continue;
                }
            }
            if (token != '?' && token != name[nameIndex])
            {
                return false;
            }
            patternIndex++;
            nameIndex++;
        }
        return nameIndex == name.Length;
    }

    private static bool MatchesClass(ReadOnlySpan<char> characterClass, char character)
    {
        var negate = characterClass.Length > 0 && characterClass[0] is '!' or '^';
        if (negate)
        {
            characterClass = characterClass[1..];
        }
        var found = false;
        for (var index = 0; index < characterClass.Length; index++)
        {
            if (index + 2 < characterClass.Length && characterClass[index + 1] == '-')
            {
                found |= character >= characterClass[index] && character <= characterClass[index + 2];
                index += 2;
            }
            else
            {
                found |= character == characterClass[index];
            }
        }
        return found != negate;
    }
}
