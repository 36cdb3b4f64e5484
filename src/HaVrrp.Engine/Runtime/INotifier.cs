using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;

namespace HaVrrp.Engine.Runtime;

/// <summary>One notify_* event of an instance, with the scripts configured for it (keepalived's notify INSTANCE name state priority).</summary>
public sealed record InstanceNotification(string InstanceName, NotifyKind Kind, int Priority, NotifyConfig Scripts);

/// <summary>One notify_* event of a vrrp_sync_group (keepalived's notify GROUP name state 0).</summary>
public sealed record GroupNotification(string GroupName, NotifyKind Kind, NotifyConfig Scripts);

/// <summary>Runs notify scripts and writes the notify FIFO. Fire and forget: the loop never waits for a script.</summary>
public interface INotifier
{
    void Notify(InstanceNotification notification);

    /// <summary>A sync group changed state; called after the members' own notifications.</summary>
    void NotifyGroup(GroupNotification notification)
    {
    }
}
