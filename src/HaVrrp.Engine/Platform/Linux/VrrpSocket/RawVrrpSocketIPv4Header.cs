using System.Buffers.Binary;
using HaVrrp.Engine.Platform.Linux.Native;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Platform.Linux.VrrpSocket;

/// <summary>
/// The IPv4 header we put in front of a VRRP message on send (IP_HDRINCL), as keepalived does. On receive the
/// header is read by <see cref="IPv4Header"/>, the codec's one reader.
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
}
