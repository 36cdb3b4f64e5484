using System.Management.Automation;
using HaVrrp.PowerShell.Daemon;

namespace HaVrrp.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Gets the vrrp_scripts of the running havrrpd: status, last result, who tracks them.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VrrpScript")]
[OutputType(typeof(VrrpScript))]
public sealed class GetVrrpScriptCommand : DaemonCommand
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ScriptNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessDaemonRecord()
    {
        var (selected, missing) = new NameSelection(Name).Apply(Await(Client.ListScriptsAsync(CancellationToken)), script => script.Name);
        foreach (var name in missing)
        {
            WriteDaemonError(NotFound(name, "vrrp_script"), name);
        }
        WriteObject(selected.Select(script => VrrpScript.From(script, Environment.MachineName)), enumerateCollection: true);
    }
}
