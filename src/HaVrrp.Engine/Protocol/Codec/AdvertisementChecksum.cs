namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>Computes and verifies VRRP checksums, with or without the IPv4/IPv6 pseudo-header.</summary>
internal static class AdvertisementChecksum
{
    /// <summary>Offset of the checksum field in both VRRPv2 and VRRPv3 headers.</summary>
    public const int FieldOffset = 6;

    /// <summary>The checksum for <paramref name="covered"/>, treating its checksum field as zero.</summary>
    public static ushort Compute(
        ReadOnlySpan<byte> covered, ChecksumVariant variant, VrrpAddress source, VrrpAddress destination)
    {
        var sum = StartSum(covered.Length, variant, source, destination);
        sum = Checksum.Add(sum, covered[..FieldOffset]);
        sum = Checksum.Add(sum, covered[(FieldOffset + 2)..]);
        return Checksum.Complete(sum);
    }

    public static bool IsValid(
        ReadOnlySpan<byte> covered, ChecksumVariant variant, VrrpAddress source, VrrpAddress destination)
    {
        var sum = StartSum(covered.Length, variant, source, destination);
        return Checksum.Fold(Checksum.Add(sum, covered)) == 0xFFFF;
    }

    private static ulong StartSum(int length, ChecksumVariant variant, VrrpAddress source, VrrpAddress destination) =>
        variant == ChecksumVariant.PseudoHeader ? PseudoHeaderSum(length, source, destination) : 0;

    /// <summary>
    /// RFC 768-style IPv4 pseudo-header (source, destination, zero, protocol, 16-bit length) or the RFC 8200 §8.1
    /// IPv6 one (source, destination, 32-bit length, three zeros, next header). Zero octets add nothing, both
    /// layouts put the protocol in the low octet of a word, and a length added whole folds like its two 16-bit
    /// halves, so the sums differ only in the address sizes.
    /// </summary>
    private static ulong PseudoHeaderSum(int length, VrrpAddress source, VrrpAddress destination)
    {
        Span<byte> address = stackalloc byte[16];
        var sum = Checksum.Add(0, address[..source.WriteTo(address)]);
        sum = Checksum.Add(sum, address[..destination.WriteTo(address)]);
        return sum + (uint)length + Advertisement.IPProtocolNumber;
    }
}
