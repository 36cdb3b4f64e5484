using System.Net.NetworkInformation;
using HaVrrp.Engine.Platform.Linux.Native;

namespace HaVrrp.Engine.Platform.Linux.Netlink;

/// <summary>
/// Reads the interface table through rtnetlink (RTM_GETLINK), and creates, changes and removes the macvlans of
/// <c>use_vmac</c> (RTM_NEWLINK, RTM_DELLINK).
/// </summary>
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

    /// <summary>
    /// Creates a macvlan on <paramref name="parentIndex"/> with <paramref name="macAddress"/>, left down so that its
    /// settings are in place before it comes up (<see cref="SetUp"/>). Fails with EEXIST when the name is taken.
    /// </summary>
    public void CreateMacvlan(string name, int parentIndex, PhysicalAddress macAddress, MacvlanMode mode)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(macAddress);
        Span<byte> buffer = stackalloc byte[256];
        var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.NewLink,
            NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge | NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive);
        writer.WriteLinkHeader(0);
        writer.WriteAttribute(LinkAttribute.InterfaceName, name);
        writer.WriteAttribute(LinkAttribute.Link, (uint)parentIndex);
        writer.WriteAttribute(LinkAttribute.Address, macAddress.GetAddressBytes());
        WriteMacvlanInfo(ref writer, mode);
        _socket.Execute(writer.Complete(), $"RTM_NEWLINK {name} link {parentIndex} type macvlan");
    }

    /// <summary>Gives an existing macvlan another MAC address and mode (one a previous run left with other settings).</summary>
    public void ChangeMacvlan(int index, PhysicalAddress macAddress, MacvlanMode mode)
    {
        ArgumentNullException.ThrowIfNull(macAddress);
        Span<byte> buffer = stackalloc byte[256];
        var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.NewLink, NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge);
        writer.WriteLinkHeader(index);
        writer.WriteAttribute(LinkAttribute.Address, macAddress.GetAddressBytes());
        WriteMacvlanInfo(ref writer, mode);
        _socket.Execute(writer.Complete(), $"RTM_NEWLINK ifindex {index} type macvlan");
    }

    /// <summary>
    /// Keeps the kernel from adding an EUI-64 link-local address when the link comes up (IN6_ADDR_GEN_MODE_NONE):
    /// every node's macvlan has the same MAC, so that address would be a duplicate on the segment (RFC 5798 §7.4).
    /// </summary>
    public void DisableIPv6AddressGeneration(int index)
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.NewLink, NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge);
        writer.WriteLinkHeader(index);
        var specific = writer.BeginNested(LinkAttribute.AddressFamilySpecific);
        var inet6 = writer.BeginNested((ushort)NetlinkMessageWriter.ToLinuxFamily(System.Net.Sockets.AddressFamily.InterNetworkV6));
        writer.WriteAttribute(Inet6LinkAttribute.AddressGenerationMode, Inet6LinkAttribute.AddressGenerationModeNone);
        writer.EndNested(inet6);
        writer.EndNested(specific);
        _socket.Execute(writer.Complete(), $"RTM_NEWLINK ifindex {index} addrgenmode none");
    }

    /// <summary>Brings the link administratively up (<c>ip link set up</c>).</summary>
    public void SetUp(int index)
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.NewLink, NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge);
        writer.WriteLinkHeader(index, InterfaceFlags.Up, InterfaceFlags.Up);
        _socket.Execute(writer.Complete(), $"RTM_NEWLINK ifindex {index} up");
    }

    /// <summary>Removes the link; false when it was already gone.</summary>
    public bool Delete(int index)
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.DeleteLink, NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge);
        writer.WriteLinkHeader(index);
        return _socket.Execute(writer.Complete(), $"RTM_DELLINK ifindex {index}", Errno.NoSuchDevice) == 0;
    }

    private static void WriteMacvlanInfo(ref NetlinkMessageWriter writer, MacvlanMode mode)
    {
        var info = writer.BeginNested(LinkAttribute.LinkInfo);
        writer.WriteAttribute(LinkInfoAttribute.Kind, "macvlan");
        var data = writer.BeginNested(LinkInfoAttribute.Data);
        writer.WriteAttribute(MacvlanAttribute.Mode, (uint)mode);
        writer.EndNested(data);
        writer.EndNested(info);
    }
}
