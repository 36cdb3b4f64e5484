using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// promote_secondaries on a real daemon: while it runs, node1's eth0 promotes secondary addresses (so removing the
/// primary address does not take the VIPs with it), as keepalived sets it; havrrpd turns it back off at a graceful
/// stop. The setting is read inside node1's network namespace, where each daemon runs.
/// </summary>
public sealed class PromoteSecondariesLabTests
{
    [RootTheory]
    [InlineData(DaemonImplementation.Havrrpd)]
    [InlineData(DaemonImplementation.Keepalived)]
    public async Task PromoteSecondaries_IsOnWhileTheDaemonRuns(DaemonImplementation preferred)
    {
        using var pair = await VrrpPair.StartAsync(
            LabProfile.Version3,
            pair => pair.PreferredConfiguration().WithEachInstance(instance => instance with { PromoteSecondaries = true }),
            pair => pair.OtherConfiguration(),
            preferred);
        var node = pair.Preferred.Node;
        Assert.Equal("0", ReadSetting(pair.Other.Node)); // the kernel's default, on the node that did not ask

        await Eventually.WaitUntilAsync(() => ReadSetting(node), value => value == "1", VrrpPair.Deadline, "promote_secondaries on node1's eth0");

        if (preferred == DaemonImplementation.Havrrpd)
        {
            await pair.Preferred.StopGracefullyAsync();
            Assert.Equal("0", ReadSetting(node));
        }
    }

    private static string ReadSetting(LabNode node) =>
        node.InNamespace(() => File.ReadAllText($"/proc/sys/net/ipv4/conf/{LabNode.InterfaceName}/promote_secondaries").Trim());
}
