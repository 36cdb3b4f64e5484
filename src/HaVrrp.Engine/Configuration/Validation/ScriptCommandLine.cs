namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>Reads a script command line the way keepalived runs it: no shell, the first word is the program.</summary>
internal static class ScriptCommandLine
{
    /// <summary>The program of <paramref name="commandLine"/>, without quotes; empty when there is none.</summary>
    public static string Program(string commandLine)
    {
        var text = commandLine.TrimStart();
        if (text.Length == 0)
        {
            return string.Empty;
        }

        // keepalived lets a program path with spaces be quoted inside the command line.
        if (text[0] is '"' or '\'')
        {
            var close = text.IndexOf(text[0], 1);
            return close < 0 ? text[1..] : text[1..close];
        }

        var end = text.AsSpan().IndexOfAny(' ', '\t');
        return end < 0 ? text : text[..end];
    }
}
