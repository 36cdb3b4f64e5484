using System.Net.Sockets;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;
using HaVrrp.TestSupport;

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
            async () => (await other.ListInstancesAsync()).Single(),
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

    /// <summary>
    /// takeOver against keepalived (priority 150, preempting) from a havrrpd backup (100): havrrpd advertises above the
    /// master it heard, so keepalived yields and stays backup while the hold lasts; release lets keepalived preempt back.
    /// </summary>
    [RootFact]
    public async Task TakeOver_OnAHavrrpdBackup_AgainstAKeepalivedMaster_HoldsIt_AndReleaseLetsKeepalivedPreemptBack()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3, DaemonImplementation.Keepalived, DaemonImplementation.Havrrpd);
        await pair.WaitForPreferredAsMasterAsync();
        await using var backup = await ClientOf(pair.Other);
        // Taking over advertises above the master heard, so the backup must have heard it first.
        await Eventually.WaitUntilAsync(
            async () => (await backup.ListInstancesAsync()).Single(),
            instance => instance.MasterAddress is not null,
            VrrpPair.Deadline,
            "naming its master");
        var keepalivedLines = pair.Preferred.Lines.Count;

        var takeOver = await backup.FailoverAsync(LabProfile.InstanceName, FailoverMode.TakeOver);

        Assert.True(takeOver.Changed);
        Assert.Equal(InstanceHold.TakenOver, takeOver.Instance.Hold);
        Assert.Equal(VrrpState.Master, takeOver.Instance.State);
        await pair.Preferred.WaitForStateAsync("BACKUP", keepalivedLines);
        await pair.WaitForSoleHolderAsync(pair.Other.Node);
        // Holds: keepalived hears ten of havrrpd's adverts and stays backup, in spite of its higher priority and preempt.
        await AdvertWatch.WaitForAdvertsAsync(pair.Preferred.Node, pair.Other.Node, count: 10, VrrpPair.Deadline);
        Assert.Equal([pair.Other.Node], VipHolders.Of(pair.Lab, pair.Address));
        Assert.Empty(pair.Preferred.LinesMatching(DaemonLog.StatePattern("MASTER"), keepalivedLines));
        var held = Assert.Single(await backup.ListInstancesAsync());
        Assert.Equal((VrrpState.Master, InstanceHold.TakenOver), (held.State, held.Hold));

        var release = await backup.FailoverAsync(LabProfile.InstanceName, FailoverMode.Release);

        Assert.True(release.Changed);
        Assert.Equal(InstanceHold.None, release.Instance.Hold);
        await pair.Preferred.WaitForStateAsync("MASTER", keepalivedLines);
        await backup.WaitAsync([LabProfile.InstanceName], VrrpState.Backup, VrrpPair.Deadline);
        await pair.WaitForSoleHolderAsync(pair.Preferred.Node);
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

    /// <summary>
    /// The backup watches the wire: the master's adverts are fine and belong to its instance; an advert for a VRID
    /// nobody runs here and one with a wrong password (sent from node1 beside its daemon) are named with their problem.
    /// </summary>
    [RootFact]
    public async Task AdvertWatch_OnTheBackup_SeesTheMastersAdverts_AndNamesAForeignVridAndAWrongPassword()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version2Multicast);
        await pair.WaitForPreferredAsMasterAsync();
        await using var backup = await ClientOf(pair.Other);
        using var timeout = new CancellationTokenSource(VrrpPair.Deadline);
        var master = pair.Preferred.Node.IPv4Address;

        await using var stream = backup.WatchAdvertsAsync(cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await stream.MoveNextAsync());
        var fromMaster = new List<AdvertInfo> { stream.Current.Item! };
        SendAdvertFrom(pair.Preferred.Node, virtualRouterId: 77, password: "lab-pass");
        SendAdvertFrom(pair.Preferred.Node, LabProfile.VirtualRouterId, password: "guessed");
        var strangers = new List<AdvertInfo>();
        while ((fromMaster.Count < 3 || strangers.Count < 2) && await stream.MoveNextAsync())
        {
            if (stream.Current.Item is { } advert)
            {
                (advert.Problem is null ? fromMaster : strangers).Add(advert);
            }
        }

        Assert.All(fromMaster, advert => Assert.Equal(
            (master, LabProfile.VirtualRouterId, VrrpPair.PreferredPriority, 255, LabProfile.InstanceName, "eth0"),
            (advert.Source, advert.VirtualRouterId, advert.Priority, advert.Ttl, advert.Instance, advert.Interface)));
        Assert.Contains(strangers, advert => advert is { VirtualRouterId: 77, Instance: null, Problem: "virtualRouterIdNotOurs" });
        Assert.Contains(strangers, advert => advert is { VirtualRouterId: LabProfile.VirtualRouterId, Instance: LabProfile.InstanceName, Problem: "authPasswordMismatch" });
    }

    [RootFact]
    public async Task EventWatch_OnTheBackup_SeesBackupToMaster_WhenTheMasterIsKilled()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        await using var backup = await ClientOf(pair.Other);
        await using var admin = await ClientOf(pair.Other);
        using var timeout = new CancellationTokenSource(VrrpPair.Deadline);

        await using var stream = backup.WatchEventsAsync(cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        await ConfirmSubscribedAsync(stream, admin);
        await pair.Preferred.KillAsync();
        EngineEventInfo? transition = null;
        while (transition is null && await stream.MoveNextAsync())
        {
            transition = stream.Current.Item is { Kind: EngineEventKind.StateChanged } changed ? changed : null;
        }

        Assert.NotNull(transition);
        Assert.Equal(
            (LabProfile.InstanceName, VrrpState.Backup, VrrpState.Master, VrrpTransitionReason.MasterDownTimerExpired),
            (transition.Instance, transition.From, transition.To, transition.Reason));
    }

    /// <summary>
    /// Both transitions of a fail-over and the way back, in order, on the node that lives through them: node1 crashes
    /// (node2 backup → master), node1 comes back and preempts (node2 master → backup).
    /// </summary>
    [RootFact]
    public async Task EventWatch_OnTheBackup_SeesEachTransition_WhenTheMasterDiesAndComesBack()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        await using var backup = await ClientOf(pair.Other);
        await using var admin = await ClientOf(pair.Other);
        using var timeout = new CancellationTokenSource(2 * VrrpPair.Deadline);

        await using var stream = backup.WatchEventsAsync(cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        await ConfirmSubscribedAsync(stream, admin);
        await pair.Preferred.KillAsync();
        var transitions = new List<EngineEventInfo>();
        while (transitions.Count < 2 && await stream.MoveNextAsync())
        {
            if (stream.Current.Item is { Kind: EngineEventKind.StateChanged } changed)
            {
                transitions.Add(changed);
                if (transitions.Count == 1)
                {
                    pair.RestartPreferred(DaemonImplementation.Havrrpd);
                }
            }
        }

        Assert.Equal(
            [(VrrpState.Backup, VrrpState.Master, VrrpTransitionReason.MasterDownTimerExpired),
             (VrrpState.Master, VrrpState.Backup, VrrpTransitionReason.HigherPriorityAdvert)],
            transitions.Select(transition => (transition.From, transition.To, transition.Reason)));
        Assert.All(transitions, transition => Assert.Equal(LabProfile.InstanceName, transition.Instance));
        await pair.WaitForSoleHolderAsync(pair.Preferred.Node);
    }

    /// <summary>
    /// A stream subscribes when it is first read, so the test makes an event that changes nothing in the election (an
    /// override equal to the configured priority) until the watcher reports it: from then on nothing is missed.
    /// </summary>
    private static async Task ConfirmSubscribedAsync(IAsyncEnumerator<StreamItem<EngineEventInfo>> stream, VrrpControlClient admin)
    {
        var first = stream.MoveNextAsync().AsTask();
        while (!first.IsCompleted)
        {
            await admin.SetPriorityAsync(LabProfile.InstanceName, VrrpPair.OtherPriority);
            await Task.WhenAny(first, Task.Delay(200));
            await admin.ResetPriorityAsync(LabProfile.InstanceName);
            await Task.WhenAny(first, Task.Delay(200));
        }
        Assert.True(await first);
        Assert.Equal(EngineEventKind.PriorityChanged, stream.Current.Item?.Kind);
    }

    /// <summary>A VRRPv2 advert as a stranger on the segment would send it, from <paramref name="node"/>'s own raw socket.</summary>
    private static void SendAdvertFrom(LabNode node, int virtualRouterId, string password)
    {
        var profile = new AdvertisementProfile(
            version: 2, virtualRouterId, TimeSpan.FromSeconds(1), isIPv6: false, [VrrpAddress.Parse("192.0.2.250")],
            AdvertisementAuthenticationType.SimpleText, password);
        var source = VrrpAddress.FromIPAddress(node.IPv4Address);
        var group = VrrpAddress.Parse("224.0.0.18");
        var message = new byte[profile.MessageLength];
        var length = AdvertisementWriter.Write(message, profile, priority: 90, source, group);
        using var socket = node.OpenVrrpSocket(AddressFamily.InterNetwork);
        socket.SendTo(message.AsSpan(0, length), source, group);
    }
}
