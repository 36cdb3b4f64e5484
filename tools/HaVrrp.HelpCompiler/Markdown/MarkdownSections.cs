namespace HaVrrp.HelpCompiler.Markdown;

/// <summary>
/// A markdown page cut at its headings: every heading of a given level with the lines under it,
/// up to the next heading of that level or higher. Headings inside code fences do not count.
/// </summary>
internal sealed class MarkdownSections
{
    private MarkdownSections(IReadOnlyList<(string Title, IReadOnlyList<string> Lines)> sections) => Sections = sections;

    public IReadOnlyList<(string Title, IReadOnlyList<string> Lines)> Sections { get; }

    public static MarkdownSections Split(IEnumerable<string> lines, int level)
    {
        var marker = new string('#', level) + " ";
        var sections = new List<(string, IReadOnlyList<string>)>();
        string? title = null;
        var body = new List<string>();
        var inFence = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            if (!inFence && IsHeadingAtOrAbove(line, level))
            {
                if (title is not null)
                {
                    sections.Add((title, body));
                }
                title = line.StartsWith(marker, StringComparison.Ordinal) ? line[marker.Length..].Trim() : null;
                body = [];
                continue;
            }
            body.Add(line);
        }
        if (title is not null)
        {
            sections.Add((title, body));
        }
        return new MarkdownSections(sections);
    }

    public IReadOnlyList<string> Get(string title) =>
        Sections.FirstOrDefault(s => string.Equals(s.Title, title, StringComparison.OrdinalIgnoreCase)).Lines ?? [];

    private static bool IsHeadingAtOrAbove(string line, int level)
    {
        var hashes = line.TakeWhile(c => c == '#').Count();
        return hashes >= 1 && hashes <= level && line.Length > hashes && line[hashes] == ' ';
    }
}
