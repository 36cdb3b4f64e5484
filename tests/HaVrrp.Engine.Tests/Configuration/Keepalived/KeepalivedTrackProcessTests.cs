using HaVrrp.Engine.Configuration;
using static HaVrrp.Engine.Tests.Configuration.Keepalived.KeepalivedTestSupport;

namespace HaVrrp.Engine.Tests.Configuration.Keepalived;

/// <summary>vrrp_track_process and track_process as keepalived's parser reads them (vrrp_parser.c).</summary>
public sealed class KeepalivedTrackProcessTests
{
    [Fact]
    public void VrrpTrackProcess_EveryKeyword_IsRead()
    {
        var configuration = ReadClean("""
            vrrp_track_process haproxy {
                process /usr/sbin/haproxy -f /etc/haproxy/haproxy.cfg
                param_match partial
                weight -20 reverse
                quorum 2
                quorum_max 4
                terminate_delay 1.5
                fork_delay 2
            }
            """);

        Assert.Equal(
            new TrackProcessConfig
            {
                Name = "haproxy", Process = "/usr/sbin/haproxy", Parameters = new(["-f", "/etc/haproxy/haproxy.cfg"]),
                ParameterMatch = ProcessParameterMatch.Partial, FullCommand = true, Weight = -20, WeightReverse = true,
                Quorum = 2, QuorumMax = 4, TerminateDelay = TimeSpan.FromSeconds(1.5), ForkDelay = TimeSpan.FromSeconds(2),
            },
            configuration.TrackProcesses[0]);
    }

    [Fact]
    public void KeepalivedsImplications_ParametersMeanExact_BareParamMatchMeansExact_QuorumMaxZeroTakesTheQuorumToZero()
    {
        var configuration = ReadClean("""
            vrrp_track_process with_parameters {
                process sleep 1000
            }
            vrrp_track_process bare_match {
                process sleep
                param_match
            }
            vrrp_track_process must_not_run {
                process telnetd
                quorum_max 0
                delay 3
            }
            vrrp_track_process by_name {
                process nginx
            }
            """);

        Assert.Equal((ProcessParameterMatch.Exact, true), (configuration.TrackProcesses[0].ParameterMatch, configuration.TrackProcesses[0].FullCommand));
        Assert.Equal((ProcessParameterMatch.Exact, true), (configuration.TrackProcesses[1].ParameterMatch, configuration.TrackProcesses[1].FullCommand));
        var mustNotRun = configuration.TrackProcesses[2];
        Assert.Equal((0, (int?)0, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)),
            (mustNotRun.Quorum, mustNotRun.QuorumMax, mustNotRun.TerminateDelay, mustNotRun.ForkDelay));
        Assert.True(mustNotRun.IsQuorate(0));
        Assert.Equal(new TrackProcessConfig { Name = "by_name", Process = "nginx" }, configuration.TrackProcesses[3]);
    }

    [Fact]
    public void TrackProcess_InAnInstanceAndASyncGroup_IsAListOfReferences()
    {
        var configuration = ReadClean("""
            vrrp_track_process haproxy {
                process haproxy
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                track_process {
                    haproxy weight -30
                }
            }
            vrrp_instance VI_2 {
                interface eth0
                virtual_router_id 52
                priority 100
            }
            vrrp_sync_group SG_1 {
                group {
                    VI_1
                    VI_2
                }
                track_process {
                    haproxy
                }
            }
            """);

        Assert.Equal([new TrackReference("haproxy") { Weight = -30 }], configuration.Instances[0].TrackProcesses);
        Assert.Equal([new TrackReference("haproxy")], configuration.SyncGroups[0].TrackProcesses);
    }

    [Fact]
    public void AMissingProcessOrAnUnknownParamMatch_IsReported()
    {
        var (_, diagnostics) = Read("""
            vrrp_track_process nothing {
                weight 10
            }
            vrrp_track_process odd {
                process x
                param_match sometimes
            }
            """);

        Assert.Contains(diagnostics.Items, d => d.Code == "HV0023" && d.Message == "vrrp_track_process nothing needs a process");
        Assert.Contains(diagnostics.Items, d => d.Code == "HV0024" && d.Message == "param_match: 'sometimes' is not initial, partial or exact");
    }
}
