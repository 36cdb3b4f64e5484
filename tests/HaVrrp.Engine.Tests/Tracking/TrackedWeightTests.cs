using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Tests.Tracking;

public class TrackedWeightTests
{
    // keepalived.conf(5): +w adds while up; -w subtracts while down; reverse flips the sign and which
    // state counts; weight 0 faults (on down, or on up when reversed).
    [Theory]
    [InlineData(10, false, true, 10)]
    [InlineData(10, false, false, 0)]
    [InlineData(-10, false, true, 0)]
    [InlineData(-10, false, false, -10)]
    [InlineData(10, true, true, -10)]
    [InlineData(10, true, false, 0)]
    [InlineData(-10, true, true, 0)]
    [InlineData(-10, true, false, 10)]
    public void WeightedObject_AddsKeepalivedsDelta(int weight, bool reverse, bool isUp, int expectedDelta)
    {
        var effect = new TrackedWeight(weight, reverse).EffectWhen(isUp);

        Assert.Equal(TrackedEffect.Adjust(expectedDelta), effect);
        Assert.False(effect.Faults);
    }

    [Theory]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    public void WeightZero_FaultsOnDown_OrOnUpWhenReversed(bool reverse, bool isUp, bool faults)
    {
        Assert.Equal(faults, new TrackedWeight(0, reverse).EffectWhen(isUp).Faults);
    }

    [Fact]
    public void Reference_WithoutWeight_TakesTheObjectsWeightAndReverse()
    {
        var weight = TrackedWeight.Resolve(new TrackReference("chk"), objectWeight: -20, objectReverse: true);

        Assert.Equal(new TrackedWeight(-20, true), weight);
    }

    [Fact]
    public void Reference_WithWeight_OverridesTheWeightButKeepsTheObjectsReverse()
    {
        var weight = TrackedWeight.Resolve(new TrackReference("chk") { Weight = 5 }, objectWeight: -20, objectReverse: true);

        Assert.Equal(new TrackedWeight(5, true), weight);
    }

    [Fact]
    public void Reference_SayingNoreverse_OverridesTheObjectsReverse()
    {
        var weight = TrackedWeight.Resolve(new TrackReference("chk") { Weight = 5, Reverse = false }, objectWeight: -20, objectReverse: true);

        Assert.Equal(new TrackedWeight(5, false), weight);
    }
}
