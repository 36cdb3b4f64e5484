using System.Buffers.Binary;
using HaVrrp.Engine.Platform.Linux.Native;
using HaVrrp.Engine.Protocol;

namespace HaVrrp.Engine.Platform.Linux.VrrpSocket;

/// <summary>
/// The IPv4 header around a VRRP message. On receive, raw IPv4 sockets always deliver it (raw(7)),
/// and it is where the TTL and source come from. On send we write it ourselves (IP_HDRINCL), as
/// keepalived does.
/// </summary>
internal static class RawVrrpSocketIPv4Header
{
    public const int Length = 20;
    public const byte TimeToLive = 255;

    /// <summary>
    /// Writes a 20-byte header: TOS 0xC0, TTL 255 (or a unicast instance's <c>unicast_ttl</c>), protocol 112. The
    /// identification and checksum are left zero: with IP_HDRINCL the kernel fills a zero identification and always
    /// computes the checksum (raw(7)).
    /// </summary>
    public static void Write(Span<byte> header, VrrpAddress source, VrrpAddress destination, int messageLength, byte timeToLive = TimeToLive)
    {
        header[..Length].Clear();
        header[0] = 0x45;                                   // version 4, 5 words of header
        header[1] = SocketOptionsLinux.InternetControlPrecedence;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(Length + messageLength));
        header[8] = timeToLive;
        header[9] = (byte)SocketOptionsLinux.VrrpProtocol;
        source.WriteTo(header[12..]);
        destination.WriteTo(header[16..]);
    }

    /// <summary>Reads a received datagram; false if it is not a whole IPv4 VRRP packet.</summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out VrrpAddress source, out VrrpAddress destination,
        out int timeToLive, out Range message)
    {
        source = default;
        destination = default;
        timeToLive = -1;
        message = default;
        if (datagram.Length < Length || datagram[0] >> 4 != 4)
        {
            return false;
        }
        var headerLength = (datagram[0] & 0x0F) * 4;
        var totalLength = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]), datagram.Length);
        if (headerLength < Length || totalLength < headerLength || datagram[9] != (byte)SocketOptionsLinux.VrrpProtocol)
        {
            return false;
        }
        timeToLive = datagram[8];
        source = VrrpAddress.FromBytes(datagram.Slice(12, 4));
        destination = VrrpAddress.FromBytes(datagram.Slice(16, 4));
        message = headerLength..totalLength;
        return true;
    }
}
