using System.Text;

namespace HaVrrp.Engine.Configuration;

/// <summary>
/// Configuration text piped to <c>--check -</c> or <c>--convert -</c>: read up to the per-file limit plus one
/// byte (a pipe has no length to check first), refused when larger (HV0004) or not UTF-8 (HV0003).
/// </summary>
internal static class StandardInputText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string? Read(Stream input, long maxBytes, DiagnosticBag diagnostics)
    {
        var location = new SourceLocation(ConfigLoader.StandardInputName, 0, 0);
        var bytes = ConfigFileReader.ReadAtMost(input, maxBytes + 1);
        if (bytes.LongLength > maxBytes)
        {
            diagnostics.Error(DiagnosticCodes.FileTooLarge, location, $"standard input is larger than the {maxBytes}-byte limit; not read");
            return null;
        }
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            diagnostics.Error(DiagnosticCodes.FileNotText, location, "not a text file: invalid UTF-8");
            return null;
        }
    }
}
