using System.Buffers.Binary;

namespace HaVrrp.Engine.Tests.Protocol;

/// <summary>
/// Reads classic libpcap files (not pcapng): a 24-byte global header, then per packet a 16-byte record header
/// and the captured bytes. The magic number tells the byte order and whether timestamps are micro- or
/// nanoseconds; the timestamps are not needed here.
/// </summary>
internal static class PcapReader
{
    public const uint LinkTypeEthernet = 1;

    public static IReadOnlyList<byte[]> ReadFrames(string path)
    {
        var file = File.ReadAllBytes(path);
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        var littleEndian = magic is 0xA1B2C3D4 or 0xA1B23C4D;
        var bigEndian = magic is 0xD4C3B2A1 or 0x4D3CB2A1;
        if (!littleEndian && !bigEndian)
        {
            throw new InvalidDataException($"{path} is not a classic pcap file.");
        }

        uint ReadUInt32(int offset) => littleEndian
            ? BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset))
            : BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset));

        if (ReadUInt32(20) != LinkTypeEthernet)
        {
            throw new InvalidDataException($"{path} is not an Ethernet capture.");
        }

        var frames = new List<byte[]>();
        var offset = 24;
        while (offset + 16 <= file.Length)
        {
            var capturedLength = (int)ReadUInt32(offset + 8);
            offset += 16;
            frames.Add(file.AsSpan(offset, capturedLength).ToArray());
            offset += capturedLength;
        }
        return frames;
    }
}
