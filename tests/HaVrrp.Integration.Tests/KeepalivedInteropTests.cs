using System.Text.RegularExpressions;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// havrrpd and keepalived 2.2.7 in one VRRP instance, in both roles: each case names the profile and the
/// daemon on the preferred node (priority 150); the other node runs the other daemon. Each test first
/// checks the election (the preferred node wins), then a fail-over, and finally that neither daemon
/// complained about the other's packets: keepalived logs every advert it rejects, and so does havrrpd.
/// </summary>
[Collection(HandOverTiming.Name)]
public sealed class KeepalivedInteropTests
{
    /// <summary>keepalived's phrases for an advert it drops (vrrp.c: checksum, TTL, length, auth, address list, interval).</summary>
    private static readonly Regex KeepalivedComplaint = new(
        "bad checksum|invalid|ip address associated|TTL|auth|password|mismatch|too short|wrong version|Discarding",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>havrrpd's rejection phrases (RejectionText); "received lower priority ... - discarding" is normal VRRP, not a rejection.</summary>
    private static readonly Regex HavrrpdRejection = new(
        "invalid|mismatch|too short|malformed|wrong version|not supported|not a VRRP packet|dropped a packet",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static TheoryData<string, DaemonImplementation> ProfilesAndPreferredDaemon => new()
    {
        { "v2-multicast-pass", DaemonImplementation.Havrrpd },
        { "v2-multicast-pass", DaemonImplementation.Keepalived },
        { "v2-unicast", DaemonImplementation.Havrrpd },
        { "v2-unicast", DaemonImplementation.Keepalived },
        { "v3-multicast-0.5s", DaemonImplementation.Havrrpd },
        { "v3-multicast-0.5s", DaemonImplementation.Keepalived },
    };

    [RootTheory]
    [MemberData(nameof(ProfilesAndPreferredDaemon))]
    public async Task MixedPair_ElectsThePreferredNode_AndTheOtherTakesOverWhenItCrashes(string profile, DaemonImplementation preferred)
    {
        using var pair = await StartMixedPairAsync(profile, preferred);
        await pair.WaitForPreferredAsMasterAsync();
        await using var probe = pair.StartProbe();
        await probe.WaitForAnswerFromAsync(pair.Preferred.Node, VrrpPair.Deadline);

        await pair.Preferred.KillAsync();
        pair.Preferred.Node.CutLink();

        await pair.Other.WaitForStateAsync("MASTER");
        await probe.WaitForAnswerFromAsync(pair.Other.Node, VrrpPair.Deadline);
        var report = await probe.StopAsync();

        Assert.Equal(["node1", "node2"], report.ResponderSequence);
        AssertNoComplaints(pair);
    }

    [RootTheory]
    [MemberData(nameof(ProfilesAndPreferredDaemon))]
    public async Task MixedPair_ElectsThePreferredNode_AndHandsOverWhenItStopsGracefully(string profile, DaemonImplementation preferred)
    {
        using var pair = await StartMixedPairAsync(profile, preferred);
        await pair.WaitForPreferredAsMasterAsync();
        await using var probe = pair.StartProbe();
        await probe.WaitForAnswerFromAsync(pair.Preferred.Node, VrrpPair.Deadline);

        Assert.Equal(0, await pair.Preferred.StopGracefullyAsync());

        await pair.Other.WaitForStateAsync("MASTER");
        await pair.WaitForSoleHolderAsync(pair.Other.Node);
        await probe.WaitForAnswerFromAsync(pair.Other.Node, VrrpPair.Deadline);
        var report = await probe.StopAsync();

        Assert.Equal(["node1", "node2"], report.ResponderSequence);
        if (preferred == DaemonImplementation.Havrrpd)
        {
            // havrrpd keeps the address until keepalived's first advert as master: nothing is lost.
            ProbeAssert.NoneLost(report);
        }
        AssertNoComplaints(pair);
    }

    private static async Task<VrrpPair> StartMixedPairAsync(string profile, DaemonImplementation preferred)
    {
        var other = preferred == DaemonImplementation.Havrrpd ? DaemonImplementation.Keepalived : DaemonImplementation.Havrrpd;
        return await VrrpPair.StartAsync(LabProfile.Named(profile), preferred, other);
    }

    private static void AssertNoComplaints(VrrpPair pair)
    {
        foreach (var daemon in new[] { pair.Preferred, pair.Other })
        {
            var pattern = daemon.Implementation == DaemonImplementation.Keepalived ? KeepalivedComplaint : HavrrpdRejection;
            var complaints = daemon.LinesMatching(pattern);
            Assert.True(complaints.Count == 0, $"{daemon} complained about its peer:\n{string.Join('\n', complaints)}\n\nFull log:\n{daemon.Transcript()}");
        }
    }
}
