using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// The <see cref="FailoverScenario"/> for each pair that matters: havrrpd with havrrpd over every transport,
/// havrrpd with keepalived 2.2.7 in both roles, and keepalived with keepalived (the baseline the others are
/// held to). What is particular to one daemon (a crash's leftovers, restarts, reloads) is in HavrrpdLabTests
/// and HavrrpdScenarioTests. In the hand-over timing collection: zero loss at 10 ms probes and 100 ms adverts
/// must not share the two cores with another lab.
/// </summary>
[Collection(HandOverTiming.Name)]
public sealed class FailoverScenarioTests
{
    private const DaemonImplementation Havrrpd = DaemonImplementation.Havrrpd;
    private const DaemonImplementation Keepalived = DaemonImplementation.Keepalived;

    /// <summary>Profile (by name, so the cases stay serializable), daemon on the preferred node, on the other node, and how the master goes.</summary>
    public static TheoryData<string, DaemonImplementation, DaemonImplementation, MasterExit> Pairs => new()
    {
        { "v3-multicast-0.5s", Havrrpd, Havrrpd, MasterExit.Crash },
        { "v3-multicast-0.5s", Havrrpd, Havrrpd, MasterExit.Stop },
        { "v3-multicast-0.1s", Havrrpd, Havrrpd, MasterExit.Crash },
        { "v2-unicast", Havrrpd, Havrrpd, MasterExit.Crash },
        { "v3-ipv6", Havrrpd, Havrrpd, MasterExit.Crash },
        { "v3-ipv6", Havrrpd, Havrrpd, MasterExit.Stop },

        { "v2-multicast-pass", Havrrpd, Keepalived, MasterExit.Crash },
        { "v2-multicast-pass", Havrrpd, Keepalived, MasterExit.Stop },
        { "v2-multicast-pass", Keepalived, Havrrpd, MasterExit.Crash },
        { "v2-multicast-pass", Keepalived, Havrrpd, MasterExit.Stop },
        { "v2-unicast", Havrrpd, Keepalived, MasterExit.Crash },
        { "v2-unicast", Havrrpd, Keepalived, MasterExit.Stop },
        { "v2-unicast", Keepalived, Havrrpd, MasterExit.Crash },
        { "v2-unicast", Keepalived, Havrrpd, MasterExit.Stop },
        { "v3-multicast-0.5s", Havrrpd, Keepalived, MasterExit.Crash },
        { "v3-multicast-0.5s", Havrrpd, Keepalived, MasterExit.Stop },
        { "v3-multicast-0.5s", Keepalived, Havrrpd, MasterExit.Crash },
        { "v3-multicast-0.5s", Keepalived, Havrrpd, MasterExit.Stop },

        { "v2-multicast-pass", Keepalived, Keepalived, MasterExit.Crash },
        { "v2-multicast-pass", Keepalived, Keepalived, MasterExit.Stop },
    };

    [RootTheory]
    [MemberData(nameof(Pairs))]
    public Task Pair_ElectsThePreferredNode_AndTheOtherTakesOverWhenTheMasterGoes(
        string profile, DaemonImplementation preferred, DaemonImplementation other, MasterExit exit) =>
        new FailoverScenario(LabProfile.Named(profile), preferred, other, exit).RunAsync();
}
