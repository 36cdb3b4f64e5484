using System.Text;
using HaVrrp.HelpCompiler.Markdown;

namespace HaVrrp.HelpCompiler.Output;

/// <summary>
/// Turns an about_ page in markdown ("# about_X", "## SHORT DESCRIPTION", ...) into the plain-text
/// about_X.help.txt layout Get-Help prints: headings in capitals at the margin, text indented by four.
/// </summary>
internal static class AboutTopicWriter
{
    private const int Width = 80;
    private const string Indent = "    ";

    public static string Write(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var topic = lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim()
            ?? throw new FormatException("the about page has no '# about_<name>' heading");
        var text = new StringBuilder();
        text.Append("TOPIC\n").Append(Indent).Append(topic).Append('\n');
        foreach (var (title, body) in MarkdownSections.Split(lines, 2).Sections)
        {
            text.Append('\n').Append(title.ToUpperInvariant()).Append('\n');
            foreach (var (subtitle, subBody) in Subsections(body))
            {
                if (subtitle is not null)
                {
                    text.Append('\n').Append(Indent).Append(subtitle).Append('\n');
                }
                var previousWasListItem = false;
                foreach (var block in MarkdownBlocks.Read(subBody))
                {
                    // A list reads as one block: no blank line between its items.
                    var isListItem = !block.IsCode && block.Text.StartsWith("- ", StringComparison.Ordinal);
                    if (!(isListItem && previousWasListItem))
                    {
                        text.Append('\n');
                    }
                    previousWasListItem = isListItem;
                    if (block.IsCode)
                    {
                        foreach (var codeLine in block.Text.Split('\n'))
                        {
                            text.Append(Indent).Append(Indent).Append(codeLine).Append('\n');
                        }
                        continue;
                    }
                    Wrap(text, block.Text);
                }
            }
        }
        return text.ToString();
    }

    /// <summary>The text before the first "###" heading (untitled), then each "###" section.</summary>
    private static IEnumerable<(string? Title, IReadOnlyList<string> Lines)> Subsections(IReadOnlyList<string> body)
    {
        var lead = body.TakeWhile(l => !l.StartsWith("### ", StringComparison.Ordinal)).ToList();
        yield return (null, lead);
        foreach (var (title, lines) in MarkdownSections.Split(body.Skip(lead.Count), 3).Sections)
        {
            yield return (title, lines);
        }
    }

    /// <summary>Wraps a paragraph at 80 columns; a list item's continuation lines hang under its text.</summary>
    private static void Wrap(StringBuilder text, string paragraph)
    {
        var isListItem = paragraph.StartsWith("- ", StringComparison.Ordinal);
        var continuation = isListItem ? Indent + "  " : Indent;
        var line = new StringBuilder(Indent);
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length + word.Length + 1 > Width && line.ToString().Trim().Length > 0)
            {
                text.Append(line.ToString().TrimEnd()).Append('\n');
                line.Clear().Append(continuation);
            }
            if (line.Length > 0 && !char.IsWhiteSpace(line[^1]))
            {
                line.Append(' ');
            }
            line.Append(word);
        }
        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
