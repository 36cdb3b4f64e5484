using System.Globalization;
using System.Text;

namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// Splits one line of keepalived.conf (after parameter substitution) into tokens: words, quoted strings with
/// keepalived's escapes, and braces, which stand alone even when glued to a word (<c>group{</c>).
/// <c>!</c> and <c>#</c> outside quotes start a comment that runs to the end of the line.
/// </summary>
internal static class KeepalivedLexer
{
    /// <summary>
    /// Lexes <c>text[start..end]</c> and appends its tokens to <c>tokens</c>, each line closed by an
    /// <see cref="KeepalivedTokenKind.EndOfLine"/>. A '\n' inside the text (from a multi-line parameter) ends a
    /// line too. <c>columns</c> holds the original column of each character when parameter substitution rewrote
    /// the text; it is null when character <c>i</c> sits in column <c>i + 1</c>.
    /// </summary>
    public static void Lex(
        string text, int start, int end, string file, int line, int[]? columns,
        List<KeepalivedToken> tokens, DiagnosticBag diagnostics)
    {
        var lineHasTokens = false;
        var position = start;
        while (position < end)
        {
            var character = text[position];
            if (character == '\n')
            {
                EndLine(ref lineHasTokens);
                position++;
            }
            else if (char.IsWhiteSpace(character))
            {
                position++;
            }
            else if (IsCommentStart(character))
            {
                position = SkipToEndOfLine(text, position, end);
            }
            else if (character is '{' or '}')
            {
                var kind = character == '{' ? KeepalivedTokenKind.OpenBrace : KeepalivedTokenKind.CloseBrace;
                tokens.Add(new KeepalivedToken(kind, character == '{' ? "{" : "}", At(position)));
                lineHasTokens = true;
                position++;
            }
            else if (character is '"' or '\'')
            {
                position = LexQuoted(text, position, end, At(position), tokens, diagnostics);
                lineHasTokens = true;
            }
            else
            {
                var wordStart = position;
                while (position < end && IsWordCharacter(text[position]) && text[position] != '\n')
                {
                    position++;
                }
                tokens.Add(new KeepalivedToken(KeepalivedTokenKind.Word, text[wordStart..position], At(wordStart)));
                lineHasTokens = true;
            }
        }
        EndLine(ref lineHasTokens);

        SourceLocation At(int index) => new(file, line, columns is null ? index + 1 : columns[index]);

        void EndLine(ref bool hasTokens)
        {
            if (hasTokens)
            {
                tokens.Add(new KeepalivedToken(KeepalivedTokenKind.EndOfLine, string.Empty, At(Math.Max(0, position - 1))));
                hasTokens = false;
            }
        }
    }

    /// <summary>Index where a comment starts outside quotes, or <paramref name="end"/> when there is none.</summary>
    public static int FindCommentStart(string text, int start, int end)
    {
        var quote = '\0';
        for (var index = start; index < end; index++)
        {
            var character = text[index];
            if (quote != '\0')
            {
                if (character == '\\')
                {
                    index++;
                }
                else if (character == quote)
                {
                    quote = '\0';
                }
            }
            else if (character is '"' or '\'' && (index == start || !IsWordCharacter(text[index - 1])))
            {
                quote = character;
            }
            else if (IsCommentStart(character))
            {
                return index;
            }
        }
        return end;
    }

    private static bool IsCommentStart(char character) => character is '!' or '#';

    private static bool IsWordCharacter(char character) =>
        !char.IsWhiteSpace(character) && character is not ('{' or '}' or '!' or '#');

    private static int SkipToEndOfLine(string text, int position, int end)
    {
        var newline = text.IndexOf('\n', position, end - position);
        return newline < 0 ? end : newline;
    }

    private static int LexQuoted(
        string text, int openQuote, int end, SourceLocation location, List<KeepalivedToken> tokens, DiagnosticBag diagnostics)
    {
        var quote = text[openQuote];
        var value = new StringBuilder();
        var position = openQuote + 1;
        while (position < end && text[position] != '\n')
        {
            var character = text[position];
            if (character == quote)
            {
                tokens.Add(new KeepalivedToken(KeepalivedTokenKind.QuotedString, value.ToString(), location));
                return position + 1;
            }
            if (character == '\\' && position + 1 < end && text[position + 1] != '\n')
            {
                position = AppendEscape(text, position + 1, value);
            }
            else
            {
                value.Append(character);
                position++;
            }
        }
        diagnostics.Error(DiagnosticCodes.UnterminatedString, location,
            $"string opened with {quote} is not closed before the end of the line");
        tokens.Add(new KeepalivedToken(KeepalivedTokenKind.QuotedString, value.ToString(), location));
        return position;
    }

    /// <summary>
    /// keepalived's escapes: \n \t \r and friends, \xHH, \nnn octal, \cC control characters; any other
    /// escaped character (a quote, a backslash) stands for itself.
    /// </summary>
    private static int AppendEscape(string text, int position, StringBuilder value)
    {
        var character = text[position];
        switch (character)
        {
            case 'n': value.Append('\n'); return position + 1;
            case 't': value.Append('\t'); return position + 1;
            case 'r': value.Append('\r'); return position + 1;
            case 'a': value.Append('\a'); return position + 1;
            case 'b': value.Append('\b'); return position + 1;
            case 'f': value.Append('\f'); return position + 1;
            case 'v': value.Append('\v'); return position + 1;
            case 'e': value.Append('\u001b'); return position + 1;
            case 'x':
                var hexLength = CountWhile(text, position + 1, 2, Uri.IsHexDigit);
                if (hexLength == 0)
                {
                    value.Append('x');
                    return position + 1;
                }
                value.Append((char)int.Parse(text.AsSpan(position + 1, hexLength), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                return position + 1 + hexLength;
            case 'c' when position + 1 < text.Length && text[position + 1] != '\n':
                value.Append((char)(char.ToUpperInvariant(text[position + 1]) ^ 0x40));
                return position + 2;
            case >= '0' and <= '7':
                var octalLength = CountWhile(text, position, 3, static c => c is >= '0' and <= '7');
                var code = 0;
                foreach (var digit in text.AsSpan(position, octalLength))
                {
                    code = (code * 8) + (digit - '0');
                }
                value.Append((char)code);
                return position + octalLength;
            default:
                value.Append(character);
                return position + 1;
        }
    }

    private static int CountWhile(string text, int start, int max, Func<char, bool> predicate)
    {
        var count = 0;
        while (count < max && start + count < text.Length && predicate(text[start + count]))
        {
            count++;
        }
        return count;
    }
}
