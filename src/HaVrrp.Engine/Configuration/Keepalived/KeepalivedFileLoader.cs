using System.Text;

namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// Turns a file into text, or into a diagnostic: <see cref="ConfigFileReader"/> reads it within the load's budget,
/// then anything but UTF-8 text is HV0003. Problems are reported at the file itself, line 0, as compilers do.
/// </summary>
internal static class KeepalivedFileLoader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string? Load(string path, SourceLocation requestedAt, ConfigLoadBudget budget, DiagnosticBag diagnostics) =>
        ConfigFileReader.ReadBytes(path, requestedAt, budget, diagnostics) is { } bytes
            ? Decode(bytes, new SourceLocation(path, 0, 0), diagnostics)
            : null;

    /// <summary>Applies the checks that make sense for text handed over directly (stdin, tests).</summary>
    public static bool CheckText(string text, ConfigLoadBudget budget, SourceLocation location, DiagnosticBag diagnostics)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        if (byteCount > budget.Limits.MaxFileBytes)
        {
            ConfigFileReader.ReportTooLarge(byteCount, budget.Limits.MaxFileBytes, location, diagnostics);
            return false;
        }
        if (!budget.TryTakeFile(location) || !budget.TryTakeBytes(byteCount, location))
        {
            return false;
        }
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            diagnostics.Error(DiagnosticCodes.FileNotText, location, $"not a text file: NUL character at offset {nul}");
            return false;
        }
        return true;
    }

    private static string? Decode(byte[] bytes, SourceLocation location, DiagnosticBag diagnostics)
    {
        var nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
        {
            diagnostics.Error(DiagnosticCodes.FileNotText, location, $"not a text file: NUL byte at offset {nul}");
            return null;
        }
        var content = bytes.AsSpan();
        if (content.StartsWith(Encoding.UTF8.Preamble))
        {
            content = content[Encoding.UTF8.Preamble.Length..];
        }
        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException exception)
        {
            var offset = exception.Index >= 0 ? $" near offset {exception.Index}" : string.Empty;
            diagnostics.Error(DiagnosticCodes.FileNotText, location, $"not a text file: invalid UTF-8{offset}");
            return null;
        }
    }
}
