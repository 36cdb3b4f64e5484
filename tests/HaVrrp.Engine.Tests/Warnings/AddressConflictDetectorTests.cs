using System.Net;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Warnings;

namespace HaVrrp.Engine.Tests.Warnings;

public sealed class AddressConflictDetectorTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MasterDown = TimeSpan.FromSeconds(3.6);
    private static readonly IPAddress Vip = IPAddress.Parse("10.0.0.100");
    private static readonly IPAddress Peer = IPAddress.Parse("10.0.0.2");
    private const string OtherMac = "02:00:0a:00:00:02";
    private const string OurMac = "02:00:0a:00:00:01";

    [Fact]
    public void Master_ProbesItsVipsEveryInterval_AfterAGraceOfOneInterval()
    {
        var detector = new AddressConflictDetector();
        detector.OnState(TimeSpan.Zero, VrrpState.Master);

        Assert.Null(detector.TakeProbeRound(Second));
        var round = detector.TakeProbeRound(2 * Second);

        Assert.NotNull(round);
        Assert.True(round.VirtualAddresses);
        Assert.Equal(4 * Second, detector.NextProbeAt);
    }

    [Fact]
    public void Master_AnotherMacAnsweringForAVip_IsASplitBrainNamedByThatMac_AndClearsAfterThreeQuietRounds()
    {
        var detector = new AddressConflictDetector();
        detector.OnState(TimeSpan.Zero, VrrpState.Master);

        detector.OnVirtualAddressClaim(3 * Second, Vip, OtherMac, isOwn: false);

        var warning = Assert.Single(detector.Warnings(3 * Second));
        Assert.Equal(InstanceWarningCode.AddressConflict, warning.Code);
        Assert.Equal(OtherMac, warning.HardwareAddress);
        Assert.Equal([Vip], warning.Addresses);
        Assert.Equal(3 * Second, warning.Since);
        Assert.True(warning.IsSplitBrain);
        Assert.Contains("split brain", warning.Message, StringComparison.Ordinal);
        Assert.Contains("unicast_peer", warning.Hint, StringComparison.Ordinal);

        Assert.Single(detector.Warnings(9 * Second));
        Assert.Empty(detector.Warnings(9 * Second + TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void OurOwnMac_IsNeverAConflict()
    {
        var detector = new AddressConflictDetector();
        detector.OnState(TimeSpan.Zero, VrrpState.Master);

        detector.OnVirtualAddressClaim(3 * Second, Vip, OurMac, isOwn: true);

        Assert.Empty(detector.Warnings(3 * Second));
    }

    [Fact]
    public void NewMaster_IgnoresAnswersDuringTheHandOverGrace_TheOldMasterDropsItsVipsWhenItHearsUs()
    {
        var detector = new AddressConflictDetector();
        detector.OnState(TimeSpan.Zero, VrrpState.Backup);
        detector.OnAdvertHeard(TimeSpan.Zero, Peer, MasterDown, VrrpState.Backup);
        detector.OnState(10 * Second, VrrpState.Master);

        detector.OnVirtualAddressClaim(10 * Second + TimeSpan.FromMilliseconds(50), Vip, OtherMac, isOwn: false);

        Assert.Empty(detector.Warnings(11 * Second));
    }

    [Fact]
    public void Backup_WithALiveMaster_ExpectsTheMasterToAnswer_AndOnlyProbesPeers()
    {
        var detector = new AddressConflictDetector();
        detector.OnState(TimeSpan.Zero, VrrpState.Backup);
        detector.OnAdvertHeard(Second, Peer, MasterDown, VrrpState.Backup);

        var round = detector.TakeProbeRound(2 * Second);
        detector.OnVirtualAddressClaim(2 * Second, Vip, OtherMac, isOwn: false);

        Assert.NotNull(round);
        Assert.False(round.VirtualAddresses);
        Assert.Equal([Peer], round.Peers);
        Assert.Empty(detector.Warnings(2 * Second));
    }

    [Fact]
    public void VanishedMaster_StillAnsweringFromItsMac_IsNamedWithItsAddress()
    {
        var detector = new AddressConflictDetector();
        detector.OnState(TimeSpan.Zero, VrrpState.Backup);
        detector.OnAdvertHeard(Second, Peer, MasterDown, VrrpState.Backup);
        detector.OnPeerClaim(Peer, OtherMac);
        // Its adverts stop (filtered); Master_Down fires and we take over.
        detector.OnState(Second + MasterDown, VrrpState.Master);

        var round = detector.TakeProbeRound(Second + MasterDown + 2 * Second);
        detector.OnVirtualAddressClaim(Second + MasterDown + 2 * Second, Vip, OtherMac, isOwn: false);

        Assert.True(round!.VirtualAddresses);
        var warning = Assert.Single(detector.Warnings(Second + MasterDown + 2 * Second));
        Assert.Equal(InstanceWarningCode.VanishedMasterAnswers, warning.Code);
        Assert.Equal(Peer, warning.PeerAddress);
        Assert.Equal(OtherMac, warning.HardwareAddress);
        Assert.Contains("master 10.0.0.2 went silent", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeldBackup_WhoseMasterWentSilent_ProbesTheVips_AndWarnsWhenTheyStillAnswer()
    {
        var detector = new AddressConflictDetector();
        detector.OnState(TimeSpan.Zero, VrrpState.Backup);
        detector.OnAdvertHeard(Second, Peer, MasterDown, VrrpState.Backup);
        detector.OnPeerClaim(Peer, OtherMac);

        var now = Second + MasterDown + Second;
        detector.TakeProbeRound(2 * Second);
        var round = detector.TakeProbeRound(now);
        detector.OnVirtualAddressClaim(now, Vip, OtherMac, isOwn: false);

        Assert.True(round!.VirtualAddresses);
        Assert.Equal(InstanceWarningCode.VanishedMasterAnswers, Assert.Single(detector.Warnings(now)).Code);

        // Its adverts come back: a live master answering is normal.
        detector.OnAdvertHeard(now + Second, Peer, MasterDown, VrrpState.Backup);
        Assert.Empty(detector.Warnings(now + Second));
    }

    [Fact]
    public void LeavingMaster_ClearsAtOnce_AndFaultOrStopProbesNothing()
    {
        var detector = new AddressConflictDetector();
        detector.OnState(TimeSpan.Zero, VrrpState.Master);
        detector.OnVirtualAddressClaim(3 * Second, Vip, OtherMac, isOwn: false);

        detector.OnState(4 * Second, VrrpState.Fault);

        Assert.Empty(detector.Warnings(4 * Second));
        Assert.Null(detector.NextProbeAt);

        detector.OnState(5 * Second, VrrpState.Master);
        detector.Stop();
        Assert.Null(detector.NextProbeAt);
        detector.OnState(6 * Second, VrrpState.Master);
        Assert.Null(detector.TakeProbeRound(10 * Second));
    }

    [Fact]
    public void PeerHeard_IsProbedToLearnItsMac_SoThatAConflictNamesIt()
    {
        var detector = new AddressConflictDetector();
        detector.OnState(TimeSpan.Zero, VrrpState.Master);
        // A lower master advertised once and yielded: heard, so probed.
        detector.OnAdvertHeard(Second, Peer, MasterDown, VrrpState.Master);
        Assert.Equal([Peer], detector.TakeProbeRound(2 * Second)!.Peers);
        detector.OnPeerClaim(Peer, OtherMac);

        detector.OnVirtualAddressClaim(2 * Second, Vip, OtherMac, isOwn: false);

        var warning = Assert.Single(detector.Warnings(2 * Second));
        Assert.Equal(Peer, warning.PeerAddress);
        // It was never the master we followed: long after, the same evidence is still an address conflict.
        Assert.Equal(InstanceWarningCode.AddressConflict, warning.Code);
        detector.OnVirtualAddressClaim(20 * Second, Vip, OtherMac, isOwn: false);
        Assert.Equal(InstanceWarningCode.AddressConflict, Assert.Single(detector.Warnings(20 * Second)).Code);
        Assert.Contains("02:00:0a:00:00:02 (peer 10.0.0.2) answers for our VIP 10.0.0.100", warning.Message, StringComparison.Ordinal);
    }
}
