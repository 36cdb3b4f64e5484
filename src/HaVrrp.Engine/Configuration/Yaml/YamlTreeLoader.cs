using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace HaVrrp.Engine.Configuration.Yaml;

/// <summary>
/// Turns YAML text into a <see cref="YamlConfigNode"/> tree, reporting syntax errors as HV0050. YamlDotNet's
/// parser works from an explicit stack; the tree is built here, recursively, so nesting is checked against
/// <see cref="ConfigLoadLimits.MaxNestingDepth"/> as each mapping or sequence starts, before going deeper
/// (HV0007): 30,000 '[' must be a diagnostic, not a stack overflow, which .NET cannot catch.
/// </summary>
internal static partial class YamlTreeLoader
{
    /// <summary>The root node, or null when the text is not valid YAML, nests too deep or holds no document.</summary>
    public static YamlConfigNode? Load(string text, string fileName, ConfigLoadBudget budget, DiagnosticBag diagnostics)
    {
        var loader = new Loader(new Parser(new StringReader(text)), fileName, budget);
        try
        {
            return loader.LoadSingleDocument(diagnostics);
        }
        catch (YamlException exception)
        {
            diagnostics.Error(
                DiagnosticCodes.YamlSyntax,
                ToLocation(fileName, exception.Start),
                $"YAML syntax error: {WithoutMarks(exception.Message)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some truncated flow collections ("a: [\nb"); it is a syntax
            // error in the text all the same, located after the last event the parser produced. Its own message
            // ("operation is not valid due to the current state of the object") would tell an operator nothing.
            diagnostics.Error(
                DiagnosticCodes.YamlSyntax,
                ToLocation(fileName, loader.LastPosition),
                "YAML syntax error: the parser could not go on after this point; an unclosed '[' or '{' is the usual cause");
            return null;
        }
    }

    internal static SourceLocation ToLocation(string fileName, Mark mark) =>
        new(fileName, checked((int)mark.Line), checked((int)mark.Column));

    /// <summary>YamlDotNet prefixes its messages with the marks; the diagnostic carries the location already.</summary>
    private static string WithoutMarks(string message)
    {
        var text = MarksPrefix().Replace(message, string.Empty).Trim();
        return text.Length > 0 && char.IsUpper(text[0]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarksPrefix();

    private sealed class Loader(IParser parser, string fileName, ConfigLoadBudget budget)
    {
        private readonly Dictionary<string, YamlConfigNode> _anchors = new(StringComparer.Ordinal);

        /// <summary>Where the last event the parser produced ends: the place to blame when it throws something else than a YamlException.</summary>
        public Mark LastPosition { get; private set; } = new(0, 1, 1);

        public YamlConfigNode? LoadSingleDocument(DiagnosticBag diagnostics)
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = LoadNode(depth: 0);
            if (root is null)
            {
                return null;
            }
            parser.Consume<DocumentEnd>();

            if (parser.Accept<DocumentStart>(out var second))
            {
                diagnostics.Error(
                    DiagnosticCodes.YamlSyntax,
                    ToLocation(fileName, second.Start),
                    "YAML syntax error: only one document is allowed; everything from here on is ignored");
            }

            return root is ScalarNode { IsNull: true } ? null : root;
        }

        /// <summary>The next node, or null when it nests deeper than the limit (reported once).</summary>
        private YamlConfigNode? LoadNode(int depth)
        {
            if (parser.Current is { } current)
            {
                LastPosition = current.End;
            }
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                return _anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target
                    : throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} refers to no anchor");
            }

            YamlConfigNode node;
            AnchorName anchor;
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                node = ToScalar(scalar);
                anchor = scalar.Anchor;
            }
            else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
            {
                if (!budget.TryNest(depth + 1, ToLocation(fileName, sequenceStart.Start)))
                {
                    return null;
                }
                var items = new List<YamlConfigNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    if (LoadNode(depth + 1) is not { } item)
                    {
                        return null;
                    }
                    items.Add(item);
                }
                node = new SequenceNode(ToLocation(fileName, sequenceStart.Start), items);
                anchor = sequenceStart.Anchor;
            }
            else
            {
                var mappingStart = parser.Consume<MappingStart>();
                if (!budget.TryNest(depth + 1, ToLocation(fileName, mappingStart.Start)))
                {
                    return null;
                }
                var entries = new List<KeyValuePair<YamlConfigNode, YamlConfigNode>>();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    if (LoadNode(depth + 1) is not { } key || LoadNode(depth + 1) is not { } value)
                    {
                        return null;
                    }
                    entries.Add(new(key, value));
                }
                node = new MappingNode(ToLocation(fileName, mappingStart.Start), entries);
                anchor = mappingStart.Anchor;
            }

            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }
            return node;
        }

        private ScalarNode ToScalar(Scalar scalar)
        {
            var isPlain = scalar.Style == ScalarStyle.Plain;
            var isNull = isPlain && scalar.Tag.IsEmpty && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
            var isQuoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;
            var start = ToLocation(fileName, scalar.Start);
            return new ScalarNode(
                start,
                scalar.Value,
                isNull,
                contentColumn: start.Column + (isQuoted ? 1 : 0),
                isSingleLine: (isPlain || isQuoted) && scalar.Start.Line == scalar.End.Line);
        }
    }
}
