using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace HaVrrp.Engine.Platform.Linux.Netlink;

/// <summary>Something changed on the host's links or addresses.</summary>
public abstract record LinkMonitorEvent;

/// <summary>
/// RTM_NEWLINK: a link appeared or changed (up/down, carrier, name). The kernel sends these for
/// many reasons, so the same state may arrive twice; compare <see cref="LinkInfo.IsOperational"/>
/// with what you knew.
/// </summary>
public sealed record LinkChanged(LinkInfo Link) : LinkMonitorEvent;

/// <summary>RTM_DELLINK: the link is gone.</summary>
public sealed record LinkRemoved(LinkInfo Link) : LinkMonitorEvent;

/// <summary>RTM_NEWADDR: an address was added or its lifetimes or flags changed.</summary>
public sealed record AddressAdded(LinkAddress Address) : LinkMonitorEvent;

/// <summary>RTM_DELADDR: an address was removed (by hand, by expiry, or with its link).</summary>
public sealed record AddressRemoved(LinkAddress Address) : LinkMonitorEvent;

/// <summary>
/// The kernel dropped notifications because they were not read fast enough (ENOBUFS). Some
/// changes were missed: dump links and addresses again to learn the current state.
/// </summary>
public sealed record EventsLost : LinkMonitorEvent;

/// <summary>
/// Watches links and IPv4/IPv6 addresses through the rtnetlink multicast groups, the way keepalived
/// notices an interface going down or a VIP deleted by hand.
/// </summary>
public sealed class LinkMonitor : IDisposable
{
    public const RtnetlinkGroups Groups = RtnetlinkGroups.Link | RtnetlinkGroups.IPv4Address | RtnetlinkGroups.IPv6Address;

    private readonly NetlinkSocket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];

    /// <summary>Takes ownership of a socket opened with (at least) <see cref="Groups"/>.</summary>
    public LinkMonitor(NetlinkSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
    }

    /// <summary>
    /// Subscribes in the calling thread's network namespace. A larger
    /// <paramref name="kernelReceiveBufferBytes"/> makes <see cref="EventsLost"/> rarer.
    /// </summary>
    public static LinkMonitor Open(int? kernelReceiveBufferBytes = null) =>
        new(NetlinkSocket.Open(Groups, kernelReceiveBufferBytes));

    /// <summary>
    /// Subscribes to <paramref name="groups"/> only: a consumer of link changes alone should not be woken
    /// by every address refresh (a master refreshes each VIP's lifetime every second).
    /// </summary>
    public static LinkMonitor Open(RtnetlinkGroups groups, int? kernelReceiveBufferBytes = null) =>
        new(NetlinkSocket.Open(groups, kernelReceiveBufferBytes));

    /// <summary>Yields events as they arrive until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async IAsyncEnumerable<LinkMonitorEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var events = new List<LinkMonitorEvent>();
        while (true)
        {
            var received = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (received < 0)
            {
                yield return new EventsLost();
                continue;
            }

            events.Clear();
            Decode(_buffer.AsSpan(0, received), events);
            foreach (var monitorEvent in events)
            {
                yield return monitorEvent;
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    internal static void Decode(ReadOnlySpan<byte> datagram, List<LinkMonitorEvent> events)
    {
        var reader = new NetlinkMessageReader(datagram);
        while (reader.TryRead(out var message))
        {
            LinkMonitorEvent? monitorEvent = message.Type switch
            {
                NetlinkMessageType.NewLink => RtnetlinkDecoder.ReadLink(message.Payload) is { } link ? new LinkChanged(link) : null,
                NetlinkMessageType.DeleteLink => RtnetlinkDecoder.ReadLink(message.Payload) is { } link ? new LinkRemoved(link) : null,
                NetlinkMessageType.NewAddress => RtnetlinkDecoder.ReadAddress(message.Payload) is { } address ? new AddressAdded(address) : null,
                NetlinkMessageType.DeleteAddress => RtnetlinkDecoder.ReadAddress(message.Payload) is { } address ? new AddressRemoved(address) : null,
                _ => null,
            };
            if (monitorEvent is not null)
            {
                events.Add(monitorEvent);
            }
        }
    }

    /// <summary>
    /// Returns the datagram length, or -1 when the kernel reported lost notifications. In that case
    /// the stale notifications still queued are dropped first: the kernel only resumes delivery
    /// once the queue is empty, so a consumer that re-dumps on <see cref="EventsLost"/> must not
    /// do so while changes are still being discarded.
    /// </summary>
    private async ValueTask<int> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _socket.ReceiveAsync(_buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
        {
            _socket.DiscardQueued();
            return -1;
        }
    }
}
