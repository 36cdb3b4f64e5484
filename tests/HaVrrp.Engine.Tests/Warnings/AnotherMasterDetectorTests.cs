using System.Net;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Warnings;

namespace HaVrrp.Engine.Tests.Warnings;

public sealed class AnotherMasterDetectorTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly IPAddress Low = IPAddress.Parse("10.0.0.2");

    [Fact]
    public void LowerMaster_ThatYieldsAfterItsNextAdvert_RaisesNothing()
    {
        var detector = new AnotherMasterDetector();

        detector.OnAdvert(TimeSpan.Zero, Low, 100, Second, VrrpState.Master);
        detector.OnAdvert(Second, Low, 100, Second, VrrpState.Master);

        Assert.Empty(detector.Warnings(2 * Second, ourPriority: 150));
    }

    [Fact]
    public void LowerMaster_AdvertisingForMoreThanThreeOfItsIntervals_DoesNotHearUs()
    {
        var detector = new AnotherMasterDetector();
        for (var advert = 0; advert <= 3; advert++)
        {
            detector.OnAdvert(advert * Second, Low, 100, Second, VrrpState.Master);
        }
        Assert.Empty(detector.Warnings(3 * Second, 150));

        detector.OnAdvert(4 * Second, Low, 100, Second, VrrpState.Master);

        var warning = Assert.Single(detector.Warnings(4 * Second, 150));
        Assert.Equal(InstanceWarningCode.AnotherMaster, warning.Code);
        Assert.Equal(Low, warning.PeerAddress);
        Assert.Equal(100, warning.PeerPriority);
        Assert.Equal(TimeSpan.Zero, warning.Since);
        Assert.Contains("10.0.0.2 keeps advertising as MASTER (priority 100) while this node is MASTER at 150", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Warning_ClearsWhenItsAdvertsStopForThreeIntervals_OrWhenWeAreNoLongerMaster()
    {
        var detector = new AnotherMasterDetector();
        for (var advert = 0; advert <= 4; advert++)
        {
            detector.OnAdvert(advert * Second, Low, 100, Second, VrrpState.Master);
        }
        Assert.Single(detector.Warnings(7 * Second, 150));
        Assert.Empty(detector.Warnings(7 * Second + TimeSpan.FromMilliseconds(1), 150));

        for (var advert = 10; advert <= 15; advert++)
        {
            detector.OnAdvert(advert * Second, Low, 100, Second, VrrpState.Master);
        }
        Assert.Single(detector.Warnings(15 * Second, 150));
        detector.OnState(VrrpState.Backup);
        Assert.Empty(detector.Warnings(15 * Second, 150));
    }

    [Fact]
    public void HigherMaster_MakesUsBackUp_SoItIsNeverARival_AndPriorityZeroIsARelease()
    {
        var detector = new AnotherMasterDetector();
        for (var advert = 0; advert <= 5; advert++)
        {
            detector.OnAdvert(advert * Second, Low, 200, Second, VrrpState.Backup);
        }
        Assert.Empty(detector.Warnings(5 * Second, 150));

        for (var advert = 0; advert <= 5; advert++)
        {
            detector.OnAdvert(advert * Second, Low, 100, Second, VrrpState.Master);
        }
        detector.OnAdvert(5 * Second, Low, Priority.Shutdown, Second, VrrpState.Master);
        Assert.Empty(detector.Warnings(5 * Second, 150));
    }
}
