using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace HaVrrp.Engine.Platform.Linux.Netlink;

/// <summary>
/// Builds one netlink request in a caller-provided buffer: the 16-byte nlmsghdr, one family
/// header (ifaddrmsg, rtmsg or ifinfomsg), then rtattr attributes. Netlink is in host byte order
/// and every part starts on a 4-byte boundary (NLMSG_ALIGN / RTA_ALIGN); addresses stay in
/// network order.
/// </summary>
internal ref struct NetlinkMessageWriter
{
    public const int HeaderLength = 16;
    public const int AttributeHeaderLength = 4;

    private readonly Span<byte> _buffer;
    private int _length;

    /// <remarks>
    /// The sequence number is left 0: <see cref="NetlinkSocket"/> stamps it when it sends, so a
    /// request is built without knowing which socket carries it. nlmsg_pid stays 0 too; the kernel
    /// knows the sender.
    /// </remarks>
    public NetlinkMessageWriter(Span<byte> buffer, NetlinkMessageType type, ushort flags)
    {
        _buffer = buffer;
        var header = Reserve(HeaderLength);
        MemoryMarshal.Write(header[4..], (ushort)type);
        MemoryMarshal.Write(header[6..], flags);
    }

    public static int Align(int length) => (length + 3) & ~3;

    /// <summary>struct ifaddrmsg { u8 family, prefixlen, flags, scope; u32 index; }.</summary>
    public void WriteAddressHeader(AddressFamily family, byte prefixLength, byte flags, byte scope, int interfaceIndex)
    {
        var header = Reserve(8);
        header[0] = (byte)ToLinuxFamily(family);
        header[1] = prefixLength;
        header[2] = flags;
        header[3] = scope;
        MemoryMarshal.Write(header[4..], interfaceIndex);
    }

    /// <summary>struct rtmsg { u8 family, dst_len, src_len, tos, table, protocol, scope, type; u32 flags; }.</summary>
    public void WriteRouteHeader(AddressFamily family, byte destinationLength, byte table, byte protocol, byte scope, RouteType type)
    {
        var header = Reserve(12);
        header[0] = (byte)ToLinuxFamily(family);
        header[1] = destinationLength;
        header[4] = table;
        header[5] = protocol;
        header[6] = scope;
        header[7] = (byte)type;
    }

    /// <summary>
    /// struct fib_rule_hdr { u8 family, dst_len, src_len, tos, table, res1, res2, action; u32 flags; }.
    /// </summary>
    public void WriteRuleHeader(AddressFamily family, byte destinationLength, byte sourceLength, byte tos, byte table, RuleAction action, uint flags)
    {
        var header = Reserve(12);
        header[0] = (byte)ToLinuxFamily(family);
        header[1] = destinationLength;
        header[2] = sourceLength;
        header[3] = tos;
        header[4] = table;
        header[7] = (byte)action;
        MemoryMarshal.Write(header[8..], flags);
    }

    /// <summary>struct ifinfomsg { u8 family, pad; u16 type; s32 index; u32 flags, change; }.</summary>
    public void WriteLinkHeader(int interfaceIndex, InterfaceFlags flags = InterfaceFlags.None, InterfaceFlags change = InterfaceFlags.None)
    {
        var header = Reserve(16);
        MemoryMarshal.Write(header[4..], interfaceIndex);
        MemoryMarshal.Write(header[8..], (uint)flags);
        MemoryMarshal.Write(header[12..], (uint)change);
    }

    /// <summary>Opens a nested attribute; the attributes written until <see cref="EndNested"/> go inside it.</summary>
    public int BeginNested(ushort type)
    {
        var start = _length;
        var header = Reserve(AttributeHeaderLength);
        MemoryMarshal.Write(header[2..], type);
        return start;
    }

    /// <summary>Closes the nested attribute <see cref="BeginNested"/> opened at <paramref name="start"/>: stamps its length.</summary>
    public readonly void EndNested(int start) =>
        MemoryMarshal.Write(_buffer[start..], (ushort)(_length - start));

    public void WriteAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        var attribute = Reserve(AttributeHeaderLength + value.Length);
        MemoryMarshal.Write(attribute, (ushort)(AttributeHeaderLength + value.Length));
        MemoryMarshal.Write(attribute[2..], type);
        value.CopyTo(attribute[AttributeHeaderLength..]);
    }

    public void WriteAttribute(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        MemoryMarshal.Write(bytes, value);
        WriteAttribute(type, bytes);
    }

    public void WriteAttribute(ushort type, byte value) => WriteAttribute(type, [value]);

    public void WriteAttribute(ushort type, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        MemoryMarshal.Write(bytes, value);
        WriteAttribute(type, bytes);
    }

    /// <summary>struct fib_rule_uid_range (two u32) or fib_rule_port_range (two u16), in host order.</summary>
    public void WriteRangeAttribute(ushort type, uint start, uint end, int fieldSize)
    {
        Span<byte> bytes = stackalloc byte[8];
        if (fieldSize == 2)
        {
            MemoryMarshal.Write(bytes, checked((ushort)start));
            MemoryMarshal.Write(bytes[2..], checked((ushort)end));
        }
        else
        {
            MemoryMarshal.Write(bytes, start);
            MemoryMarshal.Write(bytes[4..], end);
        }
        WriteAttribute(type, bytes[..(fieldSize * 2)]);
    }

    public void WriteAttribute(ushort type, IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        WriteAttribute(type, bytes[..written]);
    }

    /// <summary>Strings (labels, interface names) travel NUL-terminated.</summary>
    public void WriteAttribute(ushort type, string value)
    {
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(value.Length) + 1];
        var written = Encoding.UTF8.GetBytes(value, bytes);
        bytes[written] = 0;
        WriteAttribute(type, bytes[..(written + 1)]);
    }

    /// <summary>Stamps nlmsg_len and returns the finished message.</summary>
    public readonly Span<byte> Complete()
    {
        MemoryMarshal.Write(_buffer, (uint)_length);
        return _buffer[.._length];
    }

    private Span<byte> Reserve(int length)
    {
        var aligned = Align(length);
        if (_length + aligned > _buffer.Length)
        {
            throw new InvalidOperationException($"A netlink request does not fit in {_buffer.Length} bytes.");
        }

        var reserved = _buffer.Slice(_length, aligned);
        reserved.Clear();
        _length += aligned;
        return reserved[..length];
    }

    internal static int ToLinuxFamily(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => 2,
        AddressFamily.InterNetworkV6 => 10,
        AddressFamily.Unspecified => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "Only IPv4 and IPv6 are supported."),
    };

    internal static AddressFamily FromLinuxFamily(byte family) => family switch
    {
        2 => AddressFamily.InterNetwork,
        10 => AddressFamily.InterNetworkV6,
        _ => AddressFamily.Unknown,
    };
}
