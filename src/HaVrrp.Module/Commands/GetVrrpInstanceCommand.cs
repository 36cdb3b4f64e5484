using System.Management.Automation;
using HaVrrp.PowerShell.Daemon;

namespace HaVrrp.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Gets the VRRP instances of the running havrrpd: state, priorities, VIPs, master, peers.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VrrpInstance")]
[OutputType(typeof(VrrpInstance))]
public sealed class GetVrrpInstanceCommand : DaemonCommand
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(InstanceNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessDaemonRecord() => WriteObject(SelectInstances(Name), enumerateCollection: true);
}
