using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// Tracking end to end: two havrrpd nodes in a namespace lab whose vrrp_scripts look at things the test
/// controls (a process, a flag file, a TCP listener), watched from outside (who holds the address, what
/// the daemons log, what notify scripts wrote). Deadlines are generous; nothing asserts how fast.
/// </summary>
public sealed class TrackingLabTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [RootFact]
    public async Task ProcessCheckWeightPlusTwo_At100Over99_KillingTheProcess_MovesTheVip()
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        using var scripts = new ScriptDirectory();
        using var app1 = StartSleeper(lab.Nodes[0], scripts, "app1.pid");
        using var app2 = StartSleeper(lab.Nodes[1], scripts, "app2.pid");
        using var node1 = StartNode(lab, lab.Nodes[0], 100, ProcessCheck(scripts, "app1.pid", "weight 2"));
        using var node2 = StartNode(lab, lab.Nodes[1], 99, ProcessCheck(scripts, "app2.pid", "weight 2"));
        var address = TrackingLab.VirtualAddress(lab);
        await WaitForHolderAsync(lab, address, lab.Nodes[0]);

        await app1.KillAsync();

        await node1.WaitForLogAsync(@"VRRP_Script\(chk_app\) failed");
        await WaitForHolderAsync(lab, address, lab.Nodes[1]);
        await node2.WaitForLogAsync(@"\(VI_1\) Entering MASTER STATE");
    }

    [RootFact]
    public async Task ProcessCheckWeightPlusTwo_At160Over99_KillingTheProcess_KeepsTheVip_AndBothCheckAndDaemonWarn()
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        using var scripts = new ScriptDirectory();
        using var app1 = StartSleeper(lab.Nodes[0], scripts, "app1.pid");
        using var app2 = StartSleeper(lab.Nodes[1], scripts, "app2.pid");
        var (scriptBlock, instanceBlock) = ProcessCheck(scripts, "app1.pid", "weight 2");
        var configuration = TrackingLab.Configuration(lab, lab.Nodes[0], 160, scriptBlock, instanceBlock);

        var check = RunCheck(scripts, configuration);
        Assert.Contains("HV0301", check, StringComparison.Ordinal);
        Assert.Contains("can never cause a fail-over", check, StringComparison.Ordinal);

        using var node1 = HavrrpdNode.Start(lab.Nodes[0], configuration, "keepalived.conf");
        using var node2 = StartNode(lab, lab.Nodes[1], 99, ProcessCheck(scripts, "app2.pid", "weight 2"));
        await node1.WaitForLogAsync("HV0301.*can never cause a fail-over");
        var address = TrackingLab.VirtualAddress(lab);
        await WaitForHolderAsync(lab, address, lab.Nodes[0]);

        await app1.KillAsync();
        await node1.WaitForLogAsync(@"VRRP_Script\(chk_app\) failed");
        await node1.WaitForLogAsync("effective priority from 162 to 160");

        // Node2 (101) stays below 160: after several advert intervals the VIP has not moved.
        var from = node2.Lines.Count;
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal([lab.Nodes[0]], VipHolders.Of(lab, address));
        Assert.DoesNotContain(node2.Lines.Skip(from), line => line.Text.Contains("Entering MASTER STATE", StringComparison.Ordinal));
    }

    private static LabProcess StartSleeper(LabNode node, ScriptDirectory scripts, string pidFile)
    {
        var process = LabProcess.Start(["sleep", "3600"], node.Namespace);
        File.WriteAllText(scripts.File(pidFile), process.ProcessId.ToString(CultureInfo.InvariantCulture));
        return process;
    }

    /// <summary>A process check: the pid in <paramref name="pidFile"/> is alive.</summary>
    private static (string Scripts, string Instance) ProcessCheck(ScriptDirectory scripts, string pidFile, string weight, string name = "chk_app")
    {
        var path = scripts.Script(name + "-" + pidFile + ".sh", $"kill -0 \"$(cat {scripts.File(pidFile)})\" 2>/dev/null");
        return (ScriptBlock(name, path, weight), $"    track_script {{\n        {name}\n    }}");
    }

    private static string ScriptBlock(string name, string path, string extra) =>
        $$"""
        vrrp_script {{name}} {
            script "{{path}}"
            interval 1
            {{extra}}
        }
        """;

    private static HavrrpdNode StartNode(NetworkLab lab, LabNode node, int priority, (string Scripts, string Instance) tracking, string globalExtra = "") =>
        HavrrpdNode.Start(node, TrackingLab.Configuration(lab, node, priority, tracking.Scripts, tracking.Instance, globalExtra), "keepalived.conf");

    private static async Task WaitForHolderAsync(NetworkLab lab, IPAddress address, LabNode holder) =>
        await Eventually.WaitUntilAsync(
            () => VipHolders.Of(lab, address), nodes => nodes.Count == 1 && nodes[0] == holder, Deadline, $"held by {holder.Name} alone");

    /// <summary>`havrrpd --check` on the configuration; returns everything it printed.</summary>
    private static string RunCheck(ScriptDirectory scripts, string configuration)
    {
        var path = scripts.File("check.conf");
        File.WriteAllText(path, configuration);
        var startInfo = new System.Diagnostics.ProcessStartInfo(HavrrpdNode.DefaultLauncher[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in HavrrpdNode.DefaultLauncher.Skip(1).Concat(["--check", "--config", path]))
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(startInfo)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output + error.GetAwaiter().GetResult();
    }
}
