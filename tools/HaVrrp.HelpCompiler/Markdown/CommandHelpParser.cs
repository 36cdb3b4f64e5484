using System.Text.RegularExpressions;

namespace HaVrrp.HelpCompiler.Markdown;

/// <summary>
/// Reads a cmdlet page written in platyPS's markdown layout (docs/help/*.md): front matter, then
/// "# Name" and the "## SYNOPSIS", "## DESCRIPTION", "## EXAMPLES", ... sections.
/// </summary>
internal static partial class CommandHelpParser
{
    public static CommandHelp Parse(string markdown)
    {
        var lines = WithoutFrontMatter(markdown.ReplaceLineEndings("\n").Split('\n'));
        var name = lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim()
            ?? throw new FormatException("the page has no '# <cmdlet name>' heading");
        var sections = MarkdownSections.Split(lines, 2);
        return new CommandHelp(
            name,
            string.Join(' ', MarkdownBlocks.Paragraphs(sections.Get("SYNOPSIS"))),
            Prose(sections.Get("DESCRIPTION")),
            Examples(sections.Get("EXAMPLES")),
            Parameters(sections.Get("PARAMETERS")),
            Types(sections.Get("INPUTS")),
            Types(sections.Get("OUTPUTS")),
            Prose(sections.Get("NOTES")),
            Links(sections.Get("RELATED LINKS")));
    }

    private static List<string> WithoutFrontMatter(string[] lines)
    {
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            return [.. lines];
        }
        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        return end < 0 ? [.. lines] : [.. lines[(end + 1)..]];
    }

    /// <summary>Paragraphs, code blocks kept line for line: Get-Help indents each para's first line only.</summary>
    private static List<string> Prose(IEnumerable<string> lines) =>
        MarkdownBlocks.Read(lines).Select(b => b.Text).ToList();

    private static List<ExampleHelp> Examples(IEnumerable<string> lines)
    {
        var examples = new List<ExampleHelp>();
        foreach (var (title, body) in MarkdownSections.Split(lines, 3).Sections)
        {
            var blocks = MarkdownBlocks.Read(body);
            // The commands are the first code block; everything after it (prose, sample output) is remarks.
            var firstCode = blocks.ToList().FindIndex(b => b.IsCode);
            var code = firstCode < 0 ? string.Empty : blocks[firstCode].Text;
            var remarks = blocks
                .Where((_, index) => index != firstCode)
                .Select(b => b.Text)
                .ToList();
            examples.Add(new ExampleHelp(title, code, remarks));
        }
        return examples;
    }

    private static Dictionary<string, ParameterHelp> Parameters(IEnumerable<string> lines)
    {
        var parameters = new Dictionary<string, ParameterHelp>(StringComparer.OrdinalIgnoreCase);
        foreach (var (title, body) in MarkdownSections.Split(lines, 3).Sections)
        {
            if (!title.StartsWith('-'))
            {
                continue; // "CommonParameters": PowerShell documents those itself.
            }
            var blocks = MarkdownBlocks.Read(body);
            var yaml = blocks.FirstOrDefault(b => b.FenceLanguage == "yaml")?.Text ?? string.Empty;
            var defaultValue = DefaultValueLine().Match(yaml);
            parameters[title[1..]] = new ParameterHelp(
                blocks.Where(b => !b.IsCode).Select(b => b.Text).ToList(),
                defaultValue.Success ? defaultValue.Groups[1].Value.Trim().Trim('\'') : null);
        }
        return parameters;
    }

    private static List<TypeHelp> Types(IEnumerable<string> lines) =>
        MarkdownSections.Split(lines, 3).Sections
            .Select(s => new TypeHelp(s.Title, MarkdownBlocks.Paragraphs(s.Lines)))
            .ToList();

    private static List<RelatedLink> Links(IEnumerable<string> lines) =>
        lines.Select(l => MarkdownLink().Match(l))
            .Where(m => m.Success)
            .Select(m => new RelatedLink(m.Groups[1].Value, IsWebAddress(m.Groups[2].Value) ? m.Groups[2].Value : string.Empty))
            .ToList();

    private static bool IsWebAddress(string target) =>
        target.StartsWith("https://", StringComparison.Ordinal) || target.StartsWith("http://", StringComparison.Ordinal);

    [GeneratedRegex(@"^DefaultValue:(.*)$", RegexOptions.Multiline)]
    private static partial Regex DefaultValueLine();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)]*)\)")]
    private static partial Regex MarkdownLink();
}
