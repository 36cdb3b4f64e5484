using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;

namespace HaVrrp.Engine.Tests.Protocol;

/// <summary>The phrases operators grep for, exactly as keepalived-log-sample.txt shows them.</summary>
public class VrrpLogEventTests
{
    private static readonly VrrpAddress Peer = VrrpAddress.Parse("10.99.0.12");

    public static TheoryData<VrrpLogEvent, string> KeepalivedPhrases => new()
    {
        { new(VrrpLogEventKind.EnteringBackupStateAtStartup), "(VI_1) Entering BACKUP STATE (init)" },
        { new(VrrpLogEventKind.EnteringBackupState), "(VI_1) Entering BACKUP STATE" },
        { new(VrrpLogEventKind.EnteringMasterState), "(VI_1) Entering MASTER STATE" },
        { new(VrrpLogEventKind.EnteringFaultState), "(VI_1) Entering FAULT STATE" },
        { new(VrrpLogEventKind.SettingVirtualAddresses), "(VI_1) setting VIPs." },
        { new(VrrpLogEventKind.RemovingVirtualAddresses), "(VI_1) removing VIPs." },
        { new(VrrpLogEventKind.SentPriorityZero), "(VI_1) sent 0 priority" },
        { new(VrrpLogEventKind.ReceiveAdvertTimeout), "(VI_1) Receive advertisement timeout" },
        { new(VrrpLogEventKind.BackupReceivedPriorityZero), "(VI_1) Backup received priority 0 advertisement" },
        { new(VrrpLogEventKind.BackupReceivedLowerPriority, Peer, 90), "(VI_1) received lower priority (90) advert from 10.99.0.12 - discarding" },
        { new(VrrpLogEventKind.MasterReceivedHigherPriority, Peer, 90, 80), "(VI_1) Master received advert from 10.99.0.12 with higher priority 90, ours 80" },
        { new(VrrpLogEventKind.EffectivePriorityChanged, Value: 100, OtherValue: 80), "(VI_1) Changing effective priority from 100 to 80" },
    };

    [Theory]
    [MemberData(nameof(KeepalivedPhrases))]
    public void Format_MatchesKeepalivedsPhrase(VrrpLogEvent logEvent, string expected) =>
        Assert.Equal(expected, logEvent.Format("VI_1"));

    [Fact]
    public void EveryPhrase_AppearsInTheKeepalivedLogSample()
    {
        var sample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "keepalived", "keepalived-log-sample.txt"));

        foreach (var row in KeepalivedPhrases)
        {
            Assert.Contains((string)row[1], sample, StringComparison.Ordinal);
        }
    }
}
