using System.Net.Sockets;
using HaVrrp.Engine.Platform.Linux.Native;

namespace HaVrrp.Engine.Platform.Linux.Netlink;

/// <summary>
/// Adds, refreshes, removes and lists interface addresses through rtnetlink. Both changes are
/// idempotent, which is what a VRRP master needs: it re-applies its VIPs on every refresh without
/// first asking whether they are there.
/// </summary>
public sealed class AddressManager
{
    private const uint Forever = uint.MaxValue;

    private readonly NetlinkSocket _socket;

    public AddressManager(NetlinkSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
    }

    /// <summary>
    /// Adds the address, or when it exists already, replaces its lifetimes and flags
    /// (NLM_F_CREATE | NLM_F_REPLACE): calling this again before the valid lifetime runs out keeps
    /// the address alive.
    /// </summary>
    public void AddOrReplace(InterfaceAddressRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Span<byte> buffer = stackalloc byte[256];
        var writer = new NetlinkMessageWriter(
            buffer,
            NetlinkMessageType.NewAddress,
            NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge | NetlinkMessageFlags.Create | NetlinkMessageFlags.Replace);
        WriteAddress(ref writer, request);
        var isIPv4 = request.Family == AddressFamily.InterNetwork;
        if (isIPv4 && request.Broadcast is not null)
        {
            writer.WriteAttribute(AddressAttribute.Broadcast, request.Broadcast);
        }

        if (isIPv4 && request.Label is not null)
        {
            writer.WriteAttribute(AddressAttribute.Label, request.Label);
        }

        writer.WriteAttribute(AddressAttribute.Flags, (uint)request.Flags);
        // Sent even for "forever", so that replacing a finite address makes it permanent again.
        writer.WriteAttribute(AddressAttribute.CacheInfo, CacheInfo(request));

        if (request.Protocol != RouteProtocol.Unspecified)
        {
            writer.WriteAttribute(AddressAttribute.Protocol, request.Protocol);
        }

        _socket.Execute(writer.Complete(), $"RTM_NEWADDR {request}");
    }

    /// <summary>Removes the address; returns false when it was not there (not an error).</summary>
    public bool Delete(InterfaceAddressRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Span<byte> buffer = stackalloc byte[128];
        var writer = new NetlinkMessageWriter(
            buffer,
            NetlinkMessageType.DeleteAddress,
            NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge);

        // Only address and prefix identify it: sending a label would make IPv4 match on the label too.
        WriteAddress(ref writer, request);
        return _socket.Execute(writer.Complete(), $"RTM_DELADDR {request}", Errno.AddressNotAvailable) == 0;
    }

    /// <summary>Lists the addresses of every interface (RTM_GETADDR dump), optionally of one family.</summary>
    public IReadOnlyList<LinkAddress> List(AddressFamily family = AddressFamily.Unspecified)
    {
        var addresses = new List<LinkAddress>();
        Span<byte> buffer = stackalloc byte[64];
        for (var attempt = 1; ; attempt++)
        {
            addresses.Clear();
            var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.GetAddress, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump);
            writer.WriteAddressHeader(family, 0, 0, 0, 0);
            var complete = _socket.Query(writer.Complete(), "RTM_GETADDR dump", message =>
            {
                if (message.Type == NetlinkMessageType.NewAddress && RtnetlinkDecoder.ReadAddress(message.Payload) is { } address)
                {
                    addresses.Add(address);
                }
            });

            // An address changed mid-dump: the list may mix old and new state, so read it again.
            if (complete || attempt == 3)
            {
                return addresses;
            }
        }
    }

    private static void WriteAddress(ref NetlinkMessageWriter writer, InterfaceAddressRequest request)
    {
        var maximumPrefix = request.Family == AddressFamily.InterNetworkV6 ? 128 : 32;
        ArgumentOutOfRangeException.ThrowIfNegative(request.PrefixLength, nameof(request));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.PrefixLength, maximumPrefix, nameof(request));
        writer.WriteAddressHeader(request.Family, (byte)request.PrefixLength, (byte)request.Flags, (byte)request.Scope, request.InterfaceIndex);
        writer.WriteAttribute(AddressAttribute.Local, request.Address);
        writer.WriteAttribute(AddressAttribute.Address, request.Address);
    }

    /// <summary>struct ifa_cacheinfo, preferred lifetime first, in whole seconds (rounded up).</summary>
    private static byte[] CacheInfo(InterfaceAddressRequest request)
    {
        var valid = ToSeconds(request.ValidLifetime);
        var preferred = Math.Min(ToSeconds(request.PreferredLifetime ?? request.ValidLifetime), valid);
        var cacheInfo = new byte[16];
        BitConverter.TryWriteBytes(cacheInfo, preferred);
        BitConverter.TryWriteBytes(cacheInfo.AsSpan(4), valid);
        return cacheInfo;
    }

    private static uint ToSeconds(TimeSpan? lifetime)
    {
        if (lifetime is not { } value)
        {
            return Forever;
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, nameof(lifetime));
        return (uint)Math.Min(Math.Ceiling(value.TotalSeconds), Forever - 1);
    }
}
