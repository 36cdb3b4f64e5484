namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// Matches one path segment against a glob(3) pattern: <c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>,
/// <c>[!x]</c> (or <c>[^x]</c>). Runs in O(pattern × name) at worst: on a mismatch it only ever goes back to the
/// last <c>*</c>, which is enough because a later star can absorb whatever an earlier one would have. A naive
/// recursive matcher takes exponential time on <c>*a*a*a*a*b</c> against a long name. A <c>[</c> without its
/// <c>]</c> is an ordinary character, as glob(3) treats it; no pattern makes it throw.
/// </summary>
internal static class GlobSegmentMatcher
{
    public static bool Matches(string pattern, string name)
    {
        var patternIndex = 0;
        var nameIndex = 0;
        var starIndex = -1;
        var nameAtStar = 0;
        while (nameIndex < name.Length)
        {
            if (patternIndex < pattern.Length && pattern[patternIndex] == '*')
            {
                starIndex = patternIndex++;
                nameAtStar = nameIndex;
                continue;
            }
            if (patternIndex < pattern.Length && MatchesOne(pattern, patternIndex, name[nameIndex], out var width))
            {
                patternIndex += width;
                nameIndex++;
                continue;
            }
            if (starIndex < 0)
            {
                return false;
            }
            // Let the last star take one more character and try the rest again from there.
            patternIndex = starIndex + 1;
            nameIndex = ++nameAtStar;
        }
        while (patternIndex < pattern.Length && pattern[patternIndex] == '*')
        {
            patternIndex++;
        }
        return patternIndex == pattern.Length;
    }

    /// <summary>Whether the pattern element at <paramref name="index"/> matches one character, and how long the element is.</summary>
    private static bool MatchesOne(string pattern, int index, char character, out int width)
    {
        width = 1;
        var element = pattern[index];
        if (element == '?')
        {
            return true;
        }
        if (element == '[' && TryFindClassEnd(pattern, index, out var close))
        {
            width = close - index + 1;
            return MatchesClass(pattern.AsSpan(index + 1, close - index - 1), character);
        }
        return element == character;
    }

    /// <summary>Finds the ']' closing the class opened at <paramref name="open"/>; a ']' right after '[' or '[!' is a member.</summary>
    private static bool TryFindClassEnd(string pattern, int open, out int close)
    {
        var position = open + 1;
        if (position < pattern.Length && pattern[position] is '!' or '^')
        {
            position++;
        }
        if (position < pattern.Length && pattern[position] == ']')
        {
            position++;
        }
        close = position < pattern.Length ? pattern.IndexOf(']', position) : -1;
        return close > 0;
    }

    private static bool MatchesClass(ReadOnlySpan<char> members, char character)
    {
        var negate = members.Length > 0 && members[0] is '!' or '^';
        if (negate)
        {
            members = members[1..];
        }
        var found = false;
        for (var index = 0; index < members.Length; index++)
        {
            if (index + 2 < members.Length && members[index + 1] == '-')
            {
                found |= character >= members[index] && character <= members[index + 2];
                index += 2;
            }
            else
            {
                found |= character == members[index];
            }
        }
        return found != negate;
    }
}
