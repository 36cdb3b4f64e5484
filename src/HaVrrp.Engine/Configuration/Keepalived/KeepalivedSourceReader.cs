using System.Text;

namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// Reads a keepalived.conf and everything it includes into one token stream. Works line by line, as keepalived
/// does: conditional lines (<c>@id</c>, <c>@^id</c>), parameter definitions and substitution, then the lexer;
/// an <c>include</c> line is replaced by the tokens of the files it names. Every token keeps its location in
/// the file it was written in.
/// </summary>
internal sealed class KeepalivedSourceReader
{
    private readonly KeepalivedReadOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly ConfigLoadBudget _budget;
    private readonly KeepalivedParameters _parameters;
    private readonly List<KeepalivedToken> _tokens = [];
    private readonly List<KeepalivedToken> _lineTokens = [];

    /// <summary>Full paths of the files being read, outermost first: the include chain, for cycle detection.</summary>
    private readonly List<string> _includeChain = [];

    /// <summary>
    /// Each pattern is expanded once per load: 35,000 copies of <c>include /tmp/[</c> would otherwise list /tmp
    /// 35,000 times. The directory is taken as it was at the first expansion.
    /// </summary>
    private readonly Dictionary<string, List<string>> _globMatches = new(StringComparer.Ordinal);

    /// <summary>Blocks open so far across all files: checked as each '{' is read, before anything builds on it.</summary>
    private int _blockDepth;

    private KeepalivedSourceReader(KeepalivedReadOptions options, DiagnosticBag diagnostics)
    {
        _options = options;
        _diagnostics = diagnostics;
        _budget = new ConfigLoadBudget(options.Limits, diagnostics);
        _parameters = new KeepalivedParameters(_budget);
    }

    public static List<KeepalivedToken> ReadFile(string path, KeepalivedReadOptions options, DiagnosticBag diagnostics)
    {
        var reader = new KeepalivedSourceReader(options, diagnostics);
        var text = KeepalivedFileLoader.Load(path, new SourceLocation(path, 0, 0), reader._budget, diagnostics);
        if (text is not null)
        {
            reader.ReadSource(text, path);
        }
        return reader._tokens;
    }

    public static List<KeepalivedToken> ReadText(
        string text, string fileName, KeepalivedReadOptions options, DiagnosticBag diagnostics)
    {
        var reader = new KeepalivedSourceReader(options, diagnostics);
        if (KeepalivedFileLoader.CheckText(text, reader._budget, new SourceLocation(fileName, 0, 0), diagnostics))
        {
            reader.ReadSource(text, fileName);
        }
        return reader._tokens;
    }

    private void ReadSource(string text, string file)
    {
        _includeChain.Add(Path.GetFullPath(file));
        var directory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? string.Empty;
        var hasContent = false;
        string? definitionName = null;
        var definitionValue = new StringBuilder();

        var lineNumber = 0;
        var lineStart = 0;
        while (lineStart <= text.Length && !_budget.IsExhausted)
        {
            lineNumber++;
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? text.Length : newline;
            var contentEnd = lineEnd > lineStart && text[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;

            // Work on the line alone so that an index plus one is its column.
            var line = text[lineStart..contentEnd];
            if (definitionName is not null)
            {
                // Continuation of a multi-line $NAME=value: each line stays a line when the value is used.
                var continues = AppendDefinitionPart(line, 0, line.Length, definitionValue, newLine: true);
                if (!continues)
                {
                    _parameters.Define(definitionName, definitionValue.ToString());
                    definitionName = null;
                }
            }
            else
            {
                var start = SkipConditional(line, SkipWhitespace(line, 0, line.Length), line.Length);
                if (start < line.Length)
                {
                    if (TryReadDefinition(line, start, line.Length, file, lineNumber, out var name, out var valueStart))
                    {
                        hasContent = true;
                        if (name is not null)
                        {
                            definitionValue.Clear();
                            if (AppendDefinitionPart(line, valueStart, line.Length, definitionValue, newLine: false))
                            {
                                definitionName = name;
                            }
                            else
                            {
                                _parameters.Define(name, definitionValue.ToString());
                            }
                        }
                    }
                    else
                    {
                        hasContent |= ReadLine(line, start, line.Length, file, lineNumber, directory);
                    }
                }
            }

            if (newline < 0)
            {
                break;
            }
            lineStart = newline + 1;
        }

        if (definitionName is not null)
        {
            // A trailing backslash on the last line: keep what was written.
            _parameters.Define(definitionName, definitionValue.ToString());
        }
        if (!hasContent)
        {
            _diagnostics.Warning(DiagnosticCodes.FileEmpty, new SourceLocation(file, 0, 0),
                "file contains no configuration");
        }
        _includeChain.RemoveAt(_includeChain.Count - 1);
    }

    /// <summary>Lexes one line and either keeps its tokens or, for <c>include</c>, reads the included files.</summary>
    private bool ReadLine(string text, int start, int end, string file, int lineNumber, string directory)
    {
        _lineTokens.Clear();
        var codeEnd = KeepalivedLexer.FindCommentStart(text, start, end);
        if (text.AsSpan(start, codeEnd - start).Contains('$'))
        {
            var (substituted, columns) = _parameters.Substitute(text, start, codeEnd, file, lineNumber, directory, _diagnostics);
            KeepalivedLexer.Lex(substituted, 0, substituted.Length, file, lineNumber, columns, _lineTokens, _diagnostics);
        }
        else
        {
            // Lex the original line so columns are exact without a map; the lexer skips the comment itself.
            KeepalivedLexer.Lex(text, start, end, file, lineNumber, columns: null, _lineTokens, _diagnostics);
        }
        if (_lineTokens.Count == 0)
        {
            return false;
        }
        if (_lineTokens[0].IsWord("include"))
        {
            ReadIncludes(_lineTokens.ToArray(), file);
        }
        else if (WithinNestingLimit(_lineTokens))
        {
            _tokens.AddRange(_lineTokens);
        }
        return true;
    }

    /// <summary>Follows the braces of one line; false (reported once, HV0007) when a block opens beyond the limit.</summary>
    private bool WithinNestingLimit(List<KeepalivedToken> line)
    {
        foreach (var token in line)
        {
            if (token.Kind == KeepalivedTokenKind.OpenBrace && !_budget.TryNest(++_blockDepth, token.Location))
            {
                return false;
            }
            if (token.Kind == KeepalivedTokenKind.CloseBrace && _blockDepth > 0)
            {
                _blockDepth--;
            }
        }
        return true;
    }

    private void ReadIncludes(KeepalivedToken[] line, string includingFile)
    {
        var keyword = line[0];
        var patterns = line.Skip(1).TakeWhile(token => token.IsValue).ToList();
        if (patterns.Count == 0)
        {
            _diagnostics.Error(DiagnosticCodes.MissingValue, keyword.Location, "include needs a file name or pattern");
            return;
        }
        var baseDirectory = Path.GetDirectoryName(includingFile) ?? string.Empty;
        foreach (var pattern in patterns)
        {
            var path = Path.IsPathRooted(pattern.Text) ? pattern.Text : Path.Join(baseDirectory, pattern.Text);
            if (KeepalivedIncludeGlob.HasWildcards(path))
            {
                List<string>? matches;
                try
                {
                    if (!_globMatches.TryGetValue(path, out matches))
                    {
                        matches = KeepalivedIncludeGlob.Expand(path, maxMatches: _options.Limits.MaxFiles + 1);
                        _globMatches.Add(path, matches);
                    }
                }
                catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
                {
                    _diagnostics.Error(DiagnosticCodes.FileUnreadable, pattern.Location,
                        $"include '{pattern.Text}': cannot list files: {exception.Message}");
                    continue;
                }
                if (matches.Count == 0)
                {
                    _diagnostics.Warning(DiagnosticCodes.IncludeNotFound, pattern.Location,
                        $"include '{pattern.Text}': no file matches");
                }
                foreach (var match in matches)
                {
                    if (_budget.IsExhausted)
                    {
                        return;
                    }
                    ReadIncludedFile(match, pattern);
                }
            }
            else if (!File.Exists(path) && !Directory.Exists(path))
            {
                _diagnostics.Error(DiagnosticCodes.IncludeNotFound, pattern.Location,
                    $"include '{pattern.Text}': file not found ({path})");
            }
            else
            {
                ReadIncludedFile(path, pattern);
            }
        }
    }

    private void ReadIncludedFile(string path, KeepalivedToken pattern)
    {
        var fullPath = Path.GetFullPath(path);
        var cycleStart = _includeChain.IndexOf(fullPath);
        if (cycleStart >= 0)
        {
            var cycle = string.Join(" -> ", _includeChain.Skip(cycleStart).Append(fullPath).Select(Path.GetFileName));
            _diagnostics.Error(DiagnosticCodes.IncludeCycle, pattern.Location,
                $"include cycle {cycle}: '{pattern.Text}' is not read again");
            return;
        }
        if (_includeChain.Count > _options.Limits.MaxIncludeDepth)
        {
            _diagnostics.Error(DiagnosticCodes.IncludeTooDeep, pattern.Location,
                $"includes nest deeper than {_options.Limits.MaxIncludeDepth} levels; '{pattern.Text}' is not read");
            return;
        }
        var text = KeepalivedFileLoader.Load(path, pattern.Location, _budget, _diagnostics);
        if (text is not null)
        {
            ReadSource(text, path);
        }
    }

    private static int SkipWhitespace(string text, int position, int end)
    {
        while (position < end && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
        return position;
    }

    /// <summary>
    /// For <c>@id rest</c> returns where <c>rest</c> starts when the line applies to this node
    /// (<c>@^id</c>: when it does not), and the end of the line when it does not.
    /// </summary>
    private int SkipConditional(string text, int position, int end)
    {
        if (position >= end || text[position] != '@')
        {
            return position;
        }
        var negated = position + 1 < end && text[position + 1] == '^';
        var idStart = position + (negated ? 2 : 1);
        var idEnd = idStart;
        while (idEnd < end && !char.IsWhiteSpace(text[idEnd]))
        {
            idEnd++;
        }
        var matches = text.AsSpan(idStart, idEnd - idStart).SequenceEqual(_options.ConfigId);
        return matches != negated ? SkipWhitespace(text, idEnd, end) : end;
    }

    /// <summary>
    /// Recognises <c>$NAME=value</c>. Returns false for lines that merely use a parameter. A definition with a bad
    /// name is reported (HV0041) and returned with a null name so the line is dropped.
    /// </summary>
    private bool TryReadDefinition(
        string text, int start, int end, string file, int lineNumber, out string? name, out int valueStart)
    {
        name = null;
        valueStart = 0;
        if (text[start] != '$')
        {
            return false;
        }
        var nameEnd = start + 1;
        while (nameEnd < end && !char.IsWhiteSpace(text[nameEnd]) && text[nameEnd] != '=')
        {
            nameEnd++;
        }
        var equals = SkipWhitespace(text, nameEnd, end);
        if (equals >= end || text[equals] != '=')
        {
            return false;
        }
        var candidate = text[(start + 1)..nameEnd];
        if (candidate.Length == 0 || !KeepalivedParameters.IsNameStart(candidate[0]) ||
            !candidate.All(KeepalivedParameters.IsNameCharacter))
        {
            _diagnostics.Error(DiagnosticCodes.InvalidParameterDefinition, new SourceLocation(file, lineNumber, start + 1),
                $"'${candidate}' is not a valid parameter name: use letters, digits and '_', not starting with a digit");
            return true;
        }
        name = candidate;
        valueStart = equals + 1;
        return true;
    }

    /// <summary>Appends one line of a definition's value; returns true when it ends with '\' and so continues.</summary>
    private static bool AppendDefinitionPart(string text, int start, int end, StringBuilder value, bool newLine)
    {
        var codeEnd = KeepalivedLexer.FindCommentStart(text, start, end);
        var part = text.AsSpan(start, codeEnd - start).Trim();
        var continues = part.EndsWith("\\");
        if (continues)
        {
            part = part[..^1].TrimEnd();
        }
        if (newLine)
        {
            value.Append('\n');
        }
        value.Append(part);
        return continues;
    }
}
