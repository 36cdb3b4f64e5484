using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.FailoverBench;

/// <summary>
/// One repetition: a fresh two-node lab, node1 (priority 150) master and node2 (100) backup, the client
/// probing the address every 10 ms; node1 then goes away as the scenario says, and the run ends when
/// node2 answers the client. The probe report holds the outage the client saw.
/// </summary>
internal static class FailoverRun
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task<ProbeReport> RunAsync(
        BenchDaemon masterImplementation,
        BenchDaemon backupImplementation,
        FailoverProfile profile,
        FailoverScenario scenario)
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        var (masterNode, backupNode) = (lab.Nodes[0], lab.Nodes[1]);
        var address = BenchConfigurations.VirtualAddress(lab);
        using var master = DaemonLauncher.Start(masterImplementation, masterNode,
            BenchConfigurations.Failover(lab, masterNode, profile, FailoverProfile.MasterPriority));
        using var backup = DaemonLauncher.Start(backupImplementation, backupNode,
            BenchConfigurations.Failover(lab, backupNode, profile, FailoverProfile.BackupPriority));

        // Both start as backup; node1 is settled as master once it alone holds the address.
        await Eventually.WaitUntilAsync(
            () => lab.Nodes.Where(node => VipHolders.Holds(node, address, profile.AddressInterface)).ToList(),
            nodes => nodes.SequenceEqual([masterNode]), Deadline, "held by node1 alone");
        await using var probe = ClientProbe.Start(lab, address);
        await probe.WaitForAnswerFromAsync(masterNode, Deadline);

        if (scenario == FailoverScenario.Crash)
        {
            await master.KillAsync();
            masterNode.CutLink();
        }
        else
        {
            await master.StopGracefullyAsync();
        }

        await probe.WaitForAnswerFromAsync(backupNode, Deadline);
        return await probe.StopAsync();
    }
}
