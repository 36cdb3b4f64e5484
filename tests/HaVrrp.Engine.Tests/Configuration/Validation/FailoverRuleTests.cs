using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Tracking;
using static HaVrrp.Engine.Tests.Configuration.Validation.ValidationFixtures;

namespace HaVrrp.Engine.Tests.Configuration.Validation;

public sealed class FailoverRuleTests
{
    private static HaVrrpConfiguration Tracking(int priority, int weight) => Config(Instance() with
    {
        Priority = priority,
        TrackScripts = new([new TrackReference("chk_haproxy") { Source = MapAt(14, 9) }]),
    }) with
    {
        Scripts = new([new VrrpScriptConfig { Name = "chk_haproxy", Script = "/usr/bin/true", Weight = weight }]),
    };

    [Fact]
    public void MasterAt160WithWeightMinus2_IsWarnedThatTheFailureCanNeverFailOver()
    {
        AssertDiagnostic(Single(Tracking(160, -2)), DiagnosticSeverity.Warning, "HV0301",
            "chk_haproxy failing lowers VI_1 from 160 to 158, still above the assumed backup's 100: this failure can never cause a fail-over " +
            "(the peer's priority is not in this file; HaVrrp assumes keepalived's default, 100: only a peer at 158 or more would take over)",
            At(14, 9));
    }

    [Theory]
    [InlineData(101, -2)]
    [InlineData(150, -60)]
    [InlineData(160, 0)]
    [InlineData(100, -2)]
    public void WeightsThatCanBringTheMasterToTheAssumedBackup_AreNotWarned(int priority, int weight)
    {
        Assert.DoesNotContain(Validate(Tracking(priority, weight)), diagnostic => diagnostic.Code == "HV0301");
    }

    [Fact]
    public void AgainstThePeersADaemonHears_TheRealPriorityDecides()
    {
        // 160 - 65 = 95: fine against the assumed 100 in the file alone, a trap against a peer heard at 90.
        var config = Tracking(160, -65);
        Assert.DoesNotContain(Validate(config), diagnostic => diagnostic.Code == "HV0301");

        var diagnostic = Assert.Single(ConfigValidator.CheckFailoverAgainstPeers(config, new Dictionary<string, IReadOnlyList<PeerPriority>>
        {
            ["VI_1"] = [new PeerPriority("peer 10.0.0.12", 90)],
        }));

        AssertDiagnostic(diagnostic, DiagnosticSeverity.Warning, "HV0301",
            "chk_haproxy failing lowers VI_1 from 160 to 95, still above peer 10.0.0.12's 90: this failure can never cause a fail-over (priorities heard from the peers by the running daemon)",
            At(14, 9));
    }

    [Fact]
    public void AgainstPeers_AnInstanceWithoutAPeerHeard_IsLeftOut()
    {
        Assert.Empty(ConfigValidator.CheckFailoverAgainstPeers(Tracking(160, -2), new Dictionary<string, IReadOnlyList<PeerPriority>> { ["VI_1"] = [] }));
        Assert.Empty(ConfigValidator.CheckFailoverAgainstPeers(Tracking(160, -2), new Dictionary<string, IReadOnlyList<PeerPriority>>()));
    }
}
