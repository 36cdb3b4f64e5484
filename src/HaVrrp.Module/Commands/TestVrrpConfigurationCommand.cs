using System.Management.Automation;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Validation;

namespace HaVrrp.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Checks a keepalived.conf or HaVrrp YAML file, like keepalived -t.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "VrrpConfiguration")]
[OutputType(typeof(ConfigLoadResult), typeof(bool))]
public sealed class TestVrrpConfigurationCommand : PSCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [ConfigLoader.DefaultPath()];

    /// <summary>keepalived's -i: selects @ID conditional lines.</summary>
    [Parameter]
    public string? ConfigId { get; set; }

    /// <summary>Return only $true or $false, as Test-Connection -Quiet does.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var options = new ConfigLoadOptions { ConfigId = ConfigId, Environment = ValidationEnvironment.ForThisHost() };
        foreach (var path in Path)
        {
            var result = ConfigLoader.Load(ProviderPaths.Resolve(this, path), options);
            WriteObject(Quiet ? result.IsValid : result);
        }
    }
}
