using HaVrrp.Engine.Configuration;

namespace HaVrrp.Service;

/// <summary>
/// <c>havrrpd --convert yaml|keepalived</c>: the converted file on stdout (or --output), and every finding,
/// including what the conversion could not carry over, on stderr.
/// </summary>
public static class ConvertCommand
{
    public static int Run(CommandLine commandLine, ConfigLoadOptions loadOptions, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);

        var path = commandLine.ConfigPath ?? ConfigLoader.DefaultPath();
        var result = ConfigConverter.Convert(path, commandLine.ConvertTo, loadOptions);
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
