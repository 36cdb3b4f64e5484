using System.Net;
using System.Text.Json;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;

namespace HaVrrp.Service.Tests;

/// <summary>keepalived's dump files as havrrpd writes them, from one instance's status.</summary>
public sealed class KeepalivedDumpFilesTests
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
        VirtualAddresses = ["10.0.0.100/24"],
        ExcludedVirtualAddresses = [],
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
        SplitBrainSuspected = false,
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

    [Fact]
    public void Stats_IsKeepalivedsStatsFile_WithTheRejectReasonsInItsCounters()
    {
        Assert.Equal(
            """
            VRRP Instance: VI_1
              Advertisements:
                Received: 3
                Sent: 40
              Became master: 1
              Released master: 0
              Packet Errors:
                Length: 6
                TTL: 4
                Invalid Type: 0
                Advertisement Interval: 0
                Address List: 2
              Authentication Errors:
                Invalid Type: 0
                Type Mismatch: 0
                Failure: 5
              Priority Zero:
                Received: 1
                Sent: 0

            """.ReplaceLineEndings("\n"),
            KeepalivedDumpFiles.Stats([Master]));
    }

    [Fact]
    public void Json_HasKeepalivedsFieldNames_StateNumbers_AndItsAddressForm()
    {
        var configuration = new HaVrrpConfiguration { Instances = [new VrrpInstanceConfig { Name = "VI_1", Interface = "eth0", DontTrackPrimary = true }] };

        using var document = JsonDocument.Parse(KeepalivedDumpFiles.Json([Master], configuration));

        var instance = Assert.Single(document.RootElement.EnumerateArray());
        var data = instance.GetProperty("data");
        Assert.Equal("VI_1", data.GetProperty("iname").GetString());
        Assert.Equal(2, data.GetProperty("state").GetInt32());
        Assert.Equal(2, data.GetProperty("wantstate").GetInt32());
        Assert.Equal(51, data.GetProperty("vrid").GetInt32());
        Assert.Equal(150, data.GetProperty("base_priority").GetInt32());
        Assert.Equal(130, data.GetProperty("effective_priority").GetInt32());
        Assert.Equal(1, data.GetProperty("dont_track_primary").GetInt32());
        Assert.Equal("10.0.0.100/24 dev eth0 scope global", data.GetProperty("vips")[0].GetString());
        Assert.False(data.TryGetProperty("evips", out _));
        Assert.Equal(Master.LastTransitionAt.ToUnixTimeSeconds(), data.GetProperty("last_transition").GetDouble());
        var stats = instance.GetProperty("stats");
        Assert.Equal(40, stats.GetProperty("advert_sent").GetInt64());
        Assert.Equal(4, stats.GetProperty("ip_ttl_err").GetInt64());
        Assert.Equal(5, stats.GetProperty("auth_failure").GetInt64());
    }

    [Fact]
    public void Paths_AreKeepalivedsDumpFileKeywords_ElseTmp()
    {
        var configured = new GlobalSettings { StateDumpFile = "/run/k/data", StatsDumpFile = "/run/k/stats", JsonDumpFile = "/run/k/json" };

        Assert.Equal("/tmp/keepalived.json", KeepalivedDumpFiles.PathOf(DumpKind.Json, new GlobalSettings()));
        Assert.Equal("/tmp/keepalived.data", KeepalivedDumpFiles.PathOf(DumpKind.Data, new GlobalSettings()));
        Assert.Equal("/run/k/stats", KeepalivedDumpFiles.PathOf(DumpKind.Stats, configured));
        Assert.Equal("/run/k/json", KeepalivedDumpFiles.PathOf(DumpKind.Json, configured));
    }
}
