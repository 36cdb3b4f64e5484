using System.Text.Json;
using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// keepalived's dump signals sent to a real havrrpd, as keepalived's monitoring sends them: SIGUSR1 (data), SIGUSR2
/// (stats) and the JSON signal (SIGRTMIN+2) each write their file and leave the daemon running (without a handler
/// each of them ended the process). The JSON file is read as keepalived exporters read it, and so is the one
/// keepalived writes in the same pair: both have the same fields of the same JSON kinds.
/// </summary>
public sealed class KeepalivedDumpFilesLabTests
{
    /// <summary>What the widely used keepalived exporters read from the JSON file.</summary>
    private static readonly (string Field, JsonValueKind Kind)[] DataFieldsExportersRead =
    [
        ("iname", JsonValueKind.String), ("state", JsonValueKind.Number), ("wantstate", JsonValueKind.Number),
        ("ifp_ifname", JsonValueKind.String), ("vrid", JsonValueKind.Number), ("base_priority", JsonValueKind.Number),
        ("effective_priority", JsonValueKind.Number), ("garp_delay", JsonValueKind.Number), ("vips", JsonValueKind.Array),
    ];

    private static readonly string[] StatsFieldsExportersRead =
    [
        "advert_rcvd", "advert_sent", "become_master", "release_master", "packet_len_err", "advert_interval_err",
        "ip_ttl_err", "invalid_type_rcvd", "addr_list_err", "invalid_authtype", "authtype_mismatch", "auth_failure",
        "pri_zero_rcvd", "pri_zero_sent",
    ];

    [RootFact]
    public async Task DumpSignals_WriteKeepalivedsFiles_AndTheDaemonCarriesOn_WithTheJsonShapedAsKeepalivedsIs()
    {
        var dumps = Directory.CreateTempSubdirectory("havrrp-dumps-").FullName;
        var dataPath = Path.Combine(dumps, "keepalived.data");
        var statsPath = Path.Combine(dumps, "keepalived.stats");
        var jsonPath = Path.Combine(dumps, "keepalived.json");
        const string KeepalivedJson = "/tmp/keepalived.json"; // keepalived 2.2 has no json_dump_file
        File.Delete(KeepalivedJson);
        using var pair = await VrrpPair.StartAsync(
            LabProfile.Version3,
            pair => pair.PreferredConfiguration() with
            {
                Global = pair.PreferredConfiguration().Global with { StateDumpFile = dataPath, StatsDumpFile = statsPath, JsonDumpFile = jsonPath },
            },
            pair => pair.OtherConfiguration(),
            DaemonImplementation.Havrrpd,
            DaemonImplementation.Keepalived);
        await pair.WaitForPreferredAsMasterAsync();
        var havrrpd = pair.Preferred;
        try
        {
            havrrpd.Process.Signal("USR1");
            havrrpd.Process.Signal("USR2");
            havrrpd.Process.Signal("RTMIN+2");
            pair.Other.Process.Signal("RTMIN+2");
            foreach (var path in new[] { dataPath, statsPath, jsonPath, KeepalivedJson })
            {
                await Eventually.WaitUntilAsync(() => File.Exists(path), exists => exists, VrrpPair.Deadline, path);
            }

            Assert.False(havrrpd.Process.HasExited, havrrpd.Transcript());
            Assert.Contains(" VRRP Instance = VI_1\n   VRRP Version = 3\n   State = MASTER\n", await File.ReadAllTextAsync(dataPath), StringComparison.Ordinal);
            Assert.StartsWith("VRRP Instance: VI_1\n  Advertisements:\n    Received: ", await File.ReadAllTextAsync(statsPath), StringComparison.Ordinal);
            var ours = Assert.Single(JsonDocument.Parse(await File.ReadAllTextAsync(jsonPath)).RootElement.EnumerateArray());
            var theirs = Assert.Single(JsonDocument.Parse(await File.ReadAllTextAsync(KeepalivedJson)).RootElement.EnumerateArray());
            foreach (var (field, kind) in DataFieldsExportersRead)
            {
                Assert.Equal(kind, theirs.GetProperty("data").GetProperty(field).ValueKind);
                Assert.Equal(kind, ours.GetProperty("data").GetProperty(field).ValueKind);
            }
            foreach (var field in StatsFieldsExportersRead)
            {
                Assert.Equal(JsonValueKind.Number, theirs.GetProperty("stats").GetProperty(field).ValueKind);
                Assert.Equal(JsonValueKind.Number, ours.GetProperty("stats").GetProperty(field).ValueKind);
            }
            // The same pair seen from both ends: havrrpd is master (2), keepalived backup (1) of the same VRID.
            Assert.Equal(2, ours.GetProperty("data").GetProperty("state").GetInt32());
            Assert.Equal(1, theirs.GetProperty("data").GetProperty("state").GetInt32());
            Assert.Equal(theirs.GetProperty("data").GetProperty("vrid").GetInt32(), ours.GetProperty("data").GetProperty("vrid").GetInt32());
            Assert.Equal(
                theirs.GetProperty("data").GetProperty("vips")[0].GetString()!.Split(' ')[0],
                ours.GetProperty("data").GetProperty("vips")[0].GetString()!.Split(' ')[0]);
        }
        finally
        {
            File.Delete(KeepalivedJson);
            Directory.Delete(dumps, recursive: true);
        }
    }
}
