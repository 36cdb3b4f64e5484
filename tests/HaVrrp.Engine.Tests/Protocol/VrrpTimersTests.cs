using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using static HaVrrp.Engine.Tests.Protocol.RouterHarness;

namespace HaVrrp.Engine.Tests.Protocol;

public class VrrpTimersTests
{
    [Theory]
    [Trait("RFC", "9568 6.1")]
    [InlineData(90, 1_000_000, 648_437)]    // keepalived: 166 * 1 s / 256, truncated to the microsecond
    [InlineData(100, 1_000_000, 609_375)]
    [InlineData(200, 1_000_000, 218_750)]   // FRR's worked example (it rounds to 21 cs)
    [InlineData(255, 1_000_000, 3_906)]
    [InlineData(100, 500_000, 304_687)]
    public void SkewTime_IsTheRfcFormulaInWholeMicroseconds(int priority, long intervalMicroseconds, long expectedMicroseconds) =>
        Assert.Equal(Microseconds(expectedMicroseconds), VrrpTimers.SkewTime(priority, Microseconds(intervalMicroseconds)));

    [Fact]
    [Trait("RFC", "9568 6.1")]
    public void MasterDownInterval_IsThreeIntervalsPlusSkewTime() =>
        Assert.Equal(Microseconds(3_648_437), VrrpTimers.MasterDownInterval(90, TimeSpan.FromSeconds(1)));

    [Theory]
    [Trait("keepalived", "down_timer_adverts")]
    [InlineData(1, 1_648_437)]
    [InlineData(10, 10_648_437)]
    public void MasterDownInterval_CountsDownTimerAdvertsIntervals(int downTimerAdverts, long expectedMicroseconds) =>
        Assert.Equal(Microseconds(expectedMicroseconds), VrrpTimers.MasterDownInterval(90, TimeSpan.FromSeconds(1), downTimerAdverts));
}

public class PriorityTests
{
    [Theory]
    [InlineData(100, -20, 80)]
    [InlineData(100, -200, 1)]     // never 0: that means "master leaving"
    [InlineData(250, 20, 254)]     // never 255: only the owner is the owner
    [InlineData(255, -50, 255)]    // the owner is never changed
    [InlineData(1, 0, 1)]
    public void Effective_AddsWeightsAndClampsLikeKeepalived(int basePriority, int weights, int expected) =>
        Assert.Equal(expected, Priority.Effective(basePriority, weights));
}
