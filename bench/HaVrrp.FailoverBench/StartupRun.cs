using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using HaVrrp.Engine.Configuration.Yaml;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.FailoverBench;

/// <summary>One start of a daemon, timed from the moment the bench launched it.</summary>
/// <param name="FirstAdvert">Until the first VRRP advert from the node was seen on the wire (by the lab's client).</param>
/// <param name="EveryRouterAdvertised">Until an advert of every configured VRID had been seen.</param>
/// <param name="FirstMasterLine">Until the daemon's first <c>Entering MASTER STATE</c> line reached the bench (its output pipe).</param>
internal sealed record StartupFigures(TimeSpan FirstAdvert, TimeSpan EveryRouterAdvertised, TimeSpan FirstMasterLine);

/// <summary>
/// Process start to first advert. One node runs N instances whose VIPs are already its own addresses, at priority
/// 255: address owners become master at once and advertise (RFC 9568 §6.4.1), so no protocol timer is in the figure,
/// only the daemon's own start-up. The clock starts just before the launch (`setsid ip netns exec NS DAEMON ...`, the
/// same path for every daemon, its own cost measured apart by <see cref="LaunchOverheadAsync"/>).
/// </summary>
internal static class StartupRun
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task<StartupFigures> RunAsync(BenchDaemon daemon, int instanceCount)
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        var node = lab.Nodes[0];
        TestCommand.IpBatch(node.Namespace, Enumerable.Range(1, instanceCount)
            .Select(number => $"addr add {BenchConfigurations.ManyInstancesAddress(number)}/32 dev {LabNode.InterfaceName}"));
        var directory = Directory.CreateTempSubdirectory("havrrp-startup-").FullName;
        try
        {
            var command = CommandLine(daemon, directory, BenchConfigurations.AddressOwners(node, instanceCount));
            using var recorder = VrrpAdvertRecorder.Start(lab.Client, node, instanceCount);
            // Wall clock, as the recorder's kernel timestamps are.
            var launched = DateTime.UtcNow.Ticks;
            using var process = LabProcess.Start(command, node.Namespace, directory);
            if (!await recorder.WaitUntilEveryRouterHeardAsync(Deadline))
            {
                throw new TimeoutException($"{DaemonLauncher.NameOf(daemon)}: not every instance advertised within {Deadline.TotalSeconds} s. Output:\n{process.Transcript}");
            }
            // LabProcess's clock starts as it is created, a few microseconds after `launched`.
            var masterLine = await process.WaitForLogAsync("Entering MASTER STATE", Deadline);
            return new StartupFigures(
                TimeSpan.FromTicks(recorder.FirstArrival!.Value - launched),
                TimeSpan.FromTicks(recorder.LastFirstArrival!.Value - launched),
                masterLine.Elapsed);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// The launch path alone: `setsid ip netns exec NS echo`, from the launch to its line reaching the bench. Part of
    /// every figure above for every daemon alike.
    /// </summary>
    public static async Task<TimeSpan> LaunchOverheadAsync()
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        using var process = LabProcess.Start(["echo", "launched"], lab.Nodes[0].Namespace);
        return (await process.WaitForLogAsync("launched", Deadline)).Elapsed;
    }

    /// <summary>The daemon's command line on a configuration written to <paramref name="directory"/> beforehand.</summary>
    private static IReadOnlyList<string> CommandLine(BenchDaemon daemon, string directory, HaVrrpConfiguration configuration)
    {
        if (daemon == BenchDaemon.Keepalived)
        {
            var path = Path.Combine(directory, "keepalived.conf");
            File.WriteAllText(path, KeepalivedConfigWriter.Write(configuration));
            // As KeepalivedNode starts it: foreground, console log, VRRP only, pid files in the scratch directory.
            return
            [
                KeepalivedNode.DefaultExecutable, "-n", "-l", "-D", "-P", "-f", path,
                "-p", Path.Combine(directory, "keepalived.pid"), "-r", Path.Combine(directory, "vrrp.pid"),
                "-c", Path.Combine(directory, "checkers.pid"),
            ];
        }
        var configurationPath = Path.Combine(directory, "havrrp.yaml");
        File.WriteAllText(configurationPath, YamlConfigWriter.Write(configuration));
        var launcher = daemon == BenchDaemon.HavrrpdJit ? DaemonLauncher.JitLauncher : HavrrpdNode.DefaultLauncher;
        return [.. launcher, "--config", configurationPath, "--socket", Path.Combine(directory, "havrrpd.sock")];
    }
}
