using System.Buffers.Binary;
using System.Net;

namespace HaVrrp.Engine.Tests.Linux;

/// <summary>
/// Hand-built VRRP messages for socket tests (RFC 3768 §5.1, RFC 5798 §5.1), independent of the
/// engine's codec so that a codec bug cannot hide a socket bug or the other way round.
/// </summary>
internal static class VrrpTestPacket
{
    /// <summary>v2 advert, no authentication: header, addresses, 8 zero bytes of auth data; checksum over the message.</summary>
    public static byte[] Version2(byte virtualRouterId, byte priority, byte advertisementIntervalSeconds, params IPAddress[] addresses)
    {
        var message = new byte[8 + (4 * addresses.Length) + 8];
        message[0] = 0x21; // version 2, type 1 (ADVERTISEMENT)
        message[1] = virtualRouterId;
        message[2] = priority;
        message[3] = (byte)addresses.Length;
        message[4] = 0; // auth type none
        message[5] = advertisementIntervalSeconds;
        WriteAddresses(message.AsSpan(8), addresses);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), InternetChecksum(message));
        return message;
    }

    /// <summary>v3 advert with a zero checksum (for IPv6 the kernel fills it in).</summary>
    public static byte[] Version3(byte virtualRouterId, byte priority, ushort maximumAdvertisementIntervalCentiseconds, params IPAddress[] addresses)
    {
        var addressLength = addresses.Length == 0 ? 4 : addresses[0].GetAddressBytes().Length;
        var message = new byte[8 + (addressLength * addresses.Length)];
        message[0] = 0x31;
        message[1] = virtualRouterId;
        message[2] = priority;
        message[3] = (byte)addresses.Length;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), (ushort)(maximumAdvertisementIntervalCentiseconds & 0x0FFF));
        WriteAddresses(message.AsSpan(8), addresses);
        return message;
    }

    private static void WriteAddresses(Span<byte> destination, IPAddress[] addresses)
    {
        foreach (var address in addresses)
        {
            address.TryWriteBytes(destination, out var written);
            destination = destination[written..];
        }
    }

    /// <summary>RFC 1071: ones'-complement of the ones'-complement sum of 16-bit words.</summary>
    public static ushort InternetChecksum(ReadOnlySpan<byte> data, uint partialSum = 0) =>
        (ushort)~Fold(Sum(data, partialSum));

    /// <summary>The ones'-complement sum of an IPv6 upper-layer packet with its pseudo-header (RFC 8200 §8.1).</summary>
    public static ushort IPv6Checksum(IPAddress source, IPAddress destination, byte nextHeader, ReadOnlySpan<byte> upperLayerPacket)
    {
        Span<byte> pseudoHeader = stackalloc byte[40];
        source.TryWriteBytes(pseudoHeader, out _);
        destination.TryWriteBytes(pseudoHeader[16..], out _);
        BinaryPrimitives.WriteUInt32BigEndian(pseudoHeader[32..], (uint)upperLayerPacket.Length);
        pseudoHeader[39] = nextHeader;
        return InternetChecksum(upperLayerPacket, Sum(pseudoHeader, 0));
    }

    private static uint Sum(ReadOnlySpan<byte> data, uint sum)
    {
        for (var index = 0; index + 1 < data.Length; index += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[index..]);
        }
        if (data.Length % 2 == 1)
        {
            sum += (uint)data[^1] << 8;
        }
        return sum;
    }

    private static uint Fold(uint sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return sum;
    }
}
