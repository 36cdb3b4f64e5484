using System.Text;

namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// keepalived's <c>$NAME=value</c> parameters. Values are stored as written and expanded when used, so a
/// parameter may refer to one defined later, as keepalived allows; <c>$NAME</c> and <c>${NAME}</c> are both uses.
/// </summary>
internal sealed class KeepalivedParameters(ConfigLoadBudget budget)
{
    /// <summary>Deep enough for any sane nesting, shallow enough to stop <c>$A=$B</c>, <c>$B=$A</c>.</summary>
    private const int MaxExpansionDepth = 32;

    /// <summary>
    /// Most characters one line may expand to: stops <c>$A=$B$B</c>, <c>$B=$C$C</c>, ... from doubling its way
    /// to gigabytes before the depth limit is reached.
    /// </summary>
    private const int MaxExpandedLength = 1024 * 1024;

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>Characters produced so far for the line being substituted.</summary>
    private int _expandedLength;

    /// <summary>Set once a runaway expansion has been reported, so the line gets one error, not thousands.</summary>
    private bool _expansionStopped;

    public void Define(string name, string value) => _values[name] = value;

    public static bool IsNameStart(char character) => char.IsAsciiLetter(character) || character == '_';

    public static bool IsNameCharacter(char character) => char.IsAsciiLetterOrDigit(character) || character == '_';

    /// <summary>
    /// Replaces every parameter use in <c>text[start..end]</c>. Returns the rewritten text and, for each of its
    /// characters, the column it came from (an expansion takes the column of its <c>$</c>).
    /// </summary>
    public (string Text, int[] Columns) Substitute(
        string text, int start, int end, string file, int line, string directory, DiagnosticBag diagnostics)
    {
        var output = new StringBuilder(end - start + 32);
        var columns = new List<int>(end - start + 32);
        _expandedLength = 0;
        _expansionStopped = false;
        var position = start;
        while (position < end)
        {
            if (TryReadUse(text, position, end, out var name, out var useLength))
            {
                var location = new SourceLocation(file, line, position + 1);
                // An undefined parameter stays as $NAME (one word, whatever the spelling): it is reported once
                // here, not again as a missing value.
                var before = output.Length;
                if (!ExpandInto(output, name, directory, location, diagnostics, depth: 0))
                {
                    output.Append('$').Append(name);
                }
                for (var index = before; index < output.Length; index++)
                {
                    columns.Add(position + 1);
                }
                position += useLength;
            }
            else
            {
                output.Append(text[position]);
                columns.Add(position + 1);
                position++;
            }
        }
        return (output.ToString(), [.. columns]);
    }

    /// <summary>
    /// Appends the expansion of <paramref name="name"/> to <paramref name="output"/>; false when it is not defined.
    /// Everything goes into the one builder: building each level's string first would allocate the final text once
    /// per level of a <c>$A=$B$B</c> chain.
    /// </summary>
    private bool ExpandInto(StringBuilder output, string name, string directory, SourceLocation location, DiagnosticBag diagnostics, int depth)
    {
        if (name == "_PWD")
        {
            output.Append(directory);
            return true;
        }
        if (!_values.TryGetValue(name, out var value))
        {
            diagnostics.Error(DiagnosticCodes.UndefinedParameter, location, $"parameter '{name}' is not defined");
            return false;
        }
        if (_expansionStopped)
        {
            return true;
        }
        if (depth >= MaxExpansionDepth)
        {
            _expansionStopped = true;
            diagnostics.Error(DiagnosticCodes.InvalidParameterDefinition, location,
                $"parameter '{name}' nests more than {MaxExpansionDepth} levels deep (does it refer to itself?); stopped");
            return true;
        }
        _expandedLength += value.Length;
        if (!budget.TryTakeExpansion(value.Length, location))
        {
            _expansionStopped = true;
            return true;
        }
        if (_expandedLength > MaxExpandedLength)
        {
            _expansionStopped = true;
            diagnostics.Error(DiagnosticCodes.InvalidParameterDefinition, location,
                $"parameter '{name}' expands to more than {MaxExpandedLength} characters; stopped");
            return true;
        }
        var position = 0;
        while (position < value.Length)
        {
            if (TryReadUse(value, position, value.Length, out var inner, out var useLength))
            {
                if (!ExpandInto(output, inner, directory, location, diagnostics, depth + 1))
                {
                    output.Append('$').Append(inner);
                }
                position += useLength;
            }
            else
            {
                output.Append(value[position]);
                position++;
            }
        }
        return true;
    }

    /// <summary>Recognises <c>$NAME</c> or <c>${NAME}</c> at <paramref name="position"/>; a lone <c>$</c> is text.</summary>
    private static bool TryReadUse(string text, int position, int end, out string name, out int length)
    {
        name = string.Empty;
        length = 0;
        if (text[position] != '$' || position + 1 >= end)
        {
            return false;
        }
        if (text[position + 1] == '{')
        {
            var close = text.IndexOf('}', position + 2, end - position - 2);
            if (close < 0 || close == position + 2)
            {
                return false;
            }
            name = text[(position + 2)..close];
            length = close - position + 1;
            return true;
        }
        if (!IsNameStart(text[position + 1]))
        {
            return false;
        }
        var nameEnd = position + 2;
        while (nameEnd < end && IsNameCharacter(text[nameEnd]))
        {
            nameEnd++;
        }
        name = text[(position + 1)..nameEnd];
        length = nameEnd - position;
        return true;
    }
}
