namespace HaVrrp.Engine.Platform.Linux;

/// <summary>Reads the interface table through rtnetlink (RTM_GETLINK).</summary>
public sealed class LinkManager
{
    private readonly NetlinkSocket _socket;

    public LinkManager(NetlinkSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
    }

    /// <summary>Every interface of the socket's network namespace.</summary>
    public IReadOnlyList<LinkInfo> List()
    {
        var links = new List<LinkInfo>();
        Span<byte> buffer = stackalloc byte[64];
        for (var attempt = 1; ; attempt++)
        {
            links.Clear();
            var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.GetLink, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump);
            writer.WriteLinkHeader(0);
            var complete = _socket.Query(writer.Complete(), "RTM_GETLINK dump", message =>
            {
                if (message.Type == NetlinkMessageType.NewLink && RtnetlinkDecoder.ReadLink(message.Payload) is { } link)
                {
                    links.Add(link);
                }
            });

            if (complete || attempt == 3)
            {
                return links;
            }
        }
    }

    /// <summary>Looks an interface up by name; null when there is none.</summary>
    public LinkInfo? Find(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Span<byte> buffer = stackalloc byte[64];
        var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.GetLink, NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge);
        writer.WriteLinkHeader(0);
        writer.WriteAttribute(LinkAttribute.InterfaceName, name);
        LinkInfo? found = null;
        try
        {
            _socket.Query(writer.Complete(), $"RTM_GETLINK dev {name}", message =>
            {
                if (message.Type == NetlinkMessageType.NewLink)
                {
                    found = RtnetlinkDecoder.ReadLink(message.Payload);
                }
            });
        }
        catch (NetlinkException exception) when (exception.ErrorNumber == Errno.NoSuchDevice)
        {
            return null;
        }

        return found;
    }

    /// <summary>The interface index for a name, for building requests; throws when there is no such interface.</summary>
    public int GetIndex(string name) =>
        Find(name)?.Index ?? throw new NetlinkException($"No network interface named '{name}' in this network namespace.");
}
