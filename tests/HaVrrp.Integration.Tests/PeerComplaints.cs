using System.Text.RegularExpressions;
using HaVrrp.TestSupport.Daemons;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// Whether either daemon of a pair rejected the other's packets: keepalived logs every advert it drops, and so
/// does havrrpd. A pair that fails over can still be talking past each other (a wrong checksum ignored one way).
/// </summary>
internal static class PeerComplaints
{
    /// <summary>keepalived's phrases for an advert it drops (vrrp.c: checksum, TTL, length, auth, address list, interval).</summary>
    private static readonly Regex Keepalived = new(
        "bad checksum|invalid|ip address associated|TTL|auth|password|mismatch|too short|wrong version|Discarding",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>havrrpd's rejection phrases (RejectionText); "received lower priority ... - discarding" is normal VRRP, not a rejection.</summary>
    private static readonly Regex Havrrpd = new(
        "invalid|mismatch|too short|malformed|wrong version|not supported|not a VRRP packet|dropped a packet",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static void AssertNone(VrrpPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        foreach (var daemon in new[] { pair.Preferred, pair.Other })
        {
            var pattern = daemon.Implementation == DaemonImplementation.Keepalived ? Keepalived : Havrrpd;
            var complaints = daemon.LinesMatching(pattern);
            Assert.True(complaints.Count == 0, $"{daemon} complained about its peer:\n{string.Join('\n', complaints)}\n\nFull log:\n{daemon.Transcript()}");
        }
    }
}
