using HaVrrp.Engine.Configuration.Keepalived;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Configuration.Yaml;

namespace HaVrrp.Engine.Configuration;

/// <summary>The converted text (null when the source could not be read) and every finding, drops included.</summary>
public sealed record ConversionResult(string SourcePath, ConfigFormat TargetFormat, string? Text, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Text is not null;
}

/// <summary>
/// Converts between keepalived.conf and YAML through the model. Whatever the model cannot hold
/// (unknown keywords, unsupported features, LVS blocks) is reported as dropped, never lost silently.
/// </summary>
public static class ConfigConverter
{
    private static readonly HashSet<string> CodesThatLoseContent =
    [
        DiagnosticCodes.UnknownKeyword,
        DiagnosticCodes.UnsupportedKeyword,
        DiagnosticCodes.LvsIgnored,
        DiagnosticCodes.YamlUnknownKey,
    ];

    public static ConversionResult Convert(string path, ConfigFormat targetFormat, ConfigLoadOptions? options = null)
    {
        options ??= new ConfigLoadOptions();
        var absolutePath = Path.GetFullPath(path);
        return Convert(absolutePath, targetFormat, options,
            diagnostics => ConfigLoader.Read(absolutePath, ConfigLoader.DetectFormat(absolutePath), options, diagnostics));
    }

    /// <summary>Converts configuration text from a stream (standard input) written in <paramref name="sourceFormat"/>.</summary>
    public static ConversionResult Convert(Stream input, ConfigFormat sourceFormat, ConfigFormat targetFormat, ConfigLoadOptions? options = null)
    {
        options ??= new ConfigLoadOptions();
        return Convert(ConfigLoader.StandardInputName, targetFormat, options,
            diagnostics => ConfigLoader.Read(input, sourceFormat, options, diagnostics));
    }

    private static ConversionResult Convert(
        string absolutePath, ConfigFormat targetFormat, ConfigLoadOptions options, Func<DiagnosticBag, HaVrrpConfiguration> read)
    {
        var readDiagnostics = ConfigLoader.NewDiagnosticBag(options);
        var configuration = read(readDiagnostics);

        var report = ConfigLoader.NewDiagnosticBag(options);
        foreach (var diagnostic in readDiagnostics.Items)
        {
            report.Add(diagnostic);
            if (CodesThatLoseContent.Contains(diagnostic.Code))
            {
                report.Warning(DiagnosticCodes.DroppedInConversion, diagnostic.Location,
                    $"not carried into the converted file: {diagnostic.Message}");
            }
        }

        if (readDiagnostics.HasErrors)
        {
            return new ConversionResult(absolutePath, targetFormat, null, ConfigLoader.InFileOrder(report.Items));
        }

        // Validation findings travel with the result, but do not stop a conversion: a file keepalived
        // runs is worth converting even where HaVrrp would refuse a value.
        new ConfigValidator(options.Environment).Validate(configuration, report);
        if (targetFormat == ConfigFormat.Keepalived && !configuration.Control.IsDefault)
        {
            report.Warning(DiagnosticCodes.DroppedInConversion, configuration.Source.Of("control"),
                "not carried into the converted file: keepalived.conf has no control block; give havrrpd --socket instead");
        }
        if (targetFormat == ConfigFormat.Keepalived && !configuration.Metrics.IsDefault)
        {
            report.Warning(DiagnosticCodes.DroppedInConversion, configuration.Metrics.Source.Of("listen"),
                "not carried into the converted file: keepalived.conf has no metrics block; give havrrpd --metrics-listen instead");
        }
        var text = targetFormat == ConfigFormat.Yaml
            ? YamlConfigWriter.Write(configuration)
            : KeepalivedConfigWriter.Write(configuration);
        return new ConversionResult(absolutePath, targetFormat, text, ConfigLoader.InFileOrder(report.Items));
    }
}
