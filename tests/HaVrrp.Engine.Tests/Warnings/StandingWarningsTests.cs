using System.Net;
using HaVrrp.Engine.Tracking;
using HaVrrp.Engine.Warnings;

namespace HaVrrp.Engine.Tests.Warnings;

public sealed class StandingWarningsTests
{
    [Fact]
    public void CannotFailOver_CarriesTheCodeAndThePrioritiesItUsed()
    {
        WeightedObject[] tracked = [new(TrackedObjectKind.Script, "chk_haproxy", new TrackedWeight(-2, Reverse: false))];

        var warning = Assert.Single(StandingWarnings.CannotFailOver(TimeSpan.Zero, "VI_1", 160, tracked, IPAddress.Parse("10.0.0.2"), 99));

        Assert.Equal(InstanceWarningCode.CannotFailOver, warning.Code);
        Assert.Equal("HV0301", warning.DiagnosticCode);
        Assert.Equal("chk_haproxy", warning.TrackedObject);
        Assert.Equal(160, warning.Priority);
        Assert.Equal(158, warning.FailedPriority);
        Assert.Equal(99, warning.PeerPriority);
        Assert.Equal("10.0.0.2", warning.PeerAddress?.ToString());
        Assert.False(warning.IsSplitBrain);
        Assert.Equal("chk_haproxy failing lowers VI_1 from 160 to 158, still above peer 10.0.0.2's 99: this failure can never cause a fail-over", warning.Message);
        Assert.Contains("at least 59 lower", warning.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void CannotFailOver_BeforeAnyPeerIsHeard_AssumesABackupAtTheDefaultPriority_AsTheConfigurationCheckDoes()
    {
        WeightedObject[] tracked = [new(TrackedObjectKind.Script, "chk_haproxy", new TrackedWeight(2, Reverse: false))];

        var warning = Assert.Single(StandingWarnings.CannotFailOver(TimeSpan.Zero, "VI_1", 160, tracked, peer: null, 100));

        Assert.Null(warning.PeerAddress);
        Assert.Equal((162, 160, 100), (warning.Priority, warning.FailedPriority, warning.PeerPriority));
        Assert.Equal("chk_haproxy failing lowers VI_1 from 162 to 160, still above the assumed backup's 100: this failure can never cause a fail-over", warning.Message);
        Assert.Contains("no peer's priority heard yet", warning.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void CannotFailOver_IsEmptyWhenTheFailureMovesTheVip()
    {
        WeightedObject[] tracked = [new(TrackedObjectKind.Script, "chk_haproxy", new TrackedWeight(-70, Reverse: false))];

        Assert.Empty(StandingWarnings.CannotFailOver(TimeSpan.Zero, "VI_1", 160, tracked, IPAddress.Parse("10.0.0.2"), 99));
    }
}
