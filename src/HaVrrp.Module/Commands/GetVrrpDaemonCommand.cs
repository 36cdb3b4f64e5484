using System.Management.Automation;
using HaVrrp.PowerShell.Daemon;

namespace HaVrrp.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Gets the running havrrpd: version, pid, uptime, configuration, and whether you may change things.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VrrpDaemon")]
[OutputType(typeof(VrrpDaemon))]
public sealed class GetVrrpDaemonCommand : DaemonCommand
{
    protected override void ProcessDaemonRecord() => WriteObject(VrrpDaemon.From(Daemon, DateTimeOffset.UtcNow, Environment.MachineName));
}
