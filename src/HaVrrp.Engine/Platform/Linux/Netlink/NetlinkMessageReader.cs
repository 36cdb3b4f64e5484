using System.Runtime.InteropServices;
using System.Text;

namespace HaVrrp.Engine.Platform.Linux.Netlink;

/// <summary>One message of a netlink datagram: the decoded nlmsghdr and the bytes after it.</summary>
internal readonly ref struct NetlinkMessage
{
    public NetlinkMessage(NetlinkMessageType type, ushort flags, uint sequence, uint portId, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Flags = flags;
        Sequence = sequence;
        PortId = portId;
        Payload = payload;
    }

    public NetlinkMessageType Type { get; }

    public ushort Flags { get; }

    public uint Sequence { get; }

    public uint PortId { get; }

    public ReadOnlySpan<byte> Payload { get; }
}

/// <summary>
/// Walks the messages of one received datagram (a dump packs several in one). A length field that
/// runs past the datagram ends the walk instead of reading garbage.
/// </summary>
internal ref struct NetlinkMessageReader
{
    private ReadOnlySpan<byte> _remaining;

    public NetlinkMessageReader(ReadOnlySpan<byte> datagram) => _remaining = datagram;

    public bool TryRead(out NetlinkMessage message)
    {
        message = default;
        if (_remaining.Length < NetlinkMessageWriter.HeaderLength)
        {
            return false;
        }

        var length = MemoryMarshal.Read<uint>(_remaining);
        if (length < NetlinkMessageWriter.HeaderLength || length > _remaining.Length)
        {
            _remaining = default;
            return false;
        }

        message = new NetlinkMessage(
            (NetlinkMessageType)MemoryMarshal.Read<ushort>(_remaining[4..]),
            MemoryMarshal.Read<ushort>(_remaining[6..]),
            MemoryMarshal.Read<uint>(_remaining[8..]),
            MemoryMarshal.Read<uint>(_remaining[12..]),
            _remaining[NetlinkMessageWriter.HeaderLength..(int)length]);
        _remaining = _remaining[Math.Min(NetlinkMessageWriter.Align((int)length), _remaining.Length)..];
        return true;
    }
}

/// <summary>Walks rtattr (or nlattr) type-length-value entries.</summary>
internal ref struct NetlinkAttributeReader
{
    // NLA_F_NESTED and NLA_F_NET_BYTEORDER live in the top two bits of the type.
    private const ushort TypeMask = 0x3FFF;

    private ReadOnlySpan<byte> _remaining;

    public NetlinkAttributeReader(ReadOnlySpan<byte> attributes) => _remaining = attributes;

    public bool TryRead(out ushort type, out ReadOnlySpan<byte> value)
    {
        type = 0;
        value = default;
        if (_remaining.Length < NetlinkMessageWriter.AttributeHeaderLength)
        {
            return false;
        }

        var length = MemoryMarshal.Read<ushort>(_remaining);
        if (length < NetlinkMessageWriter.AttributeHeaderLength || length > _remaining.Length)
        {
            _remaining = default;
            return false;
        }

        type = (ushort)(MemoryMarshal.Read<ushort>(_remaining[2..]) & TypeMask);
        value = _remaining[NetlinkMessageWriter.AttributeHeaderLength..length];
        _remaining = _remaining[Math.Min(NetlinkMessageWriter.Align(length), _remaining.Length)..];
        return true;
    }

    public static uint ReadUInt32(ReadOnlySpan<byte> value) => value.Length >= 4 ? MemoryMarshal.Read<uint>(value) : 0;

    /// <summary>Reads a NUL-terminated string attribute.</summary>
    public static string ReadString(ReadOnlySpan<byte> value)
    {
        var end = value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? value : value[..end]);
    }
}
