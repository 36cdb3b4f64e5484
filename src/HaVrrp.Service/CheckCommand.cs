using HaVrrp.Engine.Configuration;

namespace HaVrrp.Service;

/// <summary>
/// <c>havrrpd --check</c>, like <c>keepalived -t</c>: load and validate, print each finding as
/// <c>file:line:col: severity CODE: message</c>, one summary line per instance, and a verdict.
/// </summary>
public static class CheckCommand
{
    /// <param name="commandLine">What to check.</param>
    /// <param name="loadOptions">Config id, host view and limits.</param>
    /// <param name="output">Where the findings go.</param>
    /// <param name="input">Standard input, read for <c>--config -</c>; the console's when null.</param>
    public static int Run(CommandLine commandLine, ConfigLoadOptions loadOptions, TextWriter output, Stream? input = null)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(output);

        ConfigLoadResult result;
        if (commandLine.ReadsStandardInput)
        {
            using var standardInput = input is null ? Console.OpenStandardInput() : null;
            result = ConfigLoader.Load(input ?? standardInput!, commandLine.InputFormat, loadOptions);
        }
        else
        {
            result = ConfigLoader.Load(commandLine.ConfigPath ?? ConfigLoader.DefaultPath(), loadOptions);
        }

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
