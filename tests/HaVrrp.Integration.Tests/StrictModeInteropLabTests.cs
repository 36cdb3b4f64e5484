using System.Text.RegularExpressions;
using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// vrrp_strict on both nodes of a VRRPv2 pair whose instances still carry PASS authentication (a common leftover):
/// keepalived ignores the block under strict mode, so havrrpd must too, or each side drops the other's adverts as
/// an authentication mismatch and both become master. A mixed pair elects one master and agrees on the wire.
/// </summary>
public sealed class StrictModeInteropLabTests
{
    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd, DaemonImplementation.Keepalived)]
    [InlineData(DaemonImplementation.Keepalived, DaemonImplementation.Havrrpd)]
    public async Task StrictPairWithAuthenticationBlocks_ElectsOneMaster_AsKeepalivedIgnoresTheBlock(
        DaemonImplementation preferred, DaemonImplementation other)
    {
        using var pair = await VrrpPair.StartAsync(
            LabProfile.Version2Multicast,
            pair => Strict(pair.PreferredConfiguration()),
            pair => Strict(pair.OtherConfiguration()),
            preferred,
            other);

        await pair.WaitForPreferredAsMasterAsync();
        await AdvertWatch.WaitForAdvertsAsync(pair.Other.Node, pair.Preferred.Node, count: 4, VrrpPair.Deadline);

        Assert.Empty(pair.Other.LinesMatching(DaemonLog.StatePattern("MASTER")));
        foreach (var daemon in new[] { pair.Preferred, pair.Other })
        {
            Assert.Empty(daemon.LinesMatching(AuthenticationRefused));
            // Each says at load that it ignores the block: keepalived in its words, havrrpd as HV0136.
            Assert.NotEmpty(daemon.LinesMatching(new Regex("Strict mode does not support authentication|HV0136: authentication is ignored")));
        }
    }

    private static readonly Regex AuthenticationRefused = new("auth type mismatch|invalid passwd|Invalid auth", RegexOptions.IgnoreCase);

    private static HaVrrpConfiguration Strict(HaVrrpConfiguration configuration)
    {
        Assert.All(configuration.Instances, instance => Assert.NotNull(instance.Authentication));
        return configuration with { Global = configuration.Global with { VrrpStrict = true } };
    }
}
