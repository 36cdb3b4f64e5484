using System.Buffers.Binary;

namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>Writes the advertisements a local instance sends. No allocation: the caller owns the buffer.</summary>
public static class AdvertisementWriter
{
    /// <summary>
    /// Writes one advertisement into <paramref name="buffer"/> and returns its length. The source and destination
    /// are the IP addresses the packet will carry; they enter the checksum only when it includes a pseudo-header
    /// (VRRPv3), and for unicast the destination must be the real peer address, not the multicast group.
    /// </summary>
    public static int Write(
        Span<byte> buffer, AdvertisementProfile profile, byte priority, VrrpAddress source, VrrpAddress destination)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var length = profile.MessageLength;
        if (buffer.Length < length)
        {
            throw new ArgumentException($"The buffer needs {length} bytes.", nameof(buffer));
        }

        var message = buffer[..length];
        var addresses = profile.VirtualAddresses;
        message[0] = (byte)((profile.Version << 4) | Advertisement.AdvertisementType);
        message[1] = profile.VirtualRouterId;
        message[2] = priority;
        message[3] = (byte)addresses.Length;
        if (profile.Version == 2)
        {
            message[4] = (byte)profile.AuthenticationType;
            message[5] = (byte)(profile.AdvertIntervalCentiseconds / 100);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(message[4..], (ushort)profile.AdvertIntervalCentiseconds);
        }

        var offset = Advertisement.HeaderLength;
        foreach (var address in addresses)
        {
            offset += address.WriteTo(message[offset..]);
        }
        if (profile.Version == 2)
        {
            profile.AuthenticationData.CopyTo(message[offset..]);
        }

        var checksum = AdvertisementChecksum.Compute(message, profile.SendChecksumVariant, source, destination);
        BinaryPrimitives.WriteUInt16BigEndian(message[AdvertisementChecksum.FieldOffset..], checksum);
        return length;
    }
}
