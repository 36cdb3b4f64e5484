using System.Globalization;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Tracking;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// vrrp_track_process end to end: two havrrpd nodes in lab namespaces, node1 tracking a <c>sleep</c> whose argument
/// no other process on the host has. Inside a network namespace the kernel refuses process events, which is where
/// keepalived's track_process never fires; havrrpd falls back to scanning /proc, and says so.
/// </summary>
[Collection(HandOverTiming.Name)]
public sealed class TrackProcessLabTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [RootTheory]
    [InlineData("", "FAULT")]
    [InlineData("    weight -20\n", "priority")]
    public async Task KillingTheTrackedProcessOnTheMaster_MovesTheVip_AndRestartingItBringsItBack(string weight, string what)
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        var argument = "86400." + Random.Shared.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        var tracking = (
            $"vrrp_track_process app {{\n    process sleep {argument}\n{weight}}}",
            "    track_process {\n        app\n    }");
        using var app = LabProcess.Start(["sleep", argument], lab.Nodes[0].Namespace);
        using var node1 = HavrrpdNode.Start(lab.Nodes[0], TrackingLab.Configuration(lab, lab.Nodes[0], 100, tracking.Item1, tracking.Item2), "keepalived.conf");
        using var node2 = HavrrpdNode.Start(lab.Nodes[1], TrackingLab.Configuration(lab, lab.Nodes[1], 90, string.Empty, string.Empty), "keepalived.conf");
        var address = TrackingLab.VirtualAddress(lab);

        await node1.WaitForLogAsync("Tracking processes through a /proc scan: the kernel refuses the process-events connector outside the initial network namespace");
        await WaitForHolderAsync(lab, address, lab.Nodes[0]);
        await using (var client = await VrrpControlClient.ConnectAsync(node1.SocketPath))
        {
            var tracked = Assert.Single(Assert.Single(await client.ListInstancesAsync()).TrackedObjects, t => t.Kind == TrackedObjectKind.Process);
            Assert.Equal(("app", "UP", 1, ProcessMonitorMethod.ProcScan), (tracked.Name, tracked.State, tracked.ProcessCount, tracked.ProcessMonitor));
        }

        await app.KillAsync();

        await node1.WaitForLogAsync(@"Quorum lost for tracked process app \(0 running\)");
        await node1.WaitForLogAsync(what == "FAULT" ? @"\(VI_1\) Entering FAULT STATE" : "effective priority from 100 to 80");
        await WaitForHolderAsync(lab, address, lab.Nodes[1]);

        using var restarted = LabProcess.Start(["sleep", argument], lab.Nodes[0].Namespace);

        await node1.WaitForLogAsync(@"Quorum gained for tracked process app \(1 running\)");
        await WaitForHolderAsync(lab, address, lab.Nodes[0]);
    }

    private static async Task WaitForHolderAsync(NetworkLab lab, System.Net.IPAddress address, LabNode holder) =>
        await Eventually.WaitUntilAsync(
            () => VipHolders.Of(lab, address), nodes => nodes.Count == 1 && nodes[0] == holder, Deadline, $"held by {holder.Name} alone");
}
