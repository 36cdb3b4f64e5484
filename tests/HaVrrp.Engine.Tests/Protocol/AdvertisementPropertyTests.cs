using FsCheck.Fluent;
using FsCheck;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Tests.Protocol;

/// <summary>Property-based round trips and fuzzing: whatever the writer produces the reader accepts unchanged,
/// and no sequence of bytes makes the reader or validator throw.</summary>
public sealed class AdvertisementPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    private sealed record Case(
        AdvertisementProfile Profile, byte Priority, VrrpAddress Source, VrrpAddress Destination, VrrpAddress[] Addresses)
    {
        public override string ToString() =>
            $"v{Profile.Version} vrid {Profile.VirtualRouterId} prio {Priority} int {Profile.AdvertInterval.TotalMilliseconds}ms " +
            $"auth {Profile.AuthenticationType} {Source} > {Destination} [{string.Join(", ", Addresses)}]";
    }

    private static Gen<VrrpAddress> AddressGen(bool isIPv6) =>
        Gen.ArrayOf(Gen.Choose(0, 255).Select(value => (byte)value), isIPv6 ? 16 : 4)
            .Select(bytes => VrrpAddress.FromBytes(bytes));

    private static readonly Gen<Case> CaseGen =
        from version in Gen.Elements(2, 3)
        from isIPv6 in version == 2 ? Gen.Constant(false) : Gen.Elements(false, true)
        from virtualRouterId in Gen.Choose(1, 255)
        from priority in Gen.Choose(0, 255)
        from interval in version == 2 ? Gen.Choose(1, 255).Select(seconds => seconds * 100) : Gen.Choose(1, 4095)
        from addressCount in Gen.Choose(0, 20)
        from addresses in Gen.ArrayOf(AddressGen(isIPv6), addressCount)
        from authenticationType in Gen.Elements(AdvertisementAuthenticationType.None, AdvertisementAuthenticationType.SimpleText)
        from password in Gen.Elements("", "a", "labpass1", "longer than eight")
        from checksumVariant in Gen.Elements(ChecksumVariant.PseudoHeader, ChecksumVariant.MessageOnly)
        from source in AddressGen(isIPv6)
        from destination in AddressGen(isIPv6)
        select new Case(
            new AdvertisementProfile(
                version,
                virtualRouterId,
                TimeSpan.FromMilliseconds(interval * 10),
                isIPv6,
                addresses,
                authenticationType,
                password)
            {
                IPv4ChecksumVariant = checksumVariant,
            },
            (byte)priority,
            source,
            destination,
            addresses);

    private static bool TryRead(Case @case, byte[] message, out AdvertisementPacket received) =>
        @case.Profile.IsIPv6
            ? AdvertisementPacket.TryReadPayload(message, @case.Source, @case.Destination, 255, out received, out _)
            : AdvertisementPacket.TryReadIPv4(
                TestPackets.IPv4(message, @case.Source, @case.Destination), out received, out _);

    [Fact]
    public void WrittenAdvert_ReadsBackWithTheSameFields_AndPassesItsOwnProfile() =>
        Prop.ForAll(CaseGen.ToArbitrary(), @case =>
        {
            var message = TestPackets.Message(@case.Profile, @case.Priority, @case.Source, @case.Destination);
            if (!TryRead(@case, message, out var received))
            {
                return false;
            }
            var advertisement = received.Advertisement;
            var addressesMatch = true;
            for (var index = 0; index < @case.Addresses.Length; index++)
            {
                addressesMatch &= advertisement.GetAddress(index) == @case.Addresses[index];
            }
            return advertisement.Version == @case.Profile.Version &&
                advertisement.VirtualRouterId == @case.Profile.VirtualRouterId &&
                advertisement.Priority == @case.Priority &&
                advertisement.AdvertInterval == @case.Profile.AdvertInterval &&
                advertisement.AuthenticationType == @case.Profile.AuthenticationType &&
                advertisement.AddressCount == @case.Addresses.Length &&
                addressesMatch &&
                received.ChecksumVariant == @case.Profile.SendChecksumVariant &&
                received.Source == @case.Source &&
                AdvertisementValidator.Validate(received, @case.Profile) == AdvertisementVerdict.Accepted;
        }).Check(Config);

    [Fact]
    public void WrittenAdvert_ReencodesToTheSameBytes() =>
        Prop.ForAll(CaseGen.ToArbitrary(), @case =>
        {
            var message = TestPackets.Message(@case.Profile, @case.Priority, @case.Source, @case.Destination);
            TryRead(@case, message, out var received);
            var again = new byte[message.Length];
            AdvertisementWriter.Write(again, @case.Profile, received.Advertisement.Priority, received.Source, received.Destination);
            return again.AsSpan().SequenceEqual(message);
        }).Check(Config);

    [Fact]
    public void AnySingleBitFlip_IsDetected_NeverThrows() =>
        Prop.ForAll(CaseGen.ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (@case, seed) =>
        {
            var message = TestPackets.Message(@case.Profile, @case.Priority, @case.Source, @case.Destination);
            var bit = seed % (message.Length * 8);
            message[bit / 8] ^= (byte)(1 << (bit % 8));
            // A single flipped bit always changes the ones'-complement sum, so the sent variant can no longer
            // match. Only v3 IPv4's other accepted variant may match by coincidence, and then it says so.
            return !TryRead(@case, message, out var received) ||
                received.ChecksumVariant != @case.Profile.SendChecksumVariant;
        }).Check(Config);

    [Fact]
    public void RandomBytes_NeverThrow_OnlyReject()
    {
        var random = new Random(5798);
        var profile = CaptureProfiles.Version2Pass();
        var ipv6Profile = CaptureProfiles.For("vrrp3-ipv6");
        for (var iteration = 0; iteration < 200_000; iteration++)
        {
            var bytes = new byte[random.Next(0, 120)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && iteration % 2 == 0)
            {
                // Make half of them look like IPv4 VRRP, so the fuzzing reaches past the IP header.
                bytes[0] = (byte)(0x40 | random.Next(5, 16));
                if (bytes.Length > 9)
                {
                    bytes[9] = Advertisement.IPProtocolNumber;
                }
                if (bytes.Length > 3)
                {
                    bytes[2] = 0;
                    bytes[3] = (byte)random.Next(0, bytes.Length + 1);
                }
            }

            if (AdvertisementPacket.TryReadIPv4(bytes, out var received, out var reason))
            {
                _ = AdvertisementValidator.Validate(received, profile);
            }
            else
            {
                Assert.NotEqual(AdvertisementRejectReason.None, reason);
            }
            if (AdvertisementPacket.TryReadPayload(
                bytes, TestPackets.PeerIPv6, TestPackets.MulticastGroupIPv6, 255, out received, out _))
            {
                _ = AdvertisementValidator.Validate(received, ipv6Profile);
            }
        }
    }
}
