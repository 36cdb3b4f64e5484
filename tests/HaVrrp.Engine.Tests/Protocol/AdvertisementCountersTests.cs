using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Tests.Protocol;

public sealed class AdvertisementCountersTests
{
    [Fact]
    public void Counters_CountAcceptedPerChecksumVariant_RejectedPerReason_AndWarnings()
    {
        var counters = new AdvertisementCounters();

        counters.Record(AdvertisementVerdict.Accepted, ChecksumVariant.PseudoHeader);
        counters.Record(AdvertisementVerdict.Accepted, ChecksumVariant.MessageOnly);
        counters.Record(AdvertisementVerdict.AcceptedWith(AdvertisementWarning.AddressListMismatch), ChecksumVariant.PseudoHeader);
        counters.Record(AdvertisementVerdict.Rejected(AdvertisementRejectReason.AuthPasswordMismatch), ChecksumVariant.MessageOnly);
        counters.RecordRejected(AdvertisementRejectReason.BadChecksum);
        counters.RecordRejected(AdvertisementRejectReason.BadChecksum);

        Assert.Equal(3, counters.Accepted);
        Assert.Equal(2, counters.AcceptedWith(ChecksumVariant.PseudoHeader));
        Assert.Equal(1, counters.Warned(AdvertisementWarning.AddressListMismatch));
        Assert.Equal(1, counters.Rejected(AdvertisementRejectReason.AuthPasswordMismatch));
        Assert.Equal(2, counters.Rejected(AdvertisementRejectReason.BadChecksum));
        Assert.Equal(3, counters.TotalRejected);
    }

    [Fact]
    public void EveryRejectReason_HasItsOwnCounter()
    {
        var counters = new AdvertisementCounters();
        var reasons = Enum.GetValues<AdvertisementRejectReason>().Where(reason => reason != AdvertisementRejectReason.None).ToArray();

        foreach (var reason in reasons)
        {
            counters.RecordRejected(reason);
        }

        Assert.All(reasons, reason => Assert.Equal(1, counters.Rejected(reason)));
        Assert.Equal(reasons.Length, counters.TotalRejected);
    }

    [Fact]
    public void ReadingValidatingAndCountingCapturedAdverts_AllocatesNothing()
    {
        var packets = CapturedAdvertisement.CaptureNames
            .SelectMany(capture => CapturedAdvertisement.Read(capture).Select(packet => (packet, profile: CaptureProfiles.For(capture))))
            .ToArray();
        var counters = new AdvertisementCounters();
        var writeBuffer = new byte[64];

        void ProcessAll()
        {
            foreach (var (packet, profile) in packets)
            {
                if (packet.TryRead(out var received, out var reason))
                {
                    counters.Record(AdvertisementValidator.Validate(received, profile), received.ChecksumVariant);
                    AdvertisementWriter.Write(writeBuffer, profile, received.Advertisement.Priority, received.Source, received.Destination);
                }
                else
                {
                    counters.RecordRejected(reason);
                }
            }
        }

        ProcessAll(); // first calls run static constructors and the JIT
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 100; round++)
        {
            ProcessAll();
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(101 * packets.Length, counters.Accepted);
    }
}
