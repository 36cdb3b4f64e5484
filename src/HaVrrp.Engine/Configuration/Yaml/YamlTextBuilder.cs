using System.Globalization;
using System.Text;

namespace HaVrrp.Engine.Configuration.Yaml;

/// <summary>Writes block-style YAML line by line, quoting a value only when it would not read back as written.</summary>
internal sealed class YamlTextBuilder
{
    private const int IndentWidth = 2;
    private readonly StringBuilder _text = new();

    public void Key(int depth, string key) => Line(depth, key + ":");

    public void Value(int depth, string key, string scalar, bool raw = false) =>
        Line(depth, $"{key}: {(raw ? scalar : Scalar(scalar))}");

    public void Value(int depth, string key, int value) => Value(depth, key, value.ToString(CultureInfo.InvariantCulture));

    public void Value(int depth, string key, bool value) => Line(depth, $"{key}: {(value ? "true" : "false")}");

    public void Value(int depth, string key, TimeSpan duration) => Value(depth, key, YamlDuration.Format(duration));

    /// <summary>A list item that is one value.</summary>
    public void Item(int depth, string scalar) => Line(depth, "- " + Scalar(scalar));

    /// <summary>A list item (or a value, with <paramref name="key"/>) written as a one-line <c>{ k: v, ... }</c>.</summary>
    public void FlowMapping(int depth, string? key, IEnumerable<(string Key, string Value)> entries)
    {
        var body = string.Join(", ", entries.Select(entry => $"{entry.Key}: {Scalar(entry.Value, inFlow: true)}"));
        Line(depth, key is null ? $"- {{ {body} }}" : $"{key}: {{ {body} }}");
    }

    public override string ToString() => _text.ToString();

    /// <summary>
    /// Plain when the text is unambiguous even inside a flow mapping; double-quoted (with escapes) otherwise,
    /// including anything the reader would take for null.
    /// </summary>
    public static string Scalar(string value, bool inFlow = false)
    {
        var plain = value.Length > 0
            && value is not ("~" or "null" or "Null" or "NULL")
            && !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1])
            && "-?:,[]{}#&*!|>'\"%@`".IndexOf(value[0], StringComparison.Ordinal) < 0
            && !value.Contains(": ", StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal)
            && !value.EndsWith(':')
            && !(inFlow && value.Contains(':', StringComparison.Ordinal))
            && value.All(c => c is >= ' ' and <= '~' and not (',' or '[' or ']' or '{' or '}'));
        if (plain || IsSafeWithLeadingDash(value))
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                < ' ' or '\u007F' or (>= '\u0080' and <= '\u009F') or '\u2028' or '\u2029' or '\uFEFF' =>
                    "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }

    /// <summary>Negative numbers (<c>-20</c>) are common and need no quotes.</summary>
    private static bool IsSafeWithLeadingDash(string value) =>
        value.Length > 1 && value[0] == '-' && value.Skip(1).All(char.IsAsciiDigit);

    private void Line(int depth, string text) => _text.Append(' ', depth * IndentWidth).Append(text).Append('\n');
}
