using HaVrrp.Engine.Configuration;
using static HaVrrp.Engine.Tests.Configuration.Validation.ValidationFixtures;

namespace HaVrrp.Engine.Tests.Configuration.Validation;

/// <summary>HV0145-HV0147: vrrp_track_process blocks and the references to them.</summary>
public sealed class TrackProcessRuleTests
{
    private static TrackProcessConfig Block(string name = "haproxy", string process = "haproxy", int line = 2) =>
        new() { Name = name, Process = process, Source = MapAt(line).Set("process:value", At(line + 1, 13)) };

    [Fact]
    public void TrackProcessToAMisspeltBlock_IsAnErrorSuggestingTheNearestName()
    {
        var config = Config(Instance() with { TrackProcesses = new[] { new TrackReference("haproxi") { Source = MapAt(30, 9) } } }) with
        {
            TrackProcesses = new[] { Block() },
        };

        AssertDiagnostic(Single(config), DiagnosticSeverity.Error, "HV0145",
            "track_process haproxi refers to no vrrp_track_process (did you mean haproxy?)", At(30, 9));
    }

    [Fact]
    public void AQuorumMaxBelowTheQuorum_IsAnError()
    {
        var block = Block() with { Quorum = 2, QuorumMax = 1 };
        block.Source.Set("quorum_max:value", At(5, 16));

        AssertDiagnostic(Single(Config(Instance()) with { TrackProcesses = new[] { block } }), DiagnosticSeverity.Error, "HV0146",
            "vrrp_track_process haproxy quorum_max 1 is out of range 2 (the quorum) to 65535", At(5, 16));
    }

    [Fact]
    public void AWeightPastKeepalivedsRange_IsAnError()
    {
        var diagnostics = Validate(Config(Instance()) with { TrackProcesses = new[] { Block() with { Weight = 255 } } });

        Assert.Contains(diagnostics, d => d.Code == "HV0146" && d.Message == "vrrp_track_process haproxy weight 255 is out of range -254 to 254");
    }

    [Theory]
    [InlineData("/usr/sbin/nginx", "contains '/'")]
    [InlineData("a-very-long-daemon-name", "is longer than the kernel's 15-character process name")]
    public void ANameTheKernelsCommCanNeverHold_IsAWarning_UnlessTheFullCommandIsCompared(string process, string why)
    {
        var config = Config(Instance()) with { TrackProcesses = new[] { Block("p", process) } };

        AssertDiagnostic(Single(config), DiagnosticSeverity.Warning, "HV0147",
            $"vrrp_track_process p: process '{process}' {why}, so it never matches without full_command; add full_command to match the command line's first word",
            At(3, 13));
        Assert.Empty(Validate(config with { TrackProcesses = new[] { Block("p", process) with { FullCommand = true } } }));
    }
}
