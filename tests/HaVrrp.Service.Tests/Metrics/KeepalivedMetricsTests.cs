using System.Net;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Service.Metrics;

namespace HaVrrp.Service.Tests.Metrics;

/// <summary>The scrape as the keepalived exporters' dashboards read it: their names, labels and encodings.</summary>
public sealed class KeepalivedMetricsTests
{
    private static readonly InstanceInfo Master = new()
    {
        Name = "VI_1",
        Interface = "eth0",
        VirtualRouterId = 51,
        Version = 3,
        State = VrrpState.Master,
        BasePriority = 150,
        EffectivePriority = 130,
        Hold = InstanceHold.None,
        AdvertInterval = TimeSpan.FromSeconds(1),
        MasterAdvertInterval = TimeSpan.FromSeconds(1),
        VirtualAddresses = ["10.0.0.100/24", "10.0.1.100/24 dev eth1 scope link"],
        ExcludedVirtualAddresses = ["fe80::100/64"],
        MasterAddress = IPAddress.Parse("10.0.0.11"),
        MasterPriority = 130,
        IsAddressOwner = false,
        Preempt = true,
        PreemptDelay = TimeSpan.Zero,
        LastTransitionAt = new DateTimeOffset(2026, 12, 6, 20, 0, 0, TimeSpan.Zero),
        LastTransitionReason = VrrpTransitionReason.MasterDownTimerExpired,
        TransitionCount = 2,
        HoldsVirtualAddresses = true,
        IsHandingOver = false,
        IsWaitingForTracking = false,
        SplitBrainSuspected = true,
        Warnings = [],
        TrackedObjects = [],
        Peers = [],
        Statistics = new InstanceStatistics
        {
            AdvertsSent = 40,
            AdvertsReceived = 3,
            BecameMaster = 1,
            ReleasedMaster = 0,
            PriorityZeroSent = 0,
            PriorityZeroReceived = 1,
            AddressListMismatches = 2,
            Rejected = new Dictionary<string, long> { ["ttlNot255"] = 4, ["authPasswordMismatch"] = 5, ["tooShort"] = 6 },
        },
    };

    private static readonly InstanceInfo BackupWithoutVips = Master with
    {
        Name = "VI \"2\"",
        VirtualRouterId = 52,
        State = VrrpState.Backup,
        VirtualAddresses = [],
        ExcludedVirtualAddresses = [],
        SplitBrainSuspected = false,
    };

    private static ScriptInfo Script(string name, ScriptState status) => new()
    {
        Name = name,
        Command = "/bin/true",
        Status = status,
        Interval = TimeSpan.FromSeconds(2),
        Timeout = TimeSpan.FromSeconds(2),
        Weight = -20,
        WeightReverse = false,
        Rise = 1,
        Fall = 1,
        TrackedBy = ["VI_1"],
    };

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void State_IsOneSamplePerVip_InKeepalivedsEncoding_LabelledAsMehdysExporterDoes()
    {
        var lines = Lines(KeepalivedMetrics.Write([Master, BackupWithoutVips], []));

        Assert.Contains("keepalived_up 1", lines);
        Assert.Contains("keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"10.0.0.100/24\"} 2", lines);
        Assert.Contains("keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth1\",vrid=\"51\",ip_address=\"10.0.1.100/24\"} 2", lines);
        // No VIPs: still a state, with an empty address, so the instance does not vanish from the dashboard.
        Assert.Contains("keepalived_vrrp_state{iname=\"VI \\\"2\\\"\",intf=\"eth0\",vrid=\"52\",ip_address=\"\"} 1", lines);
        Assert.Contains("keepalived_vrrp_excluded_state{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"fe80::100/64\"} 2", lines);
    }

    [Fact]
    public void Counters_CarryBothExportersNames_WithKeepalivedsFoldedErrorCounts()
    {
        var lines = Lines(KeepalivedMetrics.Write([Master], []));

        Assert.Contains("keepalived_advertisements_sent_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 40", lines);
        Assert.Contains("keepalived_advertisements_received_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 3", lines);
        Assert.Contains("keepalived_become_master_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 1", lines);
        Assert.Contains("keepalived_release_master_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 0", lines);
        Assert.Contains("keepalived_ip_ttl_errors_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 4", lines);
        Assert.Contains("keepalived_authentication_failure_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 5", lines);
        Assert.Contains("keepalived_packet_length_errors_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 6", lines);
        Assert.Contains("keepalived_address_list_errors_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 2", lines);
        Assert.Contains("keepalived_priority_zero_received_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 1", lines);
        Assert.Contains("keepalived_vrrp_advert_sent{name=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"MASTER\"} 40", lines);
        Assert.Contains("keepalived_vrrp_advert_rcvd{name=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"MASTER\"} 3", lines);
        Assert.Contains("keepalived_vrrp_become_master{name=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"MASTER\"} 1", lines);
        Assert.Contains("keepalived_vrrp_ip_ttl_err{name=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"MASTER\"} 4", lines);
    }

    [Fact]
    public void HavrrpsOwn_AreThePrioritiesTransitionsAndSplitBrain()
    {
        var lines = Lines(KeepalivedMetrics.Write([Master, BackupWithoutVips], []));

        Assert.Contains("havrrp_vrrp_base_priority{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 150", lines);
        Assert.Contains("havrrp_vrrp_effective_priority{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 130", lines);
        Assert.Contains("havrrp_vrrp_transitions_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 2", lines);
        Assert.Contains("havrrp_vrrp_split_brain_suspected{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 1", lines);
        Assert.Contains("havrrp_vrrp_split_brain_suspected{iname=\"VI \\\"2\\\"\",intf=\"eth0\",vrid=\"52\"} 0", lines);
    }

    [Fact]
    public void ScriptStatus_IsGoodOneBadZero_AndAbsentBeforeItsFirstResult()
    {
        var lines = Lines(KeepalivedMetrics.Write([], [
            Script("chk_good", ScriptState.Good),
            Script("chk_bad", ScriptState.Bad),
            Script("chk_init_failed", ScriptState.InitFailed),
            Script("chk_waiting", ScriptState.Init),
            Script("chk_refused", ScriptState.Disabled),
        ]));

        Assert.Contains("keepalived_script_status{name=\"chk_good\"} 1", lines);
        Assert.Contains("keepalived_script_status{name=\"chk_bad\"} 0", lines);
        Assert.Contains("keepalived_script_status{name=\"chk_init_failed\"} 0", lines);
        Assert.DoesNotContain(lines, line => line.Contains("chk_waiting", StringComparison.Ordinal) || line.Contains("chk_refused", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryFamily_HasOneHelpAndOneTypeLine_BeforeItsSamples()
    {
        var lines = Lines(KeepalivedMetrics.Write([Master, BackupWithoutVips], [Script("chk", ScriptState.Good)]));
        var declared = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                current = line.Split(' ')[2];
                Assert.True(declared.Add(current), $"{current} declared twice");
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                Assert.Equal(current, line.Split(' ')[2]);
                Assert.Contains(line.Split(' ')[3], new[] { "gauge", "counter" });
            }
            else
            {
                var name = line[..line.IndexOfAny(['{', ' '])];
                Assert.Equal(current, name);
            }
        }
        Assert.Equal(36, declared.Count);
    }
}
