using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Runtime;
using HaVrrp.Engine.Tests.Protocol;
using HaVrrp.Engine.Tracking;
using HaVrrp.Engine.Warnings;

namespace HaVrrp.Engine.Tests.Runtime;

public class PeerWatchTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly VrrpAddress Peer = VrrpAddress.Parse("10.99.0.12");
    private static readonly AdvertisementProfile Version3 = new(3, 51, TimeSpan.FromSeconds(1), isIPv6: false, [VrrpAddress.Parse("10.99.0.100")]);

    /// <summary>VI_1 at priority 150 tracking chk_web with weight -20: healthy 150, failed 130.</summary>
    private static InstanceTracking Tracking()
    {
        var config = new HaVrrpConfiguration
        {
            Scripts = [new VrrpScriptConfig { Name = "chk_web", Script = "/bin/true", Weight = -20 }],
            Instances = [new VrrpInstanceConfig { Name = "VI_1", Interface = "eth0", VirtualRouterId = 51, Priority = 150, TrackScripts = [new TrackReference("chk_web")] }],
        };
        return new TrackerSet(config, Start, _ => true).Instance("VI_1");
    }

    private static PeerNews Hear(PeerWatch watch, TimeSpan now, byte priority, InstanceTracking? tracking = null)
    {
        var message = TestPackets.Message(Version3, priority, Peer, TestPackets.MulticastGroup);
        Assert.True(AdvertisementPacket.TryReadPayload(message, Peer, TestPackets.MulticastGroup, 255, out var packet, out _));
        return watch.OnAdvert(now, packet, tracking);
    }

    [Fact]
    public void AdvertFromAPeer_IsRecorded_AndItsChecksumVariantReportedOnce()
    {
        var watch = new PeerWatch("VI_1", 100, []);
        Assert.False(watch.IsPeer(Peer.ToIPAddress()));

        Assert.True(Hear(watch, TimeSpan.FromSeconds(1), 100).ChecksumVariantChanged);
        Assert.False(Hear(watch, TimeSpan.FromSeconds(2), 100).ChecksumVariantChanged);

        var peer = Assert.Single(watch.Describe());
        Assert.Equal(new PeerStatus(Peer.ToIPAddress(), 100, TimeSpan.FromSeconds(2), ChecksumVariant.PseudoHeader, 2), peer);
        Assert.True(watch.IsPeer(Peer.ToIPAddress()));
    }

    [Fact]
    public void ConfiguredUnicastPeer_IsAPeerBeforeItIsHeard()
    {
        var watch = new PeerWatch("VI_1", 100, [IPAddress.Parse("10.99.0.13")]);

        Assert.True(watch.IsPeer(IPAddress.Parse("10.99.0.13")));
        Assert.False(watch.IsPeer(IPAddress.Parse("10.99.0.14")));
    }

    [Fact]
    public void PeerBelowWhatAFailureReaches_RaisesHV0301_LoggedOncePerPriority()
    {
        var tracking = Tracking();
        var watch = new PeerWatch("VI_1", 150, []);

        // 150 - 20 = 130 stays above a peer at 100: the failure of chk_web never moves the VIPs.
        var first = Hear(watch, TimeSpan.FromSeconds(1), 100, tracking);
        var again = Hear(watch, TimeSpan.FromSeconds(2), 100, tracking);
        watch.Refresh(TimeSpan.FromSeconds(2), 150, isStopping: false, waitingForTracking: null);

        Assert.NotEmpty(first.NeverFailsOver);
        Assert.Empty(again.NeverFailsOver);
        var warning = Assert.Single(watch.Warnings);
        Assert.Equal(InstanceWarningCode.CannotFailOver, warning.Code);
        Assert.Equal(Peer.ToIPAddress(), warning.PeerAddress);
        Assert.Equal(100, warning.PeerPriority);
    }

    [Fact]
    public void PeerWithinReach_ClearsHV0301()
    {
        var tracking = Tracking();
        var watch = new PeerWatch("VI_1", 150, []);
        Hear(watch, TimeSpan.FromSeconds(1), 100, tracking);

        Hear(watch, TimeSpan.FromSeconds(2), 140, tracking);
        watch.Refresh(TimeSpan.FromSeconds(2), 150, isStopping: false, waitingForTracking: null);

        Assert.Empty(watch.Warnings);
    }

    [Fact]
    public void BeforeAnyPeerIsHeard_TheAssumedBackupStands_AndStoppingDropsIt()
    {
        var watch = new PeerWatch("VI_1", 254, []);
        watch.AssumeBackup(TimeSpan.Zero, Tracking());

        watch.Refresh(TimeSpan.Zero, 254, isStopping: false, waitingForTracking: null);
        var assumed = Assert.Single(watch.Warnings);
        Assert.Null(assumed.PeerAddress);

        watch.Stop();
        watch.Refresh(TimeSpan.FromSeconds(1), 254, isStopping: true, waitingForTracking: null);
        Assert.Empty(watch.Warnings);
    }
}
