using HaVrrp.Engine.Platform.Linux.Native;

namespace HaVrrp.Engine.Platform.Linux.Netlink;

/// <summary>Installs and removes routes through rtnetlink, tagged with HaVrrp's protocol number.</summary>
public sealed class RouteManager
{
    private readonly NetlinkSocket _socket;

    public RouteManager(NetlinkSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
    }

    /// <summary>Installs the route, replacing one with the same destination, table and metric.</summary>
    public void AddOrReplace(RouteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Span<byte> buffer = stackalloc byte[256];
        var writer = new NetlinkMessageWriter(
            buffer,
            NetlinkMessageType.NewRoute,
            NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge | NetlinkMessageFlags.Create | NetlinkMessageFlags.Replace);
        WriteRoute(ref writer, request);
        _socket.Execute(writer.Complete(), $"RTM_NEWROUTE {request}");
    }

    /// <summary>Removes the route; returns false when there was no such route (not an error).</summary>
    public bool Delete(RouteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Span<byte> buffer = stackalloc byte[256];
        var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.DeleteRoute, NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge);
        WriteRoute(ref writer, request);
        return _socket.Execute(writer.Complete(), $"RTM_DELROUTE {request}", Errno.NoSuchProcess) == 0;
    }

    private static void WriteRoute(ref NetlinkMessageWriter writer, RouteRequest request)
    {
        // rtm_table is one byte; larger table ids go in RTA_TABLE (sent always, as iproute2 does).
        var headerTable = request.Table < 256 ? (byte)request.Table : (byte)0;
        writer.WriteRouteHeader(
            request.Family,
            (byte)request.Destination.PrefixLength,
            headerTable,
            request.Protocol,
            (byte)request.EffectiveScope,
            request.Type);
        writer.WriteAttribute(RouteAttribute.Table, request.Table);
        if (request.Destination.PrefixLength > 0)
        {
            writer.WriteAttribute(RouteAttribute.Destination, request.Destination.BaseAddress);
        }

        if (request.Gateway is not null)
        {
            writer.WriteAttribute(RouteAttribute.Gateway, request.Gateway);
        }

        if (request.InterfaceIndex is { } index)
        {
            writer.WriteAttribute(RouteAttribute.OutputInterface, (uint)index);
        }

        if (request.PreferredSource is not null)
        {
            writer.WriteAttribute(RouteAttribute.PreferredSource, request.PreferredSource);
        }

        if (request.Metric is { } metric)
        {
            writer.WriteAttribute(RouteAttribute.Priority, metric);
        }
    }
}
