using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Tests.Tracking;

public class PriorityArithmeticTests
{
    private static readonly PeerPriority Backup99 = new("the backup", 99);

    [Theory]
    [InlineData(100, -150, 1)]
    [InlineData(100, 200, 254)]
    [InlineData(100, -20, 80)]
    [InlineData(255, -100, 255)]
    [InlineData(254, 0, 254)]
    public void EffectivePriority_ClampsTo1Through254_AndNeverMovesAnOwner(int basePriority, int weightSum, int expected)
    {
        Assert.Equal(expected, PriorityArithmetic.EffectivePriority(basePriority, weightSum));
    }

    [Fact]
    public void SmallNegativeWeightAgainstAFarLowerBackup_CanNeverFailOver()
    {
        var tracked = new[] { new WeightedObject(TrackedObjectKind.Script, "chk_haproxy", new TrackedWeight(-2)) };

        var warnings = PriorityArithmetic.NeverFailsOverWarnings("VI_1", 160, tracked, [Backup99]);

        Assert.Equal(
            ["chk_haproxy failing lowers VI_1 from 160 to 158, still above the backup's 99: this failure can never cause a fail-over"],
            warnings);
    }

    [Fact]
    public void PositiveWeightLost_IsMeasuredFromTheHealthyPriority()
    {
        var tracked = new[] { new WeightedObject(TrackedObjectKind.Script, "chk_haproxy", new TrackedWeight(2)) };

        var impact = Assert.Single(PriorityArithmetic.Analyse("VI_1", 160, tracked, [Backup99]));

        Assert.Equal(162, impact.HealthyPriority);
        Assert.Equal(160, impact.FailedPriority);
        Assert.False(impact.CanMoveVip);
    }

    [Fact]
    public void WeightBigEnough_MovesTheVip()
    {
        var tracked = new[] { new WeightedObject(TrackedObjectKind.Script, "chk_haproxy", new TrackedWeight(-70)) };

        var impact = Assert.Single(PriorityArithmetic.Analyse("VI_1", 160, tracked, [Backup99]));

        Assert.True(impact.CanMoveVip);
        Assert.Equal("chk_haproxy failing lowers VI_1 from 160 to 90, below the backup's 99: the backup takes over", impact.Explanation);
    }

    [Fact]
    public void FailureLandingOnTheBackupsPriority_MayMoveTheVipOnTheAddressTieBreak()
    {
        var tracked = new[] { new WeightedObject(TrackedObjectKind.Interface, "eth1", new TrackedWeight(-61)) };

        var impact = Assert.Single(PriorityArithmetic.Analyse("VI_1", 160, tracked, [Backup99]));

        Assert.True(impact.CanMoveVip);
        Assert.Contains("equal to the backup's 99", impact.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightZero_FaultsAndAlwaysMovesTheVip()
    {
        var tracked = new[] { new WeightedObject(TrackedObjectKind.Script, "chk", new TrackedWeight(0)) };

        var impact = Assert.Single(PriorityArithmetic.Analyse("VI_1", 160, tracked, [Backup99]));

        Assert.True(impact.Faults);
        Assert.Empty(PriorityArithmetic.NeverFailsOverWarnings("VI_1", 160, tracked, [Backup99]));
    }

    [Fact]
    public void SeveralHarmlessWeights_AlsoWarnWhenAllFailingTogetherCannotMoveTheVip()
    {
        var tracked = new[]
        {
            new WeightedObject(TrackedObjectKind.Script, "chk_a", new TrackedWeight(-5)),
            new WeightedObject(TrackedObjectKind.Script, "chk_b", new TrackedWeight(-5)),
        };

        var warnings = PriorityArithmetic.NeverFailsOverWarnings("VI_1", 160, tracked, [Backup99]);

        Assert.Equal(3, warnings.Count);
        Assert.Equal(
            "even with all 2 tracked objects failing, VI_1 stays at 150, above the backup's 99: tracking can never cause a fail-over",
            warnings[2]);
    }

    [Fact]
    public void BackupInstance_HasNothingToAnalyse()
    {
        var tracked = new[] { new WeightedObject(TrackedObjectKind.Script, "chk", new TrackedWeight(-2)) };

        Assert.Empty(PriorityArithmetic.Analyse("VI_1", 99, tracked, [new PeerPriority("the master", 160)]));
    }

    [Fact]
    public void StrongestPeer_IsTheOneCompared()
    {
        var tracked = new[] { new WeightedObject(TrackedObjectKind.Script, "chk", new TrackedWeight(-20)) };

        var impact = Assert.Single(PriorityArithmetic.Analyse("VI_1", 160, tracked, [Backup99, new PeerPriority("10.0.0.3", 150)]));

        Assert.True(impact.CanMoveVip);
        Assert.Contains("10.0.0.3's 150", impact.Explanation, StringComparison.Ordinal);
    }
}
