using HaVrrp.Engine.Platform.Linux.Netlink;
using HaVrrp.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>
/// Tells the engine when interfaces go down or come up: the current state of every link first, then
/// each change the kernel reports. A link counts as up when it is administratively up and has carrier
/// (IFF_UP and IFF_RUNNING), as keepalived checks. After lost notifications the states are re-read.
/// </summary>
public sealed class LinkStateFeed(ILogger logger) : IEngineEventSource
{
    private Func<EngineEvent, bool> _post = _ => false;

    private readonly Dictionary<string, bool> _lastPosted = new(StringComparer.Ordinal);

    public async Task RunAsync(Func<EngineEvent, bool> post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        _post = post;
        using var monitor = LinkMonitor.Open(RtnetlinkGroups.Link);
        PostCurrentStates();
        await foreach (var change in monitor.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (change)
            {
                case LinkChanged changed:
                    PostIfChanged(changed.Link.Name, changed.Link.IsOperational);
                    break;
                case LinkRemoved removed:
                    PostIfChanged(removed.Link.Name, isUp: false);
                    break;
                case EventsLost:
                    logger.LogWarning("Netlink notifications were lost; re-reading link states");
                    PostCurrentStates();
                    break;
            }
        }
    }

    private void PostCurrentStates()
    {
        using var netlink = NetlinkSocket.Open();
        foreach (var link in new LinkManager(netlink).List())
        {
            PostIfChanged(link.Name, link.IsOperational);
        }
    }

    // The kernel repeats link messages for unrelated changes (MTU, statistics); the engine only needs edges.
    private void PostIfChanged(string name, bool isUp)
    {
        if (_lastPosted.TryGetValue(name, out var wasUp) && wasUp == isUp)
        {
            return;
        }
        _lastPosted[name] = isUp;
        _post(new LinkStateChanged(name, isUp));
    }
}
