using System.Management.Automation;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Platform.Linux.Adapters;

namespace HaVrrp.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Converts keepalived.conf to HaVrrp YAML, or YAML back to keepalived.conf.</para>
/// </summary>
[Cmdlet(VerbsData.Convert, "KeepalivedConfig", SupportsShouldProcess = true, DefaultParameterSetName = "ToPipeline")]
[OutputType(typeof(string), ParameterSetName = ["ToPipeline"])]
[OutputType(typeof(FileInfo), ParameterSetName = ["ToFile"])]
public sealed class ConvertKeepalivedConfigCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The format to produce: Yaml (default) or Keepalived.</summary>
    [Parameter]
    public ConfigFormat To { get; set; } = ConfigFormat.Yaml;

    [Parameter(Mandatory = true, ParameterSetName = "ToFile")]
    [ValidateNotNullOrEmpty]
    public string OutFile { get; set; } = string.Empty;

    /// <summary>Overwrite an existing -OutFile.</summary>
    [Parameter(ParameterSetName = "ToFile")]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public string? ConfigId { get; set; }

    protected override void ProcessRecord()
    {
        var options = new ConfigLoadOptions { ConfigId = ConfigId, Environment = LinuxValidationEnvironment.ForThisHost() };
        var result = ConfigConverter.Convert(ProviderPaths.Resolve(this, Path), To, options);
        foreach (var diagnostic in result.Diagnostics)
        {
            WriteWarning(diagnostic.ToString());
        }

        if (result.Text is null)
        {
            WriteError(new ErrorRecord(
                new InvalidDataException($"{result.SourcePath} could not be read; see the warnings above for each error."),
                "ConfigurationUnreadable", ErrorCategory.ParserError, Path));
            return;
        }

        if (ParameterSetName != "ToFile")
        {
            WriteObject(result.Text);
            return;
        }

        var target = ProviderPaths.Resolve(this, OutFile);
        if (File.Exists(target) && !Force)
        {
            WriteError(new ErrorRecord(
                new IOException($"{target} exists; use -Force to overwrite it."),
                "OutFileExists", ErrorCategory.ResourceExists, target));
            return;
        }
        if (ShouldProcess(target, $"Write {To} configuration converted from {result.SourcePath}"))
        {
            File.WriteAllText(target, result.Text);
            WriteObject(new FileInfo(target));
        }
    }
}
