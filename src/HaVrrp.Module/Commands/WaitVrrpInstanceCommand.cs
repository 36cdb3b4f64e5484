using System.Management.Automation;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.PowerShell.Daemon;

namespace HaVrrp.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Waits until every named instance is in a state, and returns them.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "VrrpInstance")]
[OutputType(typeof(VrrpInstance))]
public sealed class WaitVrrpInstanceCommand : DaemonCommand
{
    private readonly List<string> _names = [];

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(InstanceNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    [Parameter(Mandatory = true)]
    public VrrpState State { get; set; }

    /// <summary>How long to wait at most (default 1 minute, at most 1 hour).</summary>
    [Parameter]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Names from the pipeline are gathered, so the wait covers all of them at once.</summary>
    protected override void ProcessDaemonRecord() => _names.AddRange(Name);

    protected override void EndProcessing()
    {
        if (Timeout < TimeSpan.Zero || Timeout.TotalSeconds > ControlProtocol.MaxWaitSeconds)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "-Timeout must be between 0 and 1 hour"),
                "InvalidTimeout", ErrorCategory.InvalidArgument, Timeout));
        }
        try
        {
            var names = ExpandNames(_names).ToList();
            if (names.Count == 0)
            {
                return;
            }
            var instances = Await(Client.WaitAsync(names, State, Timeout, CancellationToken));
            WriteObject(instances.Select(ToObject), enumerateCollection: true);
        }
        catch (DaemonCallFailedException failure)
        {
            ThrowTerminatingError(DaemonErrors.Record(failure.Failure, string.Join(", ", _names)));
        }
    }
}
