using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Router;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// One running vrrp_sync_group: its members change state together, with keepalived 2.2's rules (vrrp_sync.c).
/// <list type="bullet">
/// <item>A member in FAULT of its own (interface down, tracked failure) puts every member in FAULT; they come back
/// as BACKUP together once no member has a fault of its own.</item>
/// <item>A member that becomes MASTER takes the others with it; a member that leaves MASTER takes the others to
/// BACKUP (they send priority 0, so the peer group takes over after Skew_Time).</item>
/// <item>A backup member whose Master_Down_Timer fires does not become master on its own: keepalived prefers
/// BACKUP to thrashing, so the group goes MASTER only when every member wants to (or one already is).</item>
/// </list>
/// After each group change the group's notify scripts run (GROUP name state 0) after the members' own.
/// Owned by the engine loop.
/// </summary>
internal sealed class SyncGroupRuntime(SyncGroupConfig config, INotifier notifier, ILogger logger)
{
    public SyncGroupConfig Config { get; } = config;

    public string Name => Config.Name;

    public List<InstanceRuntime> Members { get; } = [];

    /// <summary>The group's state: Initialize until its members have started.</summary>
    public VrrpState State { get; private set; } = VrrpState.Initialize;

    /// <summary>Brings the members into line after anything happened to any of them.</summary>
    public void Synchronise(TimeSpan now)
    {
        var members = Members.Where(member => !member.IsStopping && member.Router.State != VrrpState.Initialize).ToList();
        // keepalived ignores a group with fewer than two members; while members restart the group waits for them.
        if (members.Count < 2 || members.Count != Members.Count(member => !member.IsStopping))
        {
            return;
        }

        if (members.Exists(member => member.Router.HasOwnFault))
        {
            if (State != VrrpState.Fault)
            {
                EngineLog.SyncingGroup(logger, Name, "FAULT");
            }
            foreach (var member in members)
            {
                member.Apply(now, (router, actions) => router.SetSyncGroupFault(now, faulted: true, actions));
            }
            ChangeState(VrrpState.Fault);
            return;
        }
        foreach (var member in members)
        {
            member.Apply(now, (router, actions) => router.SetSyncGroupFault(now, faulted: false, actions));
        }

        var masters = members.Count(member => member.Router.State == VrrpState.Master);
        if (State == VrrpState.Master && masters < members.Count)
        {
            if (masters > 0)
            {
                EngineLog.SyncingGroup(logger, Name, "BACKUP");
                foreach (var member in members)
                {
                    member.Apply(now, (router, actions) => router.SyncToBackup(now, actions));
                }
            }
            ChangeState(VrrpState.Backup);
            return;
        }
        if (State != VrrpState.Master && (masters > 0 || members.TrueForAll(member => member.Router.WantsMaster)))
        {
            EngineLog.SyncingGroup(logger, Name, "MASTER");
            foreach (var member in members)
            {
                member.Apply(now, (router, actions) => router.SyncToMaster(now, actions));
            }
            ChangeState(VrrpState.Master);
            return;
        }
        if (State != VrrpState.Master)
        {
            ChangeState(VrrpState.Backup);
        }
    }

    /// <summary>Every member has stopped: the group says STOP, as keepalived does at shutdown.</summary>
    public void Stop()
    {
        if (State != VrrpState.Initialize)
        {
            State = VrrpState.Initialize;
            Notify(NotifyKind.Stop);
        }
    }

    private void ChangeState(VrrpState state)
    {
        if (State == state)
        {
            return;
        }
        State = state;
        Notify(state switch
        {
            VrrpState.Master => NotifyKind.Master,
            VrrpState.Fault => NotifyKind.Fault,
            _ => NotifyKind.Backup,
        });
    }

    private void Notify(NotifyKind kind)
    {
        try
        {
            notifier.NotifyGroup(new GroupNotification(Name, kind, Config.Notify));
        }
#pragma warning disable CA1031 // A failing notifier must never stop the loop.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            EngineLog.GroupNotifyFailed(logger, Name, exception.Message);
        }
    }
}
