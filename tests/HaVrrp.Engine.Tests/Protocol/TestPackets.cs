using System.Buffers.Binary;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Tests.Protocol;

/// <summary>Builds packets the way a raw IPv4 socket would deliver them, for tests that need odd ones.</summary>
internal static class TestPackets
{
    public static readonly VrrpAddress Peer = VrrpAddress.Parse("10.99.0.12");
    public static readonly VrrpAddress MulticastGroup = VrrpAddress.Parse("224.0.0.18");
    public static readonly VrrpAddress PeerIPv6 = VrrpAddress.Parse("fe80::12");
    public static readonly VrrpAddress MulticastGroupIPv6 = VrrpAddress.Parse("ff02::12");

    public static byte[] Message(AdvertisementProfile profile, byte priority = 90) =>
        Message(profile, priority, profile.IsIPv6 ? PeerIPv6 : Peer, profile.IsIPv6 ? MulticastGroupIPv6 : MulticastGroup);

    public static byte[] Message(AdvertisementProfile profile, byte priority, VrrpAddress source, VrrpAddress destination)
    {
        var buffer = new byte[profile.MessageLength];
        AdvertisementWriter.Write(buffer, profile, priority, source, destination);
        return buffer;
    }

    /// <summary>A 20-byte IPv4 header (no options) in front of <paramref name="payload"/>.</summary>
    public static byte[] IPv4(
        byte[] payload,
        VrrpAddress? source = null,
        VrrpAddress? destination = null,
        byte timeToLive = 255,
        byte protocol = Advertisement.IPProtocolNumber)
    {
        var packet = new byte[20 + payload.Length];
        packet[0] = 0x45;
        packet[1] = 0xC0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = timeToLive;
        packet[9] = protocol;
        (source ?? Peer).WriteTo(packet.AsSpan(12));
        (destination ?? MulticastGroup).WriteTo(packet.AsSpan(16));
        payload.CopyTo(packet, 20);
        return packet;
    }

    /// <summary>Reads an IPv4 packet and validates it against <paramref name="profile"/> in one go.</summary>
    public static AdvertisementVerdict ReadAndValidate(byte[] ipv4Packet, AdvertisementProfile profile, bool checkAddresses = true) =>
        AdvertisementPacket.TryReadIPv4(ipv4Packet, out var received, out var reason)
            ? AdvertisementValidator.Validate(received, profile, checkAddresses)
            : AdvertisementVerdict.Rejected(reason);

    /// <summary>Recomputes the VRRP checksum after a test edited a field, so that only the edit is under test.</summary>
    public static byte[] WithChecksum(byte[] message, ChecksumVariant variant, VrrpAddress source, VrrpAddress destination)
    {
        message[6] = 0;
        message[7] = 0;
        var sum = 0u;
        if (variant == ChecksumVariant.PseudoHeader)
        {
            Span<byte> address = stackalloc byte[16];
            for (var i = 0; i < source.WriteTo(address); i += 2)
            {
                sum += BinaryPrimitives.ReadUInt16BigEndian(address[i..]);
            }
            for (var i = 0; i < destination.WriteTo(address); i += 2)
            {
                sum += BinaryPrimitives.ReadUInt16BigEndian(address[i..]);
            }
            sum += (uint)message.Length + Advertisement.IPProtocolNumber;
        }
        for (var i = 0; i < message.Length; i += 2)
        {
            sum += (uint)(message[i] << 8) | (i + 1 < message.Length ? message[i + 1] : 0u);
        }
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), (ushort)~sum);
        return message;
    }
}
