using System.Buffers.Binary;

namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>
/// The RFC 1071 Internet checksum: a ones'-complement sum of 16-bit words. The sum is kept unfolded in 64 bits
/// while adding, which lets it take 32-bit words at a time (RFC 1071 §2(C): carries fold back the same way).
/// </summary>
internal static class Checksum
{
    /// <summary>Adds <paramref name="data"/> as big-endian words; an odd last byte is padded with a zero.</summary>
    public static ulong Add(ulong sum, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(data);
            data = data[4..];
        }
        if (data.Length >= 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data);
            data = data[2..];
        }
        if (!data.IsEmpty)
        {
            sum += (uint)data[0] << 8;
        }
        return sum;
    }

    /// <summary>Folds the carries back in; a buffer that carries its own correct checksum folds to 0xFFFF.</summary>
    public static ushort Fold(ulong sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)sum;
    }

    /// <summary>The value to store in a checksum field: the complement of the folded sum.</summary>
    public static ushort Complete(ulong sum) => (ushort)~Fold(sum);
}
