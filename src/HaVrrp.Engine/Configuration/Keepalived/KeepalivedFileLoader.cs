using System.Text;

namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// Turns a file into text, or into a diagnostic: missing (HV0001), unreadable (HV0002), not text (HV0003),
/// too large (HV0004). Problems are reported at the file itself, line 0, as compilers do.
/// </summary>
internal static class KeepalivedFileLoader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string? Load(string path, long maxBytes, DiagnosticBag diagnostics)
    {
        var location = new SourceLocation(path, 0, 0);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                if (Directory.Exists(path))
                {
                    diagnostics.Error(DiagnosticCodes.FileUnreadable, location, "cannot read file: it is a directory");
                }
                else
                {
                    diagnostics.Error(DiagnosticCodes.FileNotFound, location, "file not found");
                }
                return null;
            }
            if (info.Length > maxBytes)
            {
                ReportTooLarge(info.Length, maxBytes, location, diagnostics);
                return null;
            }
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            diagnostics.Error(DiagnosticCodes.FileUnreadable, location, $"cannot read file: {exception.Message}");
            return null;
        }

        // The file may have grown between the size check and the read.
        if (bytes.LongLength > maxBytes)
        {
            ReportTooLarge(bytes.LongLength, maxBytes, location, diagnostics);
            return null;
        }
        return Decode(bytes, location, diagnostics);
    }

    /// <summary>Applies the checks that make sense for text handed over directly (stdin, tests).</summary>
    public static bool CheckText(string text, long maxBytes, SourceLocation location, DiagnosticBag diagnostics)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        if (byteCount > maxBytes)
        {
            ReportTooLarge(byteCount, maxBytes, location, diagnostics);
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

    private static void ReportTooLarge(long size, long maxBytes, SourceLocation location, DiagnosticBag diagnostics) =>
        diagnostics.Error(DiagnosticCodes.FileTooLarge, location,
            $"file is {size} bytes, larger than the {maxBytes}-byte limit; not read");
}
