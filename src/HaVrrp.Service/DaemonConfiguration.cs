using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Configuration.Yaml;

namespace HaVrrp.Service;

/// <summary>One load of the configuration file: the absolute path read, the model (null on errors) and every finding.</summary>
public sealed record LoadedConfiguration(string Path, HaVrrpConfiguration? Configuration, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsValid => Configuration is not null;

    public int ErrorCount => Diagnostics.Count(diagnostic => diagnostic.IsError);
}

/// <summary>
/// Loads and validates the daemon's configuration. Until ConfigLoader (both formats) is merged, this reads the
/// YAML format; the daemon takes the loader as a function so the merge only swaps it.
/// </summary>
public static class DaemonConfiguration
{
    public static LoadedConfiguration LoadYaml(string path)
    {
        var absolute = System.IO.Path.GetFullPath(path);
        var diagnostics = new DiagnosticBag();
        if (!File.Exists(absolute))
        {
            diagnostics.Error(DiagnosticCodes.FileNotFound, new SourceLocation(absolute, 0, 0), $"configuration file {absolute} does not exist");
            return new LoadedConfiguration(absolute, null, diagnostics.Items);
        }
        var configuration = YamlConfigReader.Read(absolute, diagnostics);
        if (!diagnostics.HasErrors)
        {
            new ConfigValidator(ValidationEnvironment.ForThisHost()).Validate(configuration, diagnostics);
        }
        return new LoadedConfiguration(absolute, diagnostics.HasErrors ? null : configuration, diagnostics.Items);
    }
}
