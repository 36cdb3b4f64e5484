using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Tests.Tracking;

public class FileTrackerTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("5\n", 5)]
    [InlineData("  -12 trailing words", -12)]
    [InlineData("+7", 7)]
    [InlineData("0x10", 16)]
    [InlineData("010", 8)]
    [InlineData("09", 0)] // octal stops at 9, as strtol does
    [InlineData("0x", 0)]
    [InlineData("abc", 0)]
    [InlineData("", 0)]
    [InlineData("1000", 254)]
    [InlineData("-99999999999999999999", -254)]
    public void Parse_ReadsLikeStrtolWithBaseZero_ClampedTo254(string text, int expected)
    {
        Assert.Equal(expected, FileTracker.Parse(text));
    }

    [Theory]
    [InlineData(3, 1, 3)]
    [InlineData(3, 10, 30)]
    [InlineData(-2, 10, -20)]
    [InlineData(100, 10, 253)] // clamped to the largest change
    public void WeightedFile_AddsValueTimesWeight(int value, int weight, int expected)
    {
        Assert.Equal(TrackedEffect.Adjust(expected), FileTracker.EffectOf(value, new TrackedWeight(weight)));
    }

    [Fact]
    public void WeightedFile_ReversedSubtractsValueTimesWeight()
    {
        Assert.Equal(TrackedEffect.Adjust(-6), FileTracker.EffectOf(3, new TrackedWeight(2, Reverse: true)));
    }

    [Theory]
    [InlineData(-254, 1)]
    [InlineData(-100, 3)]
    [InlineData(-1, 254)]
    public void WeightedFile_ResultAtOrBelowMinus254_Faults(int value, int weight)
    {
        Assert.True(FileTracker.EffectOf(value, new TrackedWeight(weight)).Faults);
    }

    [Fact]
    public void WeightedFile_ResultOfMinus253_StillOnlyLowersThePriority()
    {
        Assert.Equal(TrackedEffect.Adjust(-253), FileTracker.EffectOf(-253, new TrackedWeight(1)));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(-5, true)]
    public void WeightZeroFile_NonZeroValueFaults(int value, bool faults)
    {
        var effect = FileTracker.EffectOf(value, new TrackedWeight(0));

        Assert.Equal(faults, effect.Faults);
        Assert.Equal(0, effect.PriorityDelta);
    }

    [Fact]
    public void Update_MissingFileReadsAsZero()
    {
        var tracker = new FileTracker(new TrackFileConfig { Name = "tf", File = "/run/tf" });
        Assert.True(tracker.Update("12", Now));

        Assert.True(tracker.Update(null, Now));

        Assert.Equal(0, tracker.Value);
    }

    [Fact]
    public void Update_SameValue_ReportsNoChange()
    {
        var tracker = new FileTracker(new TrackFileConfig { Name = "tf", File = "/run/tf" });
        tracker.Update("12", Now);

        Assert.False(tracker.Update("12\n", Now));
    }
}
