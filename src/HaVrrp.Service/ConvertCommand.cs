using HaVrrp.Engine.Configuration;

namespace HaVrrp.Service;

/// <summary>
/// <c>havrrpd --convert yaml|keepalived</c>: the converted file on stdout (or --output), and every finding,
/// including what the conversion could not carry over, on stderr.
/// </summary>
public static class ConvertCommand
{
    /// <param name="commandLine">What to convert, to which format, and where to.</param>
    /// <param name="loadOptions">Config id, host view and limits.</param>
    /// <param name="output">Where the converted text goes without --output.</param>
    /// <param name="errors">Where the findings go.</param>
    /// <param name="input">Standard input, read for <c>--config -</c>; the console's when null.</param>
    public static int Run(CommandLine commandLine, ConfigLoadOptions loadOptions, TextWriter output, TextWriter errors, Stream? input = null)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);

        ConversionResult result;
        if (commandLine.ReadsStandardInput)
        {
            using var standardInput = input is null ? Console.OpenStandardInput() : null;
            result = ConfigConverter.Convert(input ?? standardInput!, commandLine.InputFormat, commandLine.ConvertTo, loadOptions);
        }
        else
        {
            result = ConfigConverter.Convert(commandLine.ConfigPath ?? ConfigLoader.DefaultPath(), commandLine.ConvertTo, loadOptions);
        }
        errors.WriteLine($"Converting {result.SourcePath} to {CheckCommand.FormatName(commandLine.ConvertTo)}");
        foreach (var diagnostic in result.Diagnostics)
        {
            errors.WriteLine(diagnostic.ToString());
        }

        if (result.Text is null)
        {
            errors.WriteLine("Conversion failed: the source configuration could not be read.");
            return ExitCodes.ConfigurationInvalid;
        }

        if (commandLine.OutputPath is { } outputPath)
        {
            File.WriteAllText(outputPath, result.Text);
            errors.WriteLine($"Wrote {Path.GetFullPath(outputPath)}");
        }
        else
        {
            output.Write(result.Text);
        }
        return ExitCodes.Success;
    }
}
