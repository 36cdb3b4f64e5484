using System.Buffers.Binary;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Tests.Protocol;

/// <summary>
/// One VRRP packet from a capture, in the shapes the raw sockets deliver: the whole IPv4 packet, or the IPv6
/// payload with the addresses and hop limit recvmsg would report.
/// </summary>
internal sealed record CapturedAdvertisement(
    string Capture,
    int FrameNumber,
    bool IsIPv6,
    byte[] IPv4Packet,
    byte[] Payload,
    VrrpAddress Source,
    VrrpAddress Destination,
    int HopLimit)
{
    private const int EthernetHeaderLength = 14;
    private const ushort EtherTypeIPv4 = 0x0800;
    private const ushort EtherTypeIPv6 = 0x86DD;
    private const int IPv6HeaderLength = 40;

    public static string CaptureDirectory => Path.Combine(AppContext.BaseDirectory, "TestData", "captures");

    public static IReadOnlyList<string> CaptureNames =>
        ["vrrp2-mcast-pass", "vrrp2-unicast-pass", "vrrp3-mcast", "vrrp3-unicast", "vrrp3-ipv6"];

    public static IReadOnlyList<CapturedAdvertisement> Read(string capture)
    {
        var frames = PcapReader.ReadFrames(Path.Combine(CaptureDirectory, capture + ".pcap"));
        var packets = new List<CapturedAdvertisement>();
        for (var index = 0; index < frames.Count; index++)
        {
            var packet = FromFrame(capture, index + 1, frames[index]);
            if (packet is not null)
            {
                packets.Add(packet);
            }
        }
        return packets;
    }

    public bool TryRead(out AdvertisementPacket received, out AdvertisementRejectReason reason) => IsIPv6
        ? AdvertisementPacket.TryReadPayload(Payload, Source, Destination, HopLimit, out received, out reason)
        : AdvertisementPacket.TryReadIPv4(IPv4Packet, out received, out reason);

    public override string ToString() => $"{Capture} frame {FrameNumber}";

    private static CapturedAdvertisement? FromFrame(string capture, int frameNumber, byte[] frame)
    {
        var etherType = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12));
        var ip = frame.AsSpan(EthernetHeaderLength);
        if (etherType == EtherTypeIPv4 && ip[9] == Advertisement.IPProtocolNumber)
        {
            var headerLength = (ip[0] & 0x0F) * 4;
            var totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
            return new CapturedAdvertisement(
                capture,
                frameNumber,
                IsIPv6: false,
                IPv4Packet: ip.ToArray(),
                Payload: ip[headerLength..totalLength].ToArray(),
                VrrpAddress.FromBytes(ip.Slice(12, 4)),
                VrrpAddress.FromBytes(ip.Slice(16, 4)),
                HopLimit: ip[8]);
        }
        if (etherType == EtherTypeIPv6 && ip[6] == Advertisement.IPProtocolNumber)
        {
            var payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
            return new CapturedAdvertisement(
                capture,
                frameNumber,
                IsIPv6: true,
                IPv4Packet: [],
                Payload: ip.Slice(IPv6HeaderLength, payloadLength).ToArray(),
                VrrpAddress.FromBytes(ip.Slice(8, 16)),
                VrrpAddress.FromBytes(ip.Slice(24, 16)),
                HopLimit: ip[7]);
        }
        return null;
    }
}
