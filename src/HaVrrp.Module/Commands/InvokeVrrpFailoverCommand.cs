using System.Management.Automation;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.PowerShell.Daemon;

namespace HaVrrp.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Moves mastership of an instance: hands it over with no lost traffic, takes it over, or releases the hold.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VrrpFailover", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = StepDownSet)]
[OutputType(typeof(VrrpInstance))]
public sealed class InvokeVrrpFailoverCommand : DaemonCommand
{
    private const string StepDownSet = "StepDown";
    private const string TakeOverSet = "TakeOver";
    private const string ReleaseSet = "Release";

    /// <summary>Without -Wait: how long a takeover may take to show as MASTER before it is an error.</summary>
    private static readonly TimeSpan CompletionLimit = TimeSpan.FromMinutes(1);

    /// <summary>-Wait 0 still lets an answer that comes at once (a backup's hold, a takeover) be returned.</summary>
    private static readonly TimeSpan ImmediateAnswer = TimeSpan.FromMilliseconds(200);

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(InstanceNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = TakeOverSet)]
    public SwitchParameter TakeOver { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ReleaseSet)]
    public SwitchParameter Release { get; set; }

    /// <summary>Seconds to wait for the change: omitted = until complete, 0 = return at once, N = at most N.</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int Wait { get; set; }

    private FailoverMode Mode => TakeOver ? FailoverMode.TakeOver : Release ? FailoverMode.Release : FailoverMode.StepDown;

    protected override void ProcessDaemonRecord()
    {
        foreach (var name in ExpandNames(Name))
        {
            if (ShouldProcess(name, Description))
            {
                Failover(name);
            }
        }
    }

    private void Failover(string name)
    {
        var deadline = IsBound(nameof(Wait)) ? DateTimeOffset.UtcNow + TimeSpan.FromSeconds(Wait) : (DateTimeOffset?)null;
        // The daemon carries out a step-down to its end even when this client stops listening, so a bounded wait
        // can leave the request running on its own connection and read the instance on another.
        var failover = Client.FailoverAsync(name, Mode, CancellationToken);
        if (deadline is { } end && !Finishes(failover, end))
        {
            WriteWarning($"{name}: the {Mode} is still under way after {Wait} s; follow it with Wait-VrrpInstance or Watch-VrrpInstance.");
            using var other = ConnectAnother();
            WriteCurrent(other, name);
            return;
        }
        if (!TryCall(_ => failover, name, out var result))
        {
            return;
        }
        var instance = result.Instance;
        if (ExpectedState is { } state && instance.State != state)
        {
            var limit = deadline is { } until ? Max(until - DateTimeOffset.UtcNow, TimeSpan.Zero) : CompletionLimit;
            if (!TryCall(cancellation => Client.WaitAsync([name], state, limit, cancellation), name, out var waited))
            {
                return;
            }
            instance = waited[0];
        }
        WriteObject(ToObject(instance));
    }

    /// <summary>The state the change ends in: backup after a step-down, master after a takeover; none for a release.</summary>
    private VrrpState? ExpectedState => Mode switch
    {
        FailoverMode.StepDown => VrrpState.Backup,
        FailoverMode.TakeOver => VrrpState.Master,
        _ => null,
    };

    private bool Finishes(Task task, DateTimeOffset end)
    {
        var patience = Max(end - DateTimeOffset.UtcNow, ImmediateAnswer);
        try
        {
            return task.Wait(patience, CancellationToken);
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (AggregateException)
        {
            return true; // it finished, with an error: TryCall reports it
        }
    }

    private void WriteCurrent(VrrpControlClient client, string name)
    {
        if (TryCall(cancellation => client.ListInstancesAsync([name], cancellation), name, out var instances) && instances.Count > 0)
        {
            WriteObject(ToObject(instances[0]));
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private string Description => Mode switch
    {
        FailoverMode.TakeOver => "Take over mastership and hold it until released",
        FailoverMode.Release => "Release the step-down or take-over hold",
        _ => "Hand mastership over to a backup (no traffic lost) and hold backup until released",
    };
}
