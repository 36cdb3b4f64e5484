using HaVrrp.Engine.Platform.Linux.Native;

namespace HaVrrp.Engine.Platform.Linux.Netlink;

/// <summary>Installs and removes policy-routing rules (<c>ip rule</c>) through rtnetlink.</summary>
public sealed class RuleManager
{
    private const uint InvertFlag = 0x2;

    private readonly NetlinkSocket _socket;

    public RuleManager(NetlinkSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
    }

    /// <summary>
    /// Installs the rule; returns false when an identical one is there already. Unlike routes, the kernel keeps
    /// any number of identical rules, so the request is exclusive (as keepalived's) and a second add changes nothing.
    /// </summary>
    public bool Add(RuleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Span<byte> buffer = stackalloc byte[256];
        var writer = new NetlinkMessageWriter(
            buffer,
            NetlinkMessageType.NewRule,
            NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge | NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive);
        WriteRule(ref writer, request);
        return _socket.Execute(writer.Complete(), $"RTM_NEWRULE {request}", Errno.FileExists) == 0;
    }

    /// <summary>Removes the rule; returns false when there was no such rule (not an error).</summary>
    public bool Delete(RuleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Span<byte> buffer = stackalloc byte[256];
        var writer = new NetlinkMessageWriter(buffer, NetlinkMessageType.DeleteRule, NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge);
        WriteRule(ref writer, request);
        return _socket.Execute(writer.Complete(), $"RTM_DELRULE {request}", Errno.NoSuchFileOrDirectory) == 0;
    }

    internal static void WriteRule(ref NetlinkMessageWriter writer, RuleRequest request)
    {
        var looksUpTable = request.Action == RuleAction.ToTable && !request.L3mdev;

        // fib_rule_hdr.table is one byte; larger table ids go in FRA_TABLE (sent always, as iproute2 does).
        var headerTable = looksUpTable && request.Table < 256 ? (byte)request.Table : (byte)0;
        writer.WriteRuleHeader(
            request.Family,
            (byte)(request.Destination?.PrefixLength ?? 0),
            (byte)(request.Source?.PrefixLength ?? 0),
            request.Tos,
            headerTable,
            request.Action,
            request.Invert ? InvertFlag : 0);
        if (looksUpTable)
        {
            writer.WriteAttribute(RuleAttribute.Table, request.Table);
        }
        if (request.Source is { PrefixLength: > 0 } source)
        {
            writer.WriteAttribute(RuleAttribute.Source, source.BaseAddress);
        }
        if (request.Destination is { PrefixLength: > 0 } destination)
        {
            writer.WriteAttribute(RuleAttribute.Destination, destination.BaseAddress);
        }
        WriteOptional(ref writer, RuleAttribute.Priority, request.Priority);
        WriteOptional(ref writer, RuleAttribute.FirewallMark, request.FirewallMark);
        WriteOptional(ref writer, RuleAttribute.FirewallMask, request.FirewallMask);
        WriteOptional(ref writer, RuleAttribute.Flow, request.Flow);
        WriteOptional(ref writer, RuleAttribute.SuppressPrefixLength, (uint?)request.SuppressPrefixLength);
        WriteOptional(ref writer, RuleAttribute.SuppressInterfaceGroup, request.SuppressInterfaceGroup);
        if (request.InputInterfaceName is { } input)
        {
            writer.WriteAttribute(RuleAttribute.InputInterfaceName, input);
        }
        if (request.OutputInterfaceName is { } output)
        {
            writer.WriteAttribute(RuleAttribute.OutputInterfaceName, output);
        }
        if (request.TunnelId is { } tunnelId)
        {
            // The kernel keeps tunnel ids in network order (__be64).
            writer.WriteAttribute(RuleAttribute.TunnelId, System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(tunnelId));
        }
        if (request.UidRange is { } uids)
        {
            writer.WriteRangeAttribute(RuleAttribute.UidRange, uids.Start, uids.End, fieldSize: 4);
        }
        if (request.L3mdev)
        {
            writer.WriteAttribute(RuleAttribute.L3mdev, (byte)1);
        }
        if (request.Protocol is { } protocol)
        {
            writer.WriteAttribute(RuleAttribute.Protocol, protocol);
        }
        if (request.IpProtocol is { } ipProtocol)
        {
            writer.WriteAttribute(RuleAttribute.IpProtocol, ipProtocol);
        }
        if (request.SourcePorts is { } sourcePorts)
        {
            writer.WriteRangeAttribute(RuleAttribute.SourcePortRange, sourcePorts.Start, sourcePorts.End, fieldSize: 2);
        }
        if (request.DestinationPorts is { } destinationPorts)
        {
            writer.WriteRangeAttribute(RuleAttribute.DestinationPortRange, destinationPorts.Start, destinationPorts.End, fieldSize: 2);
        }
        if (request.Action == RuleAction.Goto && request.GotoTarget is { } target)
        {
            writer.WriteAttribute(RuleAttribute.Goto, target);
        }
    }

    private static void WriteOptional(ref NetlinkMessageWriter writer, ushort type, uint? value)
    {
        if (value is { } number)
        {
            writer.WriteAttribute(type, number);
        }
    }
}
