using System.Net;
using System.Net.NetworkInformation;
using System.Runtime.InteropServices;

namespace HaVrrp.Engine.Platform.Linux.Netlink;

/// <summary>Turns RTM_NEWLINK/RTM_NEWADDR (and DEL) payloads into records; shared by dumps and the monitor.</summary>
internal static class RtnetlinkDecoder
{
    private const int LinkHeaderLength = 16;
    private const int AddressHeaderLength = 8;
    private const uint Forever = uint.MaxValue;

    public static LinkInfo? ReadLink(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < LinkHeaderLength)
        {
            return null;
        }

        var index = MemoryMarshal.Read<int>(payload[4..]);
        var flags = (InterfaceFlags)MemoryMarshal.Read<uint>(payload[8..]);
        string name = string.Empty;
        var operationalState = LinkOperationalState.Unknown;
        var macAddress = PhysicalAddress.None;
        var mtu = 0;
        int? parentIndex = null;
        string? kind = null;
        MacvlanMode? macvlanMode = null;
        var attributes = new NetlinkAttributeReader(payload[LinkHeaderLength..]);
        while (attributes.TryRead(out var type, out var value))
        {
            switch (type)
            {
                case LinkAttribute.InterfaceName:
                    name = NetlinkAttributeReader.ReadString(value);
                    break;
                case LinkAttribute.Address:
                    macAddress = new PhysicalAddress(value.ToArray());
                    break;
                case LinkAttribute.Mtu:
                    mtu = (int)NetlinkAttributeReader.ReadUInt32(value);
                    break;
                case LinkAttribute.OperationalState when value.Length >= 1:
                    operationalState = (LinkOperationalState)value[0];
                    break;
                case LinkAttribute.Link:
                    parentIndex = (int)NetlinkAttributeReader.ReadUInt32(value);
                    break;
                case LinkAttribute.LinkInfo:
                    (kind, macvlanMode) = ReadLinkKind(value);
                    break;
            }
        }

        return new LinkInfo(index, name)
        {
            Flags = flags,
            OperationalState = operationalState,
            MacAddress = macAddress,
            Mtu = mtu,
            Kind = kind,
            ParentIndex = parentIndex,
            MacvlanMode = macvlanMode,
        };
    }

    /// <summary>IFLA_LINKINFO: the kind, and for a macvlan its mode from IFLA_INFO_DATA.</summary>
    private static (string? Kind, MacvlanMode? Mode) ReadLinkKind(ReadOnlySpan<byte> linkInfo)
    {
        string? kind = null;
        MacvlanMode? mode = null;
        var attributes = new NetlinkAttributeReader(linkInfo);
        while (attributes.TryRead(out var type, out var value))
        {
            if (type == LinkInfoAttribute.Kind)
            {
                kind = NetlinkAttributeReader.ReadString(value);
            }
            else if (type == LinkInfoAttribute.Data && kind == "macvlan")
            {
                var data = new NetlinkAttributeReader(value);
                while (data.TryRead(out var dataType, out var dataValue))
                {
                    if (dataType == MacvlanAttribute.Mode)
                    {
                        mode = (MacvlanMode)NetlinkAttributeReader.ReadUInt32(dataValue);
                    }
                }
            }
        }
        return (kind, mode);
    }

    public static LinkAddress? ReadAddress(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < AddressHeaderLength)
        {
            return null;
        }

        var prefixLength = payload[1];
        var flags = (InterfaceAddressFlags)payload[2];
        var scope = (RouteScope)payload[3];
        var index = MemoryMarshal.Read<int>(payload[4..]);
        IPAddress? address = null;
        IPAddress? local = null;
        IPAddress? broadcast = null;
        string? label = null;
        TimeSpan? valid = null;
        TimeSpan? preferred = null;
        byte protocol = 0;
        var attributes = new NetlinkAttributeReader(payload[AddressHeaderLength..]);
        while (attributes.TryRead(out var type, out var value))
        {
            switch (type)
            {
                case AddressAttribute.Address:
                    address = new IPAddress(value);
                    break;
                case AddressAttribute.Local:
                    local = new IPAddress(value);
                    break;
                case AddressAttribute.Broadcast:
                    broadcast = new IPAddress(value);
                    break;
                case AddressAttribute.Label:
                    label = NetlinkAttributeReader.ReadString(value);
                    break;
                case AddressAttribute.Flags:
                    // The 32-bit attribute supersedes the 8-bit header field.
                    flags = (InterfaceAddressFlags)NetlinkAttributeReader.ReadUInt32(value);
                    break;
                case AddressAttribute.CacheInfo when value.Length >= 8:
                    // struct ifa_cacheinfo { u32 ifa_prefered; u32 ifa_valid; u32 cstamp, tstamp; }: preferred first.
                    preferred = ToLifetime(MemoryMarshal.Read<uint>(value));
                    valid = ToLifetime(MemoryMarshal.Read<uint>(value[4..]));
                    break;
                case AddressAttribute.Protocol when value.Length >= 1:
                    protocol = value[0];
                    break;
            }
        }

        // For IPv4 IFA_LOCAL is the interface's own address and IFA_ADDRESS the peer (the same
        // unless point-to-point); IPv6 only sends IFA_ADDRESS.
        var own = local ?? address;
        if (own is null)
        {
            return null;
        }

        return new LinkAddress(index, own, prefixLength)
        {
            Label = label,
            Broadcast = broadcast,
            Scope = scope,
            Flags = flags,
            ValidLifetime = valid,
            PreferredLifetime = preferred,
            Protocol = protocol,
        };
    }

    private static TimeSpan? ToLifetime(uint seconds) => seconds == Forever ? null : TimeSpan.FromSeconds(seconds);
}
