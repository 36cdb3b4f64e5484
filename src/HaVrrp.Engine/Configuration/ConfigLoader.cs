using HaVrrp.Engine.Configuration.Keepalived;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Configuration.Yaml;

namespace HaVrrp.Engine.Configuration;

public enum ConfigFormat
{
    Keepalived,
    Yaml,
}

/// <summary>What a load needs beyond the path: the keepalived config id and the host's view for validation.</summary>
public sealed record ConfigLoadOptions
{
    /// <summary>keepalived's <c>-i</c>: selects <c>@id</c> conditional lines. Null: the short host name.</summary>
    public string? ConfigId { get; init; }

    public ValidationEnvironment Environment { get; init; } = new();
}

/// <summary>The outcome of one load: the absolute path read, the model (null when there were errors) and every finding.</summary>
public sealed record ConfigLoadResult(
    string Path,
    ConfigFormat Format,
    HaVrrpConfiguration? Configuration,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when the file was read and has no errors (warnings allowed).</summary>
    public bool IsValid => Configuration is not null;

    public int InstanceCount => Configuration?.Instances.Count ?? 0;

    public int ErrorCount => Diagnostics.Count(d => d.IsError);

    public int WarningCount => Diagnostics.Count(d => !d.IsError);
}

/// <summary>
/// Reads a configuration file in either format, validates it, and says exactly which file it read:
/// field lesson 1 is a daemon that silently ran the wrong config.
/// </summary>
public static class ConfigLoader
{
    public const string DefaultYamlPath = "/etc/havrrp/havrrp.yaml";
    public const string DefaultKeepalivedPath = "/etc/keepalived/keepalived.conf";

    /// <summary>The file used when none is given: HaVrrp's own YAML first, then keepalived's.</summary>
    public static string DefaultPath(Func<string, bool>? fileExists = null)
    {
        fileExists ??= File.Exists;
        return fileExists(DefaultYamlPath) ? DefaultYamlPath : DefaultKeepalivedPath;
    }

    /// <summary>YAML by extension (.yaml, .yml); everything else is read as keepalived.conf.</summary>
    public static ConfigFormat DetectFormat(string path)
    {
        var extension = System.IO.Path.GetExtension(path);
        return extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) ||
               extension.Equals(".yml", StringComparison.OrdinalIgnoreCase)
            ? ConfigFormat.Yaml
            : ConfigFormat.Keepalived;
    }

    public static ConfigLoadResult Load(string path, ConfigLoadOptions? options = null)
    {
        options ??= new ConfigLoadOptions();
        var absolutePath = System.IO.Path.GetFullPath(path);
        var format = DetectFormat(absolutePath);
        var diagnostics = new DiagnosticBag();

        var configuration = Read(absolutePath, format, options, diagnostics);
        if (!diagnostics.HasErrors)
        {
            new ConfigValidator(options.Environment).Validate(configuration, diagnostics);
        }

        return new ConfigLoadResult(
            absolutePath,
            format,
            diagnostics.HasErrors ? null : configuration,
            InFileOrder(diagnostics.Items));
    }

    /// <summary>
    /// Findings in the order of the text, as a compiler prints them, whichever pass found them
    /// (reading or validation). The sort is stable, so findings at one place keep their order.
    /// </summary>
    public static IReadOnlyList<Diagnostic> InFileOrder(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics
            .OrderBy(d => d.Location.File, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)
            .ToList();

    /// <summary>Reads without validating: for conversion, where a half-valid file is still worth converting.</summary>
    public static HaVrrpConfiguration Read(string absolutePath, ConfigFormat format, ConfigLoadOptions options, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(options);
        return format switch
        {
            ConfigFormat.Yaml => YamlConfigReader.Read(absolutePath, diagnostics),
            _ => KeepalivedConfigReader.Read(absolutePath, KeepalivedOptions(options), diagnostics),
        };
    }

    private static KeepalivedReadOptions KeepalivedOptions(ConfigLoadOptions options) =>
        options.ConfigId is null ? new KeepalivedReadOptions() : new KeepalivedReadOptions { ConfigId = options.ConfigId };
}
