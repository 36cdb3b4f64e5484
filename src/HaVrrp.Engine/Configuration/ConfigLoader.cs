using HaVrrp.Engine.Configuration.Keepalived;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Configuration.Yaml;

namespace HaVrrp.Engine.Configuration;

public enum ConfigFormat
{
    Keepalived,
    Yaml,
}

/// <summary>What a load needs beyond the path: the keepalived config id, the host's view for validation, and the limits.</summary>
public sealed record ConfigLoadOptions
{
    /// <summary>How much one load may read and build; every caller (check, start, reload, cmdlets) gets the same.</summary>
    public ConfigLoadLimits Limits { get; init; } = ConfigLoadLimits.Default;

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
/// a daemon that silently ran the wrong config is the first of docs/architecture.md's "Lessons from the field".
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

    /// <summary>The path that means "standard input" to <c>--check</c> and <c>--convert</c> (never to the daemon).</summary>
    public const string StandardInputPath = "-";

    /// <summary>How standard input is named in findings; relative includes resolve from the current directory.</summary>
    public const string StandardInputName = "stdin";

    public static ConfigLoadResult Load(string path, ConfigLoadOptions? options = null)
    {
        options ??= new ConfigLoadOptions();
        var absolutePath = System.IO.Path.GetFullPath(path);
        var format = DetectFormat(absolutePath);
        var diagnostics = NewDiagnosticBag(options);
        return Validated(absolutePath, format, options, diagnostics, Read(absolutePath, format, options, diagnostics));
    }

    /// <summary>Loads configuration text from a stream (standard input), read within the same limits as a file.</summary>
    public static ConfigLoadResult Load(Stream input, ConfigFormat format, ConfigLoadOptions? options = null)
    {
        options ??= new ConfigLoadOptions();
        var diagnostics = NewDiagnosticBag(options);
        return Validated(StandardInputName, format, options, diagnostics, Read(input, format, options, diagnostics));
    }

    private static ConfigLoadResult Validated(
        string absolutePath, ConfigFormat format, ConfigLoadOptions options, DiagnosticBag diagnostics, HaVrrpConfiguration configuration)
    {
        if (!diagnostics.HasErrors)
        {
            Guarded(absolutePath, diagnostics, () => new ConfigValidator(options.Environment).Validate(configuration, diagnostics));
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

    /// <summary>
    /// Reads without validating: for conversion, where a half-valid file is still worth converting. Never throws
    /// for what a file holds: a reader's bug becomes HV0009 and an empty model.
    /// </summary>
    public static HaVrrpConfiguration Read(string absolutePath, ConfigFormat format, ConfigLoadOptions options, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = new HaVrrpConfiguration();
        Guarded(absolutePath, diagnostics, () => configuration = format switch
        {
            ConfigFormat.Yaml => YamlConfigReader.Read(absolutePath, diagnostics, options.Limits),
            _ => KeepalivedConfigReader.Read(absolutePath, KeepalivedOptions(options), diagnostics),
        });
        return configuration;
    }

    /// <summary>Reads text from <paramref name="input"/> (at most the per-file limit) without validating.</summary>
    public static HaVrrpConfiguration Read(Stream input, ConfigFormat format, ConfigLoadOptions options, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var configuration = new HaVrrpConfiguration();
        Guarded(StandardInputName, diagnostics, () =>
        {
            if (StandardInputText.Read(input, options.Limits.MaxFileBytes, diagnostics) is not { } text)
            {
                return;
            }
            configuration = format switch
            {
                ConfigFormat.Yaml => YamlConfigReader.ReadText(text, StandardInputName, diagnostics, options.Limits),
                _ => KeepalivedConfigReader.ReadText(text, StandardInputName, KeepalivedOptions(options), diagnostics),
            };
        });
        return configuration;
    }

    /// <summary>A bag that keeps as many findings as the limits allow.</summary>
    public static DiagnosticBag NewDiagnosticBag(ConfigLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DiagnosticBag(options.Limits.MaxDiagnostics);
    }

    /// <summary>
    /// The last line of defence of "a bad file never takes the daemon down": an exception the readers or the
    /// validator did not expect becomes an error (HV0009) naming the file, so a reload keeps the running
    /// configuration and --check exits 1, without a stack trace. Only the message is kept: operators paste it.
    /// </summary>
    private static void Guarded(string path, DiagnosticBag diagnostics, Action step)
    {
        try
        {
            step();
        }
#pragma warning disable CA1031 // Any exception, by design: see the summary.
        catch (Exception exception) when (exception is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            diagnostics.Error(DiagnosticCodes.InternalError, new SourceLocation(path, 0, 0),
                $"internal error while reading {path}: {exception.Message} (please report this as a bug, with the file)");
        }
    }

    private static KeepalivedReadOptions KeepalivedOptions(ConfigLoadOptions options) =>
        options.ConfigId is null
            ? new KeepalivedReadOptions { Limits = options.Limits }
            : new KeepalivedReadOptions { ConfigId = options.ConfigId, Limits = options.Limits };
}
