using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace HaVrrp.Engine.Configuration.Syntax;

/// <summary>
/// Splits a <c>script</c> command line into argv the way keepalived 2.2 does (parser.c,
/// <c>alloc_strvec_quoted_escaped</c>). There is no shell: words are separated by blanks; single and
/// double quotes group blanks into a word and may start or stop mid-word (<c>a"b c"d</c> is one word
/// <c>ab cd</c>); a backslash escapes the next character everywhere, even inside single quotes, and
/// knows C's escapes (<c>\n \t \a \b \f \r \v \E</c>, <c>\xHH</c>, <c>\NNN</c> octal, <c>\cX</c> control).
/// Shell syntax is passed through as plain words: <c>|</c>, <c>&amp;&amp;</c>, <c>&gt;</c>, <c>$VAR</c> and
/// globs reach the program literally. To use a shell, say so: <c>script "/bin/sh -c 'pidof haproxy'"</c>.
/// </summary>
public static class ScriptArguments
{
    /// <summary>Splits <paramref name="commandLine"/>; false with a reason on an unmatched quote or a trailing backslash.</summary>
    public static bool TrySplit(
        string commandLine, [NotNullWhen(true)] out IReadOnlyList<string>? arguments, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        var position = 0;
        while (position < commandLine.Length)
        {
            var character = commandLine[position];
            if (character == '\\')
            {
                if (position + 1 >= commandLine.Length)
                {
                    return Fail($"'{commandLine}' ends with a backslash that escapes nothing", out arguments, out error);
                }
                position = ReadEscape(commandLine, position + 1, word);
                inWord = true;
                continue;
            }

            if (quote != '\0')
            {
                if (character == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(character);
                }
            }
            else if (character is '"' or '\'')
            {
                quote = character;
                inWord = true;
            }
            else if (IsBlank(character))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(character);
                inWord = true;
            }
            position++;
        }

        if (quote != '\0')
        {
            return Fail($"'{commandLine}' is missing a closing {quote}", out arguments, out error);
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        if (words.Count == 0)
        {
            return Fail("the command line is empty", out arguments, out error);
        }

        arguments = words;
        error = null;
        return true;
    }

    /// <summary>Like <see cref="TrySplit"/>, but throws <see cref="FormatException"/> on a malformed line.</summary>
    public static IReadOnlyList<string> Split(string commandLine) =>
        TrySplit(commandLine, out var arguments, out var error) ? arguments : throw new FormatException(error);

    private static bool Fail(string message, out IReadOnlyList<string>? arguments, out string? error)
    {
        arguments = null;
        error = message;
        return false;
    }

    private static bool IsBlank(char character) => character is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    /// <summary>Appends the character escaped at <paramref name="start"/>; returns the position after the escape.</summary>
    private static int ReadEscape(string text, int start, StringBuilder word)
    {
        var character = text[start];
        if (character == 'x' && start + 1 < text.Length && char.IsAsciiHexDigit(text[start + 1]))
        {
            var end = start + 1;
            var value = 0;
            while (end < text.Length && char.IsAsciiHexDigit(text[end]))
            {
                // keepalived keeps the low byte of however many hex digits follow.
                value = ((value << 4) | Convert.ToInt32(text[end].ToString(), 16)) & 0xFF;
                end++;
            }
            word.Append((char)value);
            return end;
        }
        if (character == 'c' && start + 1 < text.Length)
        {
            word.Append((char)(text[start + 1] & 0x1F));
            return start + 2;
        }
        if (character is >= '0' and <= '7')
        {
            var end = start;
            var value = 0;
            while (end < text.Length && end < start + 3 && text[end] is >= '0' and <= '7')
            {
                value = (value << 3) + (text[end] - '0');
                end++;
            }
            word.Append((char)(value & 0xFF));
            return end;
        }

        word.Append(character switch
        {
            'a' => '\a',
            'b' => '\b',
            'E' => '\u001b',
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\v',
            _ => character,
        });
        return start + 1;
    }
}
