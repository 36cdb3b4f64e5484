using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using HaVrrp.Engine.Tests.Configuration.Keepalived;
using HaVrrp.Engine.Configuration.Yaml;
using static HaVrrp.Engine.Tests.Configuration.Validation.ValidationFixtures;

namespace HaVrrp.Engine.Tests.Configuration;

/// <summary>keepalived's vrrp_rt_priority, vrrp_rlimit_rttime and vrrp_priority, read from both formats and checked.</summary>
public sealed class SchedulingConfigTests
{
    private const string Instance = """

        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            priority 100
            virtual_ipaddress { 10.0.0.100/24 }
        }
        """;

    [Fact]
    public void KeepalivedConf_ReadsTheSchedulingKeywords()
    {
        var (configuration, diagnostics) = KeepalivedTestSupport.Read("""
            global_defs {
                vrrp_rt_priority 50
                vrrp_rlimit_rttime 20000
                vrrp_priority -5
            }
            """ + Instance);

        Assert.Empty(diagnostics.Items);
        Assert.Equal(new SchedulingSettings { RealtimePriority = 50, RealtimeLimit = TimeSpan.FromMilliseconds(20), Nice = -5 },
            configuration.Global.Scheduling);
    }

    [Fact]
    public void KeepalivedConf_ReadsTheOldNameOfTheLimit()
    {
        var (configuration, diagnostics) = KeepalivedTestSupport.Read("global_defs {\n    vrrp_rlimit_rtime 30000\n}" + Instance);

        Assert.Empty(diagnostics.Items);
        Assert.Equal(TimeSpan.FromMilliseconds(30), configuration.Global.Scheduling.RealtimeLimit);
    }

    [Fact]
    public void WithoutTheKeywords_SchedulingIsNormalAndTheLimitHavrrpdsDefault()
    {
        var configuration = KeepalivedTestSupport.ReadClean(Instance);

        Assert.Equal(SchedulingSettings.Default, configuration.Global.Scheduling);
        Assert.Null(configuration.Global.Scheduling.RealtimePriority);
        Assert.Equal(TimeSpan.FromSeconds(1), configuration.Global.Scheduling.EffectiveRealtimeLimit);
    }

    [Fact]
    public void Yaml_ReadsTheSchedulingKeywords()
    {
        var diagnostics = new DiagnosticBag();
        var configuration = YamlConfigReader.ReadText("""
            global_defs:
              vrrp_rt_priority: 10
              vrrp_rlimit_rttime: 50000
              vrrp_priority: 3
            vrrp_instances:
              VI_1:
                interface: eth0
                virtual_router_id: 51
                priority: 100
                virtual_ipaddress: [ 10.0.0.100/24 ]
            """, "havrrp.yaml", diagnostics);

        Assert.Empty(diagnostics.Items);
        Assert.Equal(new SchedulingSettings { RealtimePriority = 10, RealtimeLimit = TimeSpan.FromMilliseconds(50), Nice = 3 },
            configuration.Global.Scheduling);
    }

    [Theory]
    [InlineData("vrrp_rt_priority 0", "keepalived.conf:2:22: error HV0166: vrrp_rt_priority 0 is out of range 1-99")]
    [InlineData("vrrp_rt_priority 100", "keepalived.conf:2:22: error HV0166: vrrp_rt_priority 100 is out of range 1-99")]
    [InlineData("vrrp_rlimit_rttime 0", "keepalived.conf:2:24: error HV0166: vrrp_rlimit_rttime 0 is out of range: give the CPU time in microseconds, at least 2")]
    [InlineData("vrrp_rlimit_rtime -4", "keepalived.conf:2:23: error HV0166: vrrp_rlimit_rttime -4 is out of range: give the CPU time in microseconds, at least 2")]
    [InlineData("vrrp_priority 20", "keepalived.conf:2:19: error HV0166: vrrp_priority 20 is out of range -20-19 (a nice value)")]
    public void OutOfRange_IsAnErrorAtTheValue(string line, string expected)
    {
        var configuration = KeepalivedTestSupport.Read($"global_defs {{\n    {line}\n}}" + Instance).Configuration;

        var diagnostic = Assert.Single(Validate(configuration, QuietHost), found => found.Code == "HV0166");
        Assert.Equal(expected, diagnostic.ToString());
    }

    [Fact]
    public void TheKeywords_SurviveConversionBothWays()
    {
        var scheduling = new SchedulingSettings { RealtimePriority = 99, RealtimeLimit = TimeSpan.FromMicroseconds(123457), Nice = -20 };
        var configuration = KeepalivedTestSupport.ReadClean(Instance) with
        {
            Global = new GlobalSettings { Scheduling = scheduling },
        };

        var keepalived = KeepalivedConfigWriter.Write(configuration);
        var yaml = YamlConfigWriter.Write(configuration);

        Assert.Contains("vrrp_rt_priority 99", keepalived, StringComparison.Ordinal);
        Assert.Contains("vrrp_rlimit_rttime 123457", keepalived, StringComparison.Ordinal);
        Assert.Contains("vrrp_rlimit_rttime: 123457", yaml, StringComparison.Ordinal);
        Assert.Equal(scheduling, KeepalivedTestSupport.ReadClean(keepalived).Global.Scheduling);
        var diagnostics = new DiagnosticBag();
        Assert.Equal(scheduling, YamlConfigReader.ReadText(yaml, "havrrp.yaml", diagnostics).Global.Scheduling);
    }
}
