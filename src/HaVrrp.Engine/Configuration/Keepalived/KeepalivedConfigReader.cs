namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// Reads keepalived.conf files into the HaVrrp model. Bad input never throws: every problem becomes a
/// <see cref="Diagnostic"/> with the file, line and column it was found at, and the rest is still read, so one
/// run reports everything.
/// </summary>
public static class KeepalivedConfigReader
{
    /// <summary>Reads the file at <paramref name="path"/> and the files it includes.</summary>
    public static HaVrrpConfiguration Read(string path, KeepalivedReadOptions options, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        return Parse(KeepalivedSourceReader.ReadFile(path, options, diagnostics), diagnostics);
    }

    /// <summary>
    /// Reads configuration text (tests, stdin). <paramref name="fileName"/> names it in locations and is the base
    /// of relative includes.
    /// </summary>
    public static HaVrrpConfiguration ReadText(
        string text, string fileName, KeepalivedReadOptions options, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        return Parse(KeepalivedSourceReader.ReadText(text, fileName, options, diagnostics), diagnostics);
    }

    private static HaVrrpConfiguration Parse(List<KeepalivedToken> tokens, DiagnosticBag diagnostics) =>
        KeepalivedParser.Parse(KeepalivedBlockTree.Build(tokens, diagnostics), diagnostics);
}
