using HaVrrp.Engine.Control;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.FailoverBench;

/// <summary>What the client saw in one planned switchover, and how long it took until the new master served.</summary>
/// <param name="Report">The probes, from before the command until node2 answered.</param>
/// <param name="UntilNewMasterServes">
/// From the probe sent as the command was given to the first probe node2 answered (10 ms resolution; the probe record
/// is read a little behind, so the start is early if anything and the figure an upper bound).
/// </param>
/// <param name="RequestToNewMaster">
/// havrrpd only, from the two daemons' own log timestamps (one host clock, milliseconds): from node1 logging the
/// instance.failover request to node2 logging "Entering MASTER STATE".
/// </param>
internal sealed record SwitchoverFigures(ProbeReport Report, TimeSpan UntilNewMasterServes, TimeSpan? RequestToNewMaster);

/// <summary>
/// One planned switchover in a fresh two-node lab, node1 (150) master and node2 (100) backup, both preempting, the
/// client probing the address every 10 ms. havrrpd: <c>instance.failover stepDown</c> on node1's control socket.
/// keepalived, as operators do it today: lower node1's priority below node2's in keepalived.conf (50), SIGHUP, and
/// once node2 serves put the file back as it was (else the next restart keeps the low priority). The run ends when
/// node2 answers the client.
/// </summary>
internal static class SwitchoverRun
{
    private const int LoweredPriority = 50;
    private const string LogTimeFormat = "yyyy-MM-dd HH:mm:ss.fff";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task<SwitchoverFigures> RunAsync(BenchDaemon implementation, FailoverProfile profile)
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        var (masterNode, backupNode) = (lab.Nodes[0], lab.Nodes[1]);
        var address = BenchConfigurations.VirtualAddress(lab);
        using var master = DaemonLauncher.Start(implementation, masterNode,
            BenchConfigurations.Failover(lab, masterNode, profile, FailoverProfile.MasterPriority));
        using var backup = DaemonLauncher.Start(implementation, backupNode,
            BenchConfigurations.Failover(lab, backupNode, profile, FailoverProfile.BackupPriority));
        await Eventually.WaitUntilAsync(
            () => lab.Nodes.Where(node => VipHolders.Holds(node, address, profile.AddressInterface)).ToList(),
            nodes => nodes.SequenceEqual([masterNode]), Deadline, "held by node1 alone");
        // The backup must have settled as backup (heard node1) before node1 hands over to it.
        await backup.WaitForLogAsync("Entering BACKUP STATE", Deadline);
        // Connected and warmed up (the client's code compiled) before the clock starts, as an operator's shell would be.
        await using var client = master is HavrrpdNode havrrpd ? await VrrpControlClient.ConnectAsync(havrrpd.SocketPath) : null;
        if (client is not null)
        {
            await client.HelloAsync();
        }
        await using var probe = ClientProbe.Start(lab, address);
        await probe.WaitForAnswerFromAsync(masterNode, Deadline);

        var commandSequence = probe.SentCount;
        if (client is not null)
        {
            await client.FailoverAsync("VI_1", FailoverMode.StepDown);
        }
        else
        {
            var keepalived = (KeepalivedNode)master;
            var original = await File.ReadAllTextAsync(keepalived.ConfigurationPath);
            await File.WriteAllTextAsync(keepalived.ConfigurationPath, Engine.Configuration.Keepalived.KeepalivedConfigWriter.Write(
                BenchConfigurations.Failover(lab, masterNode, profile, LoweredPriority)));
            keepalived.Reload();
            await probe.WaitForAnswerFromAsync(backupNode, Deadline);
            await File.WriteAllTextAsync(keepalived.ConfigurationPath, original);
        }

        await probe.WaitForAnswerFromAsync(backupNode, Deadline);
        var report = await probe.StopAsync();
        var commandAt = report.Probes[Math.Min(commandSequence, report.Probes.Count - 1)].SentAt;
        var served = report.Probes.Skip(commandSequence).First(sent => sent.Responder == backupNode.Name).SentAt;
        return new SwitchoverFigures(report, served - commandAt, client is null ? null : RequestToNewMaster(master, backup));
    }

    private static TimeSpan? RequestToNewMaster(LabDaemon master, LabDaemon backup)
    {
        var requested = master.Lines.LastOrDefault(line => line.Text.Contains("Control: instance.failover", StringComparison.Ordinal));
        var becameMaster = backup.Lines.LastOrDefault(line => line.Text.Contains("Entering MASTER STATE", StringComparison.Ordinal));
        return requested is null || becameMaster is null ? null : LogTime(becameMaster) - LogTime(requested);
    }

    private static DateTime LogTime(LogLine line) =>
        DateTime.ParseExact(line.Text.AsSpan(0, LogTimeFormat.Length), LogTimeFormat, System.Globalization.CultureInfo.InvariantCulture);
}
