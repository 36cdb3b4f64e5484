using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>
/// An IPv4 or IPv6 address as a value: no allocation, cheap to compare. RFC 5798 §6.4.3 breaks
/// priority ties on the primary address compared as an unsigned integer, which is what
/// <see cref="CompareTo"/> does within one family.
/// </summary>
public readonly record struct VrrpAddress : IComparable<VrrpAddress>
{
    private readonly UInt128 _value;

    private VrrpAddress(UInt128 value, bool isIPv6)
    {
        _value = value;
        IsIPv6 = isIPv6;
    }

    public bool IsIPv6 { get; }

    public AddressFamily Family => IsIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    /// <summary>Reads 4 (IPv4) or 16 (IPv6) bytes in network order.</summary>
    public static VrrpAddress FromBytes(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        4 => new VrrpAddress(BinaryPrimitives.ReadUInt32BigEndian(bytes), isIPv6: false),
        16 => new VrrpAddress(BinaryPrimitives.ReadUInt128BigEndian(bytes), isIPv6: true),
        _ => throw new ArgumentException("An address is 4 or 16 bytes.", nameof(bytes)),
    };

    public static VrrpAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return FromBytes(bytes[..written]);
    }

    public static VrrpAddress Parse(string text) => FromIPAddress(IPAddress.Parse(text));

    public int ByteLength => IsIPv6 ? 16 : 4;

    /// <summary>Writes the address in network order; returns the number of bytes written.</summary>
    public int WriteTo(Span<byte> destination)
    {
        if (IsIPv6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(destination, _value);
            return 16;
        }
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_value);
        return 4;
    }

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        var length = WriteTo(bytes);
        return new IPAddress(bytes[..length]);
    }

    /// <summary>Orders IPv4 before IPv6, then by numeric value.</summary>
    public int CompareTo(VrrpAddress other) =>
        IsIPv6 != other.IsIPv6 ? IsIPv6.CompareTo(other.IsIPv6) : _value.CompareTo(other._value);

    public static bool operator <(VrrpAddress left, VrrpAddress right) => left.CompareTo(right) < 0;

    public static bool operator >(VrrpAddress left, VrrpAddress right) => left.CompareTo(right) > 0;

    public static bool operator <=(VrrpAddress left, VrrpAddress right) => left.CompareTo(right) <= 0;

    public static bool operator >=(VrrpAddress left, VrrpAddress right) => left.CompareTo(right) >= 0;

    public override string ToString() => ToIPAddress().ToString();
}
