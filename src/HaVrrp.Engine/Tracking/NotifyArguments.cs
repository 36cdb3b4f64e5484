using System.Globalization;

namespace HaVrrp.Engine.Tracking;

/// <summary>Whether a notification is about one instance or a sync group.</summary>
public enum NotifySubject
{
    Instance,
    Group,
}

/// <summary>The states and events keepalived names in notifications.</summary>
public enum NotifyState
{
    Master,
    Backup,
    Fault,
    Stop,

    /// <summary>FIFO only: a master heard a lower-priority advert (keepalived's MASTER_RX_LOWER_PRI).</summary>
    MasterRxLowerPriority,

    /// <summary>FIFO only: a master's effective priority changed (vrrp_notify_priority_changes).</summary>
    MasterPriority,

    /// <summary>FIFO only: a backup's effective priority changed.</summary>
    BackupPriority,
}

/// <summary>
/// What keepalived hands to notifications (vrrp_notify.c). The plain <c>notify</c> script gets four
/// words after its own arguments: <c>INSTANCE|GROUP</c>, the name, the state, and the priority (0 for
/// a group); <c>notify_master</c> and friends get only their own arguments. A notify FIFO gets one line
/// per event: <c>INSTANCE "VI_1" MASTER 100</c>, <c>GROUP "VG_1" BACKUP 0</c>.
/// </summary>
public static class NotifyArguments
{
    public static string Word(NotifySubject subject) => subject == NotifySubject.Group ? "GROUP" : "INSTANCE";

    public static string Word(NotifyState state) => state switch
    {
        NotifyState.Master => "MASTER",
        NotifyState.Backup => "BACKUP",
        NotifyState.Fault => "FAULT",
        NotifyState.Stop => "STOP",
        NotifyState.MasterRxLowerPriority => "MASTER_RX_LOWER_PRI",
        NotifyState.MasterPriority => "MASTER_PRIORITY",
        NotifyState.BackupPriority => "BACKUP_PRIORITY",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>argv for the plain <c>notify</c> script: its own words, then type, name, state and priority.</summary>
    public static IReadOnlyList<string> ForNotifyScript(
        IReadOnlyList<string> scriptArguments, NotifySubject subject, string name, NotifyState state, int priority)
    {
        ArgumentNullException.ThrowIfNull(scriptArguments);
        return
        [
            .. scriptArguments,
            Word(subject),
            name,
            Word(state),
            SubjectPriority(subject, priority).ToString(CultureInfo.InvariantCulture),
        ];
    }

    /// <summary>One notify_fifo line, newline included: <c>INSTANCE "VI_1" MASTER 100\n</c>.</summary>
    public static string FifoLine(NotifySubject subject, string name, NotifyState state, int priority) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Word(subject)} \"{name}\" {Word(state)} {SubjectPriority(subject, priority)}\n");

    // A group has no priority of its own; keepalived writes 0.
    private static int SubjectPriority(NotifySubject subject, int priority) => subject == NotifySubject.Group ? 0 : priority;
}
