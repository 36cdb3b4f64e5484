using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// Two havrrpd nodes in namespaces, driven through the control client on each node's own socket
/// (docs/control-protocol.md): what an operator's Get-VrrpInstance and Set-VrrpPriority will see and do.
/// </summary>
public sealed class ControlPlaneLabTests
{
    private static async Task<VrrpControlClient> ClientOf(LabDaemon daemon) =>
        await VrrpControlClient.ConnectAsync(((HavrrpdNode)daemon).SocketPath);

    [RootFact]
    public async Task List_ShowsMasterAndBackup_TheBackupNamingTheMasterItHears()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        await using var preferred = await ClientOf(pair.Preferred);
        await using var other = await ClientOf(pair.Other);

        var master = Assert.Single(await preferred.ListInstancesAsync());
        // The backup has heard the master once it has counted an advert from it.
        var backup = await Eventually.WaitUntilAsync(
            () => other.ListInstancesAsync().GetAwaiter().GetResult().Single(),
            instance => instance.MasterAddress is not null,
            VrrpPair.Deadline,
            "naming its master");

        Assert.Equal(VrrpState.Master, master.State);
        Assert.True(master.HoldsVirtualAddresses);
        Assert.Equal(VrrpPair.PreferredPriority, master.EffectivePriority);
        Assert.Equal([$"{pair.Address}/24"], master.VirtualAddresses);
        Assert.Equal(VrrpState.Backup, backup.State);
        Assert.False(backup.HoldsVirtualAddresses);
        Assert.Equal(pair.Preferred.Node.IPv4Address, backup.MasterAddress);
        Assert.Equal(VrrpPair.PreferredPriority, backup.MasterPriority);
        Assert.Contains(backup.Peers, peer => peer.Address.Equals(pair.Preferred.Node.IPv4Address));
    }

    [RootFact]
    public async Task SetPriority_WithADuration_MovesTheVip_AndItComesBackByItself()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        await using var preferred = await ClientOf(pair.Preferred);

        var lowered = await preferred.SetPriorityAsync(LabProfile.InstanceName, 50, TimeSpan.FromSeconds(6));
        await pair.WaitForSoleHolderAsync(pair.Other.Node);
        await pair.WaitForSoleHolderAsync(pair.Preferred.Node);

        Assert.True(lowered.Changed);
        Assert.Equal(50, lowered.Instance.PriorityOverride);
        var after = Assert.Single(await preferred.ListInstancesAsync());
        Assert.Null(after.PriorityOverride);
        Assert.Equal(VrrpPair.PreferredPriority, after.EffectivePriority);
        await preferred.WaitAsync([LabProfile.InstanceName], VrrpState.Master, VrrpPair.Deadline);
    }

    [RootFact]
    public async Task Reload_OfABrokenFile_ReturnsItsDiagnostics_AndTheOldConfigurationKeepsRunning()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        var node = (HavrrpdNode)pair.Preferred;
        await using var client = await ClientOf(node);
        await File.WriteAllTextAsync(node.ConfigurationPath, "vrrp_instances:\n  VI_1:\n    virtual_router_id: 300\n");

        var result = await client.ReloadAsync();

        Assert.False(result.Applied);
        Assert.Null(result.Plan);
        Assert.True(result.Errors > 0);
        Assert.All(result.Diagnostics, diagnostic => Assert.Equal(node.ConfigurationPath, diagnostic.File));
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic is { Line: 3, Code: "HV0103" });
        Assert.Equal(1, (await client.HelloAsync()).ConfigGeneration);
        Assert.Equal(VrrpState.Master, Assert.Single(await client.ListInstancesAsync()).State);
        await AdvertWatch.WaitForAdvertsAsync(pair.Other.Node, node.Node, count: 4, VrrpPair.Deadline);
        await pair.WaitForSoleHolderAsync(node.Node);
    }
}
