using System.Buffers.Binary;

namespace HaVrrp.Engine.Protocol;

/// <summary>The RFC 1071 Internet checksum: a ones'-complement sum of 16-bit words, kept unfolded while adding.</summary>
internal static class Checksum
{
    /// <summary>Adds <paramref name="data"/> as big-endian 16-bit words; an odd last byte is padded with a zero.</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        var index = 0;
        for (; index + 1 < data.Length; index += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[index..]);
        }
        if (index < data.Length)
        {
            sum += (uint)data[index] << 8;
        }
        return sum;
    }

    /// <summary>Folds the carries back in; a buffer that carries its own correct checksum folds to 0xFFFF.</summary>
    public static ushort Fold(uint sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)sum;
    }

    /// <summary>The value to store in a checksum field: the complement of the folded sum.</summary>
    public static ushort Complete(uint sum) => (ushort)~Fold(sum);
}
