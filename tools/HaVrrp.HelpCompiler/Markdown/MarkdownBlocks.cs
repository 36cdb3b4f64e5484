namespace HaVrrp.HelpCompiler.Markdown;

/// <summary>A run of markdown: a paragraph of prose (soft line breaks joined) or a fenced code block.</summary>
internal sealed record MarkdownBlock(string Text, string? FenceLanguage)
{
    public bool IsCode => FenceLanguage is not null;
}

/// <summary>Reads the lines under a heading as paragraphs and fenced code blocks.</summary>
internal static class MarkdownBlocks
{
    public static IReadOnlyList<MarkdownBlock> Read(IEnumerable<string> lines)
    {
        var blocks = new List<MarkdownBlock>();
        var paragraph = new List<string>();
        List<string>? code = null;
        string language = string.Empty;
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (code is not null)
            {
                if (trimmed.StartsWith("```", StringComparison.Ordinal))
                {
                    blocks.Add(new MarkdownBlock(string.Join('\n', code), language));
                    code = null;
                }
                else
                {
                    code.Add(line);
                }
                continue;
            }
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                FlushParagraph(blocks, paragraph);
                code = [];
                language = trimmed[3..].Trim();
                continue;
            }
            if (trimmed.Length == 0)
            {
                FlushParagraph(blocks, paragraph);
                continue;
            }
            // A list item starts a paragraph of its own, so Get-Help shows one item per line.
            if (IsListItem(trimmed))
            {
                FlushParagraph(blocks, paragraph);
            }
            paragraph.Add(trimmed);
        }
        FlushParagraph(blocks, paragraph);
        return blocks;
    }

    /// <summary>The prose paragraphs only, e.g. a parameter's description before its YAML block.</summary>
    public static IReadOnlyList<string> Paragraphs(IEnumerable<string> lines) =>
        Read(lines).Where(b => !b.IsCode).Select(b => b.Text).ToList();

    private static bool IsListItem(string trimmed) =>
        trimmed.StartsWith("- ", StringComparison.Ordinal) || trimmed.StartsWith("* ", StringComparison.Ordinal);

    private static void FlushParagraph(List<MarkdownBlock> blocks, List<string> paragraph)
    {
        if (paragraph.Count > 0)
        {
            blocks.Add(new MarkdownBlock(string.Join(' ', paragraph), null));
            paragraph.Clear();
        }
    }
}
