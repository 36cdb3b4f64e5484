using HaVrrp.Engine.Platform.Linux.Netlink;
using HaVrrp.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>
/// Tells the engine when an address leaves an interface (RTM_DELADDR), so that a VIP or static address deleted by
/// hand is noticed at once, as keepalived's netlink reflector notices it. Every deletion is passed on, havrrpd's own
/// included: the engine checks what is really missing.
/// </summary>
public sealed class AddressDeletionFeed(ILogger logger) : IEngineEventSource
{
    public async Task RunAsync(Func<EngineEvent, bool> post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        using var monitor = LinkMonitor.Open(RtnetlinkGroups.IPv4Address | RtnetlinkGroups.IPv6Address);
        // Anything deleted before the socket listened went unseen.
        post(new AddressesToRecheck());
        await foreach (var change in monitor.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (change)
            {
                case AddressRemoved removed when InterfaceName(removed.Address.InterfaceIndex) is { } name:
                    post(new AddressDeleted(name, removed.Address.Address));
                    break;
                case EventsLost:
                    // VIPs a missed deletion took come back at the next refresh; static addresses are checked now.
                    logger.LogWarning("Netlink address notifications were lost; checking the static addresses again");
                    post(new AddressesToRecheck());
                    break;
            }
        }
    }

    /// <summary>The link's name now; null when the link itself is gone (its addresses went with it).</summary>
    private static string? InterfaceName(int interfaceIndex)
    {
        using var netlink = NetlinkSocket.Open();
        return new LinkManager(netlink).List().FirstOrDefault(link => link.Index == interfaceIndex)?.Name;
    }
}
