using System.Net;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Tracking;
using HaVrrp.PowerShell.Cluster;

namespace HaVrrp.PowerShell.Tests;

/// <summary>Test-VrrpCluster's rules, each with made-up nodes: what a pair reports in, which findings come out.</summary>
public sealed class ClusterAnalyserTests
{
    private static readonly IPAddress Lb1Address = IPAddress.Parse("10.0.0.11");
    private static readonly IPAddress Lb2Address = IPAddress.Parse("10.0.0.12");

    [Fact]
    public void HealthyPair_HasNoFindings()
    {
        var findings = ClusterAnalyser.Analyse([Master("lb1", 150), Backup("lb2", 100)]);

        Assert.Empty(findings);
        Assert.True(ClusterAnalyser.IsHealthy(findings));
    }

    [Fact]
    public void HealthyMaster_HearingNoOne_IsNeverFlagged()
    {
        // Backups do not advertise: a master's empty peer list is what a healthy pair looks like.
        var master = Master("lb1", 150) with { Peers = [] };

        Assert.DoesNotContain(ClusterAnalyser.Analyse([master, Backup("lb2", 100)]), f => f.Code == ClusterAnalyser.MasterNotHeard);
    }

    [Fact]
    public void TwoMasters_AreBothReported()
    {
        var findings = ClusterAnalyser.Analyse([Master("lb1", 150), Master("lb2", 100, Lb2Address)]);

        Assert.Equal(["lb1", "lb2"], Codes(findings, ClusterAnalyser.MultipleMasters).Select(f => f.ComputerName));
        Assert.All(Codes(findings, ClusterAnalyser.MultipleMasters), f => Assert.Equal(VrrpFindingSeverity.Error, f.Severity));
        Assert.False(ClusterAnalyser.IsHealthy(findings));
    }

    [Fact]
    public void NoMaster_IsOneFindingForTheSegment()
    {
        var finding = Assert.Single(ClusterAnalyser.Analyse([Backup("lb1", 150) with { MasterAddress = null }, Backup("lb2", 100) with { MasterAddress = null }]));

        Assert.Equal(ClusterAnalyser.NoMaster, finding.Code);
        Assert.Equal(string.Empty, finding.ComputerName);
        Assert.Contains("10.0.0.100", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DifferentVipSets_AreReportedOnTheNodeThatDiffersFromTheMaster()
    {
        var backup = Backup("lb2", 100) with { VirtualIPs = [IPAddress.Parse("10.0.0.100"), IPAddress.Parse("10.0.0.101")] };

        var finding = Assert.Single(ClusterAnalyser.Analyse([Master("lb1", 150), backup]));

        Assert.Equal(ClusterAnalyser.VirtualAddressMismatch, finding.Code);
        Assert.Equal("lb2", finding.ComputerName);
        Assert.Equal(VrrpFindingSeverity.Error, finding.Severity);
        Assert.Contains("10.0.0.101", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameVipsInAnotherOrder_AreNoMismatch()
    {
        var master = Master("lb1", 150) with { VirtualIPs = [IPAddress.Parse("10.0.0.100"), IPAddress.Parse("10.0.0.101")] };
        var backup = Backup("lb2", 100) with { VirtualIPs = [IPAddress.Parse("10.0.0.101"), IPAddress.Parse("10.0.0.100")] };

        Assert.Empty(ClusterAnalyser.Analyse([master, backup]));
    }

    [Fact]
    public void VersionAndIntervalMismatches_AreReported_IntervalOnlyAWarningInVersion3()
    {
        var findings = ClusterAnalyser.Analyse([Master("lb1", 150), Backup("lb2", 100) with { Version = 2, AdvertInterval = TimeSpan.FromSeconds(2) }]);
        Assert.Equal(VrrpFindingSeverity.Error, Assert.Single(Codes(findings, ClusterAnalyser.VersionMismatch)).Severity);
        Assert.Equal(VrrpFindingSeverity.Error, Assert.Single(Codes(findings, ClusterAnalyser.AdvertIntervalMismatch)).Severity);

        var v3 = ClusterAnalyser.Analyse([Master("lb1", 150), Backup("lb2", 100) with { AdvertInterval = TimeSpan.FromSeconds(2) }]);
        Assert.Equal(VrrpFindingSeverity.Warning, Assert.Single(v3).Severity);
        Assert.True(ClusterAnalyser.IsHealthy(v3));
    }

    [Fact]
    public void MasterAt160_WithScriptWeightMinus50_AgainstBackup99_CanNeverFailOver()
    {
        var master = Master("lb1", 160) with { TrackedObjects = [Script("chk_haproxy", -50)] };

        var finding = Assert.Single(ClusterAnalyser.Analyse([master, Backup("lb2", 99)]));

        Assert.Equal(ClusterAnalyser.FailoverImpossible, finding.Code);
        Assert.Equal("lb1", finding.ComputerName);
        Assert.Contains("110", finding.Message, StringComparison.Ordinal);
        Assert.Contains("99", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightThatReachesBelowTheBackup_IsNoTrap()
    {
        var master = Master("lb1", 160) with { TrackedObjects = [Script("chk_haproxy", -70)] };

        Assert.Empty(ClusterAnalyser.Analyse([master, Backup("lb2", 99)]));
    }

    [Fact]
    public void UnweightedTracking_FaultsTheMaster_SoItIsNoTrap()
    {
        var master = Master("lb1", 160) with { TrackedObjects = [Script("chk_haproxy", 0)] };

        Assert.Empty(ClusterAnalyser.Analyse([master, Backup("lb2", 99)]));
    }

    [Fact]
    public void BackupWithoutPreempt_CannotTakeOverALiveMaster_SoTheTrapCountsOnlyPreemptingBackups()
    {
        var master = Master("lb1", 160) with { TrackedObjects = [Script("chk_haproxy", -70)] };
        var preempting = Backup("lb2", 80);
        var nopreempt = Backup("lb3", 99) with { Preempt = false };

        var finding = Assert.Single(ClusterAnalyser.Analyse([master, preempting, nopreempt]));

        Assert.Equal(ClusterAnalyser.FailoverImpossible, finding.Code);
        Assert.Contains("80", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BackupFollowingAnotherAddress_DoesNotHearTheMaster()
    {
        var stray = Backup("lb2", 100) with { MasterAddress = IPAddress.Parse("10.0.0.99") };
        var deaf = Backup("lb3", 90) with { MasterAddress = null };

        var findings = Codes(ClusterAnalyser.Analyse([Master("lb1", 150), stray, deaf]), ClusterAnalyser.MasterNotHeard);

        Assert.Equal(["lb2", "lb3"], findings.Select(f => f.ComputerName));
        Assert.Contains("10.0.0.99", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SplitBrainWarningOfANode_IsAnError()
    {
        var master = Master("lb1", 150) with { Warnings = [("AddressConflict", "another node (02:00:00:00:00:02) answers for 192.0.2.10")] };

        var finding = Assert.Single(ClusterAnalyser.Analyse([master, Backup("lb2", 100)]));

        Assert.Equal(ClusterAnalyser.SplitBrainReported, finding.Code);
        Assert.Equal(VrrpFindingSeverity.Error, finding.Severity);
    }

    [Fact]
    public void AuthenticationRejections_AreAWarningOnTheNodeThatDroppedThem()
    {
        var backup = Backup("lb2", 100) with { Rejected = new Dictionary<string, long> { ["authPasswordMismatch"] = 7 } };

        var finding = Assert.Single(ClusterAnalyser.Analyse([Master("lb1", 150), backup]));

        Assert.Equal((ClusterAnalyser.AuthenticationMismatch, "lb2", VrrpFindingSeverity.Warning), (finding.Code, finding.ComputerName, finding.Severity));
        Assert.Contains("7", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FaultAndSingleNode_AreWarnings()
    {
        var fault = ClusterAnalyser.Analyse([Master("lb1", 150), Backup("lb2", 100) with { State = VrrpState.Fault }]);
        Assert.Equal(ClusterAnalyser.NodeInFault, Assert.Single(fault).Code);

        var single = ClusterAnalyser.Analyse([Master("lb1", 150)]);
        Assert.Equal(ClusterAnalyser.SingleNode, Assert.Single(single).Code);
        Assert.True(ClusterAnalyser.IsHealthy(single));
    }

    [Fact]
    public void VirtualRouters_AreCheckedApart_PerVridAndAddressFamily()
    {
        var v6Vip = IPAddress.Parse("fd00::100");
        var findings = ClusterAnalyser.Analyse(
        [
            Master("lb1", 150), Backup("lb2", 100),
            Master("lb1", 150) with { Name = "VI_6", VirtualIPs = [v6Vip], MasterAddress = IPAddress.Parse("fe80::11") },
            Master("lb2", 100) with { Name = "VI_6", VirtualIPs = [v6Vip], MasterAddress = IPAddress.Parse("fe80::12") },
        ]);

        Assert.Equal(2, Codes(findings, ClusterAnalyser.MultipleMasters).Count);
        Assert.All(findings, f => Assert.Equal("VI_6", f.Instance));
    }

    [Fact]
    public void DifferentNicNames_AreOneSegment_ButOneNodeOnTwoInterfacesIsTwo()
    {
        Assert.Empty(ClusterAnalyser.Analyse([Master("lb1", 150), Backup("lb2", 100) with { Interface = "ens4" }]));

        var twoSegments = ClusterAnalyser.Analyse(
        [
            Master("lb1", 150), Backup("lb2", 100),
            Master("lb1", 150) with { Name = "VI_2", Interface = "eth2" }, Backup("lb2", 100) with { Name = "VI_2", Interface = "eth2" },
        ]);
        Assert.Empty(twoSegments);
    }

    [Fact]
    public void DaemonsOnOneHost_AreNamedWithTheirSocket()
    {
        var first = Master("lab", 150) with { SocketPath = "/run/a.sock" };
        var second = Master("lab", 100, Lb2Address) with { SocketPath = "/run/b.sock" };

        var findings = Codes(ClusterAnalyser.Analyse([first, second]), ClusterAnalyser.MultipleMasters);

        Assert.Equal(["lab (/run/a.sock)", "lab (/run/b.sock)"], findings.Select(f => f.ComputerName));
    }

    private static List<VrrpClusterFinding> Codes(IEnumerable<VrrpClusterFinding> findings, string code) =>
        [.. findings.Where(f => f.Code == code)];

    private static WeightedObject Script(string name, int weight) => new(TrackedObjectKind.Script, name, new TrackedWeight(weight));

    private static ClusterMember Master(string computer, int priority, IPAddress? address = null) => Member(computer, priority) with
    {
        State = VrrpState.Master,
        MasterAddress = address ?? Lb1Address,
    };

    private static ClusterMember Backup(string computer, int priority) => Member(computer, priority) with
    {
        State = VrrpState.Backup,
        MasterAddress = Lb1Address,
        Peers = [new HeardPeer(Lb1Address, 150)],
    };

    private static ClusterMember Member(string computer, int priority) => new()
    {
        ComputerName = computer,
        SocketPath = "/run/havrrp/havrrpd.sock",
        Name = "VI_1",
        State = VrrpState.Backup,
        Priority = priority,
        BasePriority = priority,
        VirtualRouterId = 51,
        Interface = "eth1",
        Version = 3,
        AdvertInterval = TimeSpan.FromSeconds(1),
        VirtualIPs = [IPAddress.Parse("10.0.0.100")],
    };
}
