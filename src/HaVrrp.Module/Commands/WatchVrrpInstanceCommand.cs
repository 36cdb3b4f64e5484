using System.Management.Automation;
using HaVrrp.Engine.Control;
using HaVrrp.PowerShell.Daemon;

namespace HaVrrp.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Shows what happens to the instances as it happens: transitions with their reason, priority and hold changes, tracking, reloads.</para>
/// </summary>
[Cmdlet(VerbsCommon.Watch, "VrrpInstance")]
[OutputType(typeof(VrrpEvent))]
public sealed class WatchVrrpInstanceCommand : DaemonCommand
{
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(InstanceNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Count { get; set; }

    /// <summary>Stop after this long; without it (and -Count) the watch runs until Ctrl+C.</summary>
    [Parameter]
    public TimeSpan Timeout { get; set; }

    private TimeSpan? Limit => IsBound(nameof(Timeout)) ? Timeout : null;

    private int? MaxCount => IsBound(nameof(Count)) ? Count : null;

    protected override void ProcessDaemonRecord()
    {
        WatchTimeouts.Check(this, Limit);
        var parameters = new EventWatchParams { Instances = Name, Count = MaxCount, TimeoutSeconds = Limit?.TotalSeconds };
        ReadStream(
            Client.WatchEventsAsync(parameters, CancellationToken),
            engineEvent =>
            {
                WriteObject(VrrpEvent.Create(engineEvent, Environment.MachineName));
                return true;
            },
            "events");
    }
}
