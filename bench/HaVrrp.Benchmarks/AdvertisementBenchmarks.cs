using BenchmarkDotNet.Attributes;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Benchmarks;

/// <summary>
/// The receive hot path: one IPv4 packet as the raw socket delivers it, read (IP header, structure, checksum)
/// and validated against the local instance. Packets mirror the keepalived captures.
/// </summary>
[MemoryDiagnoser]
public class AdvertisementBenchmarks
{
    private static readonly VrrpAddress Peer = VrrpAddress.Parse("10.99.0.11");
    private static readonly VrrpAddress Group = VrrpAddress.Parse("224.0.0.18");
    private static readonly VrrpAddress[] VirtualAddresses = [VrrpAddress.Parse("10.99.0.100")];

    private readonly AdvertisementProfile _version2Pass = new(
        2, 51, TimeSpan.FromSeconds(1), isIPv6: false, VirtualAddresses, AdvertisementAuthenticationType.SimpleText, "labpass1");

    private readonly AdvertisementProfile _version3 = new(3, 51, TimeSpan.FromSeconds(1), isIPv6: false, VirtualAddresses);

    private readonly AdvertisementCounters _counters = new();
    private readonly byte[] _writeBuffer = new byte[64];
    private byte[] _version2Packet = [];
    private byte[] _version3Packet = [];

    [GlobalSetup]
    public void Setup()
    {
        _version2Packet = IPv4Packet(_version2Pass);
        _version3Packet = IPv4Packet(_version3);
    }

    [Benchmark]
    public AdvertisementVerdict DecodeAndValidateAdvertV2Pass() => ReadValidateCount(_version2Packet, _version2Pass);

    [Benchmark]
    public AdvertisementVerdict DecodeAndValidateAdvertV3IPv4() => ReadValidateCount(_version3Packet, _version3);

    [Benchmark]
    public int WriteAdvertV3IPv4() => AdvertisementWriter.Write(_writeBuffer, _version3, 100, Peer, Group);

    private AdvertisementVerdict ReadValidateCount(byte[] packet, AdvertisementProfile profile)
    {
        if (!AdvertisementPacket.TryReadIPv4(packet, out var received, out var reason))
        {
            _counters.RecordRejected(reason);
            return AdvertisementVerdict.Rejected(reason);
        }
        var verdict = AdvertisementValidator.Validate(received, profile);
        _counters.Record(verdict, received.ChecksumVariant);
        return verdict;
    }

    private static byte[] IPv4Packet(AdvertisementProfile profile)
    {
        var packet = new byte[20 + profile.MessageLength];
        packet[0] = 0x45;
        packet[2] = (byte)(packet.Length >> 8);
        packet[3] = (byte)packet.Length;
        packet[8] = 255;
        packet[9] = Advertisement.IPProtocolNumber;
        Peer.WriteTo(packet.AsSpan(12));
        Group.WriteTo(packet.AsSpan(16));
        AdvertisementWriter.Write(packet.AsSpan(20), profile, 100, Peer, Group);
        return packet;
    }
}
