using System.Globalization;
using System.Management.Automation;
using HaVrrp.Engine.Control;
using HaVrrp.PowerShell.Daemon;

namespace HaVrrp.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Overrides an instance's priority at run time, for a while or until reset.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "VrrpPriority", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PrioritySet)]
[OutputType(typeof(VrrpInstance))]
public sealed class SetVrrpPriorityCommand : DaemonCommand
{
    private const string PrioritySet = "Priority";
    private const string ResetSet = "Reset";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(InstanceNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = PrioritySet)]
    [ValidateRange(1, 254)]
    public int Priority { get; set; }

    /// <summary>How long the override lasts; it reverts by itself afterwards. None: until -Reset or a restart.</summary>
    [Parameter(ParameterSetName = PrioritySet)]
    public TimeSpan Duration { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ResetSet)]
    public SwitchParameter Reset { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessDaemonRecord()
    {
        if (TimedOverride is { } duration && (duration <= TimeSpan.Zero || duration.TotalSeconds > ControlProtocol.MaxOverrideSeconds))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentOutOfRangeException(nameof(Duration), duration, $"-Duration must be more than 0 and at most {TimeSpan.FromSeconds(ControlProtocol.MaxOverrideSeconds)}"),
                "InvalidDuration", ErrorCategory.InvalidArgument, duration));
        }
        foreach (var name in ExpandNames(Name))
        {
            if (!ShouldProcess(name, Action))
            {
                continue;
            }
            var done = TryCall(
                cancellation => Reset ? Client.ResetPriorityAsync(name, cancellation) : Client.SetPriorityAsync(name, Priority, TimedOverride, cancellation),
                name,
                out var result);
            if (done && PassThru)
            {
                WriteObject(ToObject(result.Instance));
            }
        }
    }

    private TimeSpan? TimedOverride => IsBound(nameof(Duration)) ? Duration : null;

    private string Action => Reset
        ? "Reset the priority to the configured one"
        : TimedOverride is { } duration
            ? string.Create(CultureInfo.InvariantCulture, $"Set the priority to {Priority} for {duration}")
            : string.Create(CultureInfo.InvariantCulture, $"Set the priority to {Priority} until reset");
}
