using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol;

namespace HaVrrp.Engine.Runtime;

/// <summary>One notify_* event of an instance, with the scripts configured for it (keepalived's notify INSTANCE name state priority).</summary>
public sealed record InstanceNotification(string InstanceName, NotifyKind Kind, int Priority, NotifyConfig Scripts);

/// <summary>Runs notify scripts and writes the notify FIFO. Fire and forget: the loop never waits for a script.</summary>
public interface INotifier
{
    void Notify(InstanceNotification notification);
}
