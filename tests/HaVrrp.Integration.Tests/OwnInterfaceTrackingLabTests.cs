using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// dont_track_primary together with track_interface naming the instance's own interface (HV0138): keepalived ignores
/// the entry, so when the master's link goes down it does not go to FAULT, and havrrpd must not either (it used to
/// track the entry and go to FAULT: the opposite outcome). The other node takes over, since no adverts arrive.
/// </summary>
public sealed class OwnInterfaceTrackingLabTests
{
    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd)]
    [InlineData(DaemonImplementation.Keepalived)]
    public async Task DontTrackPrimary_WithTheOwnInterfaceAsTrackInterface_IgnoresTheLinkGoingDown(DaemonImplementation preferred)
    {
        using var pair = await VrrpPair.StartAsync(
            LabProfile.Version3,
            pair => pair.PreferredConfiguration().WithEachInstance(instance => instance with
            {
                DontTrackPrimary = true,
                TrackInterfaces = [new TrackReference(instance.Interface!)],
            }),
            pair => pair.OtherConfiguration(),
            preferred);
        await pair.WaitForPreferredAsMasterAsync();
        var linesBefore = pair.Preferred.Lines.Count;

        pair.Preferred.Node.CutLink();

        // node2 hears no more adverts and takes over after its Master_Down_Interval; node1 learnt of its link long before.
        await pair.Other.WaitForStateAsync("MASTER");
        Assert.Empty(pair.Preferred.LinesMatching(DaemonLog.StatePattern("FAULT"), linesBefore));
        Assert.Empty(pair.Preferred.LinesMatching(DaemonLog.StatePattern("BACKUP"), linesBefore));
    }
}
