using HaVrrp.Engine.Configuration;

namespace HaVrrp.Service;

/// <summary>
/// <c>havrrpd --check</c>, like <c>keepalived -t</c>: load and validate, print each finding as
/// <c>file:line:col: severity CODE: message</c>, one summary line per instance, and a verdict.
/// </summary>
public static class CheckCommand
{
    public static int Run(CommandLine commandLine, ConfigLoadOptions loadOptions, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(output);

        var path = commandLine.ConfigPath ?? ConfigLoader.DefaultPath();
        var result = ConfigLoader.Load(path, loadOptions);

        // Always the absolute path: "which file did it really read?" is the first question in an incident.
        output.WriteLine($"Loading {FormatName(result.Format)} configuration {result.Path}");
        foreach (var diagnostic in result.Diagnostics)
        {
            output.WriteLine(diagnostic.ToString());
        }

        if (result.Configuration is { } configuration)
        {
            foreach (var line in ConfigSummary.Describe(configuration))
            {
                output.WriteLine(line);
            }
            output.WriteLine(
                $"Configuration is valid: {Count(configuration.Instances.Count, "instance")}, {Count(result.WarningCount, "warning")}.");
            return ExitCodes.Success;
        }

        output.WriteLine(
            $"Configuration is invalid: {Count(result.ErrorCount, "error")}, {Count(result.WarningCount, "warning")}.");
        return ExitCodes.ConfigurationInvalid;
    }

    internal static string FormatName(ConfigFormat format) => format == ConfigFormat.Yaml ? "YAML" : "keepalived";

    internal static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
