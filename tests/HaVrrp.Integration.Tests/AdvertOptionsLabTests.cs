using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Control;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// keepalived's advert options (docs/protocol.md, "Advert options") on real processes, havrrpd and keepalived side
/// by side: a master answers every lower priority's advert unless lower_prio_no_advert, and an address owner yields
/// to a rival claiming 255 from a higher address unless owner_ignore_adverts. The rival's adverts are sent onto the
/// segment from node2's namespace; node1's adverts are counted by havrrpd on node2 (its peers list), so both
/// daemons are measured the same way.
/// </summary>
public sealed class AdvertOptionsLabTests
{
    private const int Burst = 10;

    private static readonly LabProfile Profile = LabProfile.Version3;

    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd, false)]
    [InlineData(DaemonImplementation.Havrrpd, true)]
    [InlineData(DaemonImplementation.Keepalived, false)]
    [InlineData(DaemonImplementation.Keepalived, true)]
    public async Task Master_AnswersEachLowerPriorityAdvert_UnlessLowerPrioNoAdvert(DaemonImplementation implementation, bool lowerPrioNoAdvert)
    {
        using var pair = await VrrpPair.StartAsync(
            Profile,
            pair => pair.PreferredConfiguration().WithEachInstance(instance => instance with { LowerPriorityNoAdvert = lowerPrioNoAdvert }),
            pair => pair.OtherConfiguration(),
            preferred: implementation);
        await pair.WaitForPreferredAsMasterAsync();
        var master = pair.Preferred;
        await using var observer = await VrrpControlClient.ConnectAsync(((HavrrpdNode)pair.Other).SocketPath);
        var linesBefore = master.Lines.Count;
        var elapsed = Stopwatch.StartNew();
        var heardBefore = await AdvertsHeardAsync(observer, master.Node.IPv4Address);
        var rival = SpoofedAdverts.NeighbourOf(master.Node);

        // From node2's namespace: a host does not hear its own multicast adverts.
        SpoofedAdverts.Send(pair.Other.Node, rival, pair.Address, priority: 50, Profile, count: Burst);

        var heard = new Regex($@"Received advert from {Regex.Escape(rival.ToString())} with lower priority 50, ours {VrrpPair.PreferredPriority}");
        var lines = await Eventually.WaitUntilAsync(
            () => master.LinesMatching(heard, linesBefore), found => found.Count >= Burst, VrrpPair.Deadline, $"{Burst} lower-priority adverts heard");
        if (lowerPrioNoAdvert)
        {
            var sent = await AdvertsHeardAsync(observer, master.Node.IPv4Address) - heardBefore;
            // Its own rhythm only: one advert per interval of the time that passed, and the one on its way.
            Assert.InRange(sent, 0, (long)(elapsed.Elapsed / Profile.AdvertInterval) + 2);
            Assert.All(lines, line => Assert.DoesNotContain("forcing new election", line.Text, StringComparison.Ordinal));
        }
        else
        {
            await Eventually.WaitUntilAsync(
                () => AdvertsHeardAsync(observer, master.Node.IPv4Address),
                count => count >= heardBefore + Burst,
                VrrpPair.Deadline,
                $"an advert from node1 in answer to each of the {Burst}");
            Assert.All(lines, line => Assert.EndsWith(", forcing new election", line.Text, StringComparison.Ordinal));
        }
        Assert.Empty(master.LinesMatching(DaemonLog.StatePattern("BACKUP"), linesBefore));
    }

    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd, false)]
    [InlineData(DaemonImplementation.Havrrpd, true)]
    [InlineData(DaemonImplementation.Keepalived, false)]
    [InlineData(DaemonImplementation.Keepalived, true)]
    public async Task Master_YieldingToAHigherPriority_AdvertisesOnceMore_OnlyWithHigherPrioSendAdvert(
        DaemonImplementation implementation, bool higherPrioSendAdvert)
    {
        // 1 s adverts: node1 follows the rival for Master_Down_Interval (3.4 s) after each of its adverts, so a slow
        // rival loop does not hand mastership back to node1 within the window.
        var profile = new LabProfile("v3-multicast-1s", 3, TimeSpan.FromSeconds(1));
        using var lab = NetworkLab.Create(nodeCount: 3);
        var configuration = profile.Configuration(lab, lab.Nodes[0], VrrpPair.PreferredPriority)
            .WithEachInstance(instance => instance with { HigherPrioritySendAdvert = higherPrioSendAdvert });
        using var master = LabDaemons.Start(implementation, lab.Nodes[0], configuration);
        await master.WaitForStateAsync("MASTER");
        var linesBefore = master.Lines.Count;
        // node2 only listens: its capture sees node1's and the rival's adverts in the order the segment carried them.
        using var capture = LabCapture.Open(lab.Nodes[1]);
        var rival = SpoofedAdverts.NeighbourOf(lab.Nodes[0], hostByte: 250);
        using var giveUp = new CancellationTokenSource(VrrpPair.Deadline);
        // The rival starts right after one of node1's adverts, a whole interval before node1's next.
        await capture.NextFrameAsync(candidate => IsAdvertFrom(candidate, lab.Nodes[0].MacAddress), giveUp.Token);

        var rivalAdverts = Task.Run(async () =>
        {
            for (var sent = 0; sent < RivalAdverts; sent++)
            {
                SpoofedAdverts.Send(lab.Nodes[2], rival, profile.VirtualAddress(lab), priority: 200, profile);
                await Task.Delay(profile.AdvertInterval, giveUp.Token);
            }
        });
        var fromNode1AfterTheRival = 0;
        var rivalSeen = 0;
        while (rivalSeen < RivalAdverts)
        {
            var frame = await capture.NextFrameAsync(
                candidate => IsAdvertFrom(candidate, lab.Nodes[0].MacAddress) || IsAdvertFrom(candidate, lab.Nodes[2].MacAddress), giveUp.Token);
            if (IsAdvertFrom(frame, lab.Nodes[2].MacAddress))
            {
                rivalSeen++;
            }
            else if (rivalSeen > 0)
            {
                fromNode1AfterTheRival++;
            }
        }
        await rivalAdverts;

        await master.WaitForStateAsync("BACKUP", linesBefore);
        Assert.True((higherPrioSendAdvert ? 1 : 0) == fromNode1AfterTheRival, $"{fromNode1AfterTheRival} adverts from node1 after the rival's\n{master.Transcript()}");
    }

    private const int RivalAdverts = 3;

    private static bool IsAdvertFrom(byte[] frame, System.Net.NetworkInformation.PhysicalAddress sender) =>
        frame.Length > 14 + 20 && frame.AsSpan(6, 6).SequenceEqual(sender.GetAddressBytes())
        && frame[12] == 0x08 && frame[13] == 0x00 && frame[14 + 9] == 112;

    // keepalived gained owner_ignore_adverts in 2.3.3; Debian's 2.2.7 says "Unknown keyword", so it runs only the
    // default case here.
    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd, false)]
    [InlineData(DaemonImplementation.Havrrpd, true)]
    [InlineData(DaemonImplementation.Keepalived, false)]
    public async Task Owner_YieldsToARivalOwnerWithAHigherAddress_UnlessOwnerIgnoreAdverts(DaemonImplementation implementation, bool ownerIgnoreAdverts)
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        var ownerConfiguration = Profile.Configuration(lab, lab.Nodes[0], VrrpInstanceConfig.OwnerPriority)
            .WithEachInstance(instance => instance with { OwnerIgnoreAdverts = ownerIgnoreAdverts });
        using var owner = LabDaemons.Start(implementation, lab.Nodes[0], ownerConfiguration);
        await owner.WaitForStateAsync("MASTER");
        using var observerNode = HavrrpdNode.Start(lab.Nodes[1], Profile.Configuration(lab, lab.Nodes[1], VrrpPair.OtherPriority));
        await observerNode.WaitForStateAsync("BACKUP");
        await using var observer = await VrrpControlClient.ConnectAsync(observerNode.SocketPath);
        var linesBefore = owner.Lines.Count;
        var rival = SpoofedAdverts.NeighbourOf(owner.Node, hostByte: 250);

        SpoofedAdverts.Send(lab.Nodes[1], rival, Profile.VirtualAddress(lab), VrrpInstanceConfig.OwnerPriority, Profile, count: 3);

        if (!ownerIgnoreAdverts)
        {
            await owner.WaitForStateAsync("BACKUP", linesBefore);
            return;
        }
        await owner.WaitForLogAsync(
            new Regex($@"Dropping packet\(s\) from {Regex.Escape(rival.ToString())} since we are address owner"), linesBefore);
        var heardBefore = await AdvertsHeardAsync(observer, owner.Node.IPv4Address);
        await Eventually.WaitUntilAsync(
            () => AdvertsHeardAsync(observer, owner.Node.IPv4Address),
            count => count >= heardBefore + 3,
            VrrpPair.Deadline,
            "three more adverts from the owner");
        Assert.Empty(owner.LinesMatching(DaemonLog.StatePattern("BACKUP"), linesBefore));
    }

    /// <summary>How many adverts from <paramref name="router"/> the observing havrrpd has heard.</summary>
    private static async Task<long> AdvertsHeardAsync(VrrpControlClient observer, IPAddress router)
    {
        var instance = Assert.Single(await observer.ListInstancesAsync());
        return instance.Peers.FirstOrDefault(peer => Equals(peer.Address, router))?.Adverts ?? 0;
    }
}
