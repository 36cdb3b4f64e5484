using System.Globalization;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Protocol.Router;

/// <summary>The things a router reports. Each formats to keepalived's exact phrase (see <see cref="VrrpLogEvent.Format"/>).</summary>
public enum VrrpLogEventKind
{
    EnteringBackupStateAtStartup,
    EnteringBackupState,
    EnteringMasterState,
    EnteringFaultState,
    SettingVirtualAddresses,
    RemovingVirtualAddresses,
    SentPriorityZero,
    ReceiveAdvertTimeout,
    BackupReceivedPriorityZero,

    /// <summary>Address = sender of a priority 0 advert that is not the master this backup follows.</summary>
    BackupIgnoredPriorityZero,

    /// <summary>Address = sender, Value = its priority.</summary>
    BackupReceivedLowerPriority,

    /// <summary>Value = new interval in milliseconds, OtherValue = old interval in milliseconds.</summary>
    AdvertIntervalUpdated,

    MasterReceivedPriorityZero,

    /// <summary>Address = sender, Value = its priority, OtherValue = ours.</summary>
    MasterReceivedHigherPriority,

    /// <summary>Address = sender, Value = the shared priority.</summary>
    MasterReceivedSamePriorityHigherAddress,

    /// <summary>Address = sender, Value = its priority, OtherValue = ours.</summary>
    MasterReceivedLowerPriority,

    /// <summary>As <see cref="MasterReceivedLowerPriority"/>, with lower_prio_no_advert: no advert in answer.</summary>
    MasterReceivedLowerPriorityNotAnswered,

    /// <summary>Address = sender whose adverts an address owner drops (owner_ignore_adverts).</summary>
    OwnerIgnoringAdverts,

    /// <summary>Address = sender (ourselves, as far as the address goes).</summary>
    EqualPriorityFromOurAddress,

    /// <summary>Value = old effective priority, OtherValue = new.</summary>
    EffectivePriorityChanged,

    /// <summary>Value = the override priority.</summary>
    PriorityOverrideSet,
    PriorityOverrideCleared,
    SteppingDown,
    StepDownCleared,

    /// <summary>Address = the new master, heard by a master handing over (step-down or stop).</summary>
    NewMasterHeard,

    /// <summary>Value = the bound waited, in microseconds: a stopping master heard no new master.</summary>
    HandOverTimedOut,

    /// <summary>Value = the most we wait for the new master, in microseconds.</summary>
    KeepingVirtualAddressesForHandOver,

    /// <summary>Value = how long we waited, in milliseconds.</summary>
    StepDownNobodyTookOver,

    /// <summary>A held backup became master after all (its master fell silent or stopped): the hold no longer applies.</summary>
    StepDownEndedByTakingOver,

    /// <summary>Value = the priority we now advertise.</summary>
    TakingOver,
    TakeOverReleased,
}

/// <summary>
/// A log line as data: a kind and its arguments, formatted only when someone logs it, so that a
/// state-machine step allocates nothing.
/// </summary>
public readonly record struct VrrpLogEvent(VrrpLogEventKind Kind, VrrpAddress Address = default, int Value = 0, int OtherValue = 0)
{
    /// <summary>keepalived's wording, prefixed with the instance name as in <c>(VI_1) Entering MASTER STATE</c>.</summary>
    public string Format(string instanceName)
    {
        var i = CultureInfo.InvariantCulture;
        return Kind switch
        {
            VrrpLogEventKind.EnteringBackupStateAtStartup => $"({instanceName}) Entering BACKUP STATE (init)",
            VrrpLogEventKind.EnteringBackupState => $"({instanceName}) Entering BACKUP STATE",
            VrrpLogEventKind.EnteringMasterState => $"({instanceName}) Entering MASTER STATE",
            VrrpLogEventKind.EnteringFaultState => $"({instanceName}) Entering FAULT STATE",
            VrrpLogEventKind.SettingVirtualAddresses => $"({instanceName}) setting VIPs.",
            VrrpLogEventKind.RemovingVirtualAddresses => $"({instanceName}) removing VIPs.",
            VrrpLogEventKind.SentPriorityZero => $"({instanceName}) sent 0 priority",
            VrrpLogEventKind.ReceiveAdvertTimeout => $"({instanceName}) Receive advertisement timeout",
            VrrpLogEventKind.BackupReceivedPriorityZero => $"({instanceName}) Backup received priority 0 advertisement",
            VrrpLogEventKind.BackupIgnoredPriorityZero =>
                string.Create(i, $"({instanceName}) Backup ignored priority 0 advertisement from {Address}: not the master it follows"),
            VrrpLogEventKind.BackupReceivedLowerPriority =>
                string.Create(i, $"({instanceName}) received lower priority ({Value}) advert from {Address} - discarding"),
            VrrpLogEventKind.AdvertIntervalUpdated =>
                string.Create(i, $"({instanceName}) advertisement interval updated to {Value} milli-sec from {OtherValue} milli-sec"),
            VrrpLogEventKind.MasterReceivedPriorityZero => $"({instanceName}) Master received priority 0 or lower priority advert",
            VrrpLogEventKind.MasterReceivedHigherPriority =>
                string.Create(i, $"({instanceName}) Master received advert from {Address} with higher priority {Value}, ours {OtherValue}"),
            VrrpLogEventKind.MasterReceivedSamePriorityHigherAddress =>
                string.Create(i, $"({instanceName}) Master received advert from {Address} with same priority {Value} but higher IP address than ours"),
            VrrpLogEventKind.MasterReceivedLowerPriority =>
                string.Create(i, $"({instanceName}) Received advert from {Address} with lower priority {Value}, ours {OtherValue}, forcing new election"),
            VrrpLogEventKind.MasterReceivedLowerPriorityNotAnswered =>
                string.Create(i, $"({instanceName}) Received advert from {Address} with lower priority {Value}, ours {OtherValue}"),
            VrrpLogEventKind.OwnerIgnoringAdverts =>
                string.Create(i, $"({instanceName}) Dropping packet(s) from {Address} since we are address owner"),
            VrrpLogEventKind.EqualPriorityFromOurAddress =>
                $"({instanceName}) WARNING - equal priority advert received from remote host with our IP address.",
            VrrpLogEventKind.EffectivePriorityChanged =>
                string.Create(i, $"({instanceName}) Changing effective priority from {Value} to {OtherValue}"),
            VrrpLogEventKind.PriorityOverrideSet => string.Create(i, $"({instanceName}) priority overridden to {Value}"),
            VrrpLogEventKind.PriorityOverrideCleared => $"({instanceName}) priority override cleared",
            VrrpLogEventKind.SteppingDown => $"({instanceName}) stepping down on request; not preempting until cleared",
            VrrpLogEventKind.StepDownCleared => $"({instanceName}) step-down cleared; preempting as configured",
            VrrpLogEventKind.NewMasterHeard => $"({instanceName}) new master {Address} heard; removing VIPs.",
            VrrpLogEventKind.KeepingVirtualAddressesForHandOver =>
                string.Create(i, $"({instanceName}) keeping VIPs until the new master is heard (at most {TimeSpan.FromMicroseconds(Value):c})"),
            VrrpLogEventKind.HandOverTimedOut =>
                string.Create(i, $"({instanceName}) no new master heard within {TimeSpan.FromMicroseconds(Value):c}; removing VIPs."),
            VrrpLogEventKind.StepDownNobodyTookOver =>
                string.Create(i, $"({instanceName}) no backup took over within {Value / 1000.0:0.###} s; staying MASTER"),
            VrrpLogEventKind.StepDownEndedByTakingOver => $"({instanceName}) no other master left; MASTER despite the step-down, which is cleared",
            VrrpLogEventKind.TakingOver => string.Create(i, $"({instanceName}) taking over on request with priority {Value}"),
            VrrpLogEventKind.TakeOverReleased => $"({instanceName}) take-over released; back to the configured priority",
            _ => $"({instanceName}) {Kind}",
        };
    }
}
