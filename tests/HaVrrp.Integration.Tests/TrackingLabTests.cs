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
[Collection(HandOverTiming.Name)]
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
        // instance.list shows the same finding, with the priorities the daemon worked it out from.
        await using (var client = await HaVrrp.Engine.Control.VrrpControlClient.ConnectAsync(node1.SocketPath))
        {
            var warning = Assert.Single(Assert.Single(await client.ListInstancesAsync()).Warnings);
            Assert.Equal(HaVrrp.Engine.Warnings.InstanceWarningCode.CannotFailOver, warning.Code);
            Assert.Equal(("HV0301", "chk_app", 162, 160), (warning.DiagnosticCode, warning.TrackedObject, warning.Priority, warning.FailedPriority));
            // node2 never was master, so its priority was never heard: the check's assumed backup at 100 stands
            // (101, node2's own, had it advertised as master at start).
            Assert.Contains(warning.PeerPriority, new int?[] { 100, 101 });
        }

        await app1.KillAsync();
        await node1.WaitForLogAsync(@"VRRP_Script\(chk_app\) failed");
        await node1.WaitForLogAsync("effective priority from 162 to 160");

        // Node2 (101) stays below 160: after several advert intervals the VIP has not moved.
        var from = node2.Lines.Count;
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal([lab.Nodes[0]], VipHolders.Of(lab, address));
        Assert.DoesNotContain(node2.Lines.Skip(from), line => line.Text.Contains("Entering MASTER STATE", StringComparison.Ordinal));
    }

    [RootFact]
    public async Task TcpPortCheckWeightMinusTwenty_StoppingTheListener_MovesTheVip()
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        using var scripts = new ScriptDirectory();
        var listener = lab.Nodes[0].InNamespace(() =>
        {
            var started = new TcpListener(IPAddress.Loopback, 8080);
            started.Start();
            return started;
        });
        try
        {
            // bash's /dev/tcp: connect and close; no nc needed. Run inside the node's namespace, like the daemon.
            var port = scripts.Script("chk_port.sh", "exec 3<>/dev/tcp/127.0.0.1/8080", interpreter: "/bin/bash");
            var tracking = (ScriptBlock("chk_port", port, "weight -20"), "    track_script {\n        chk_port\n    }");
            using var node1 = StartNode(lab, lab.Nodes[0], 100, tracking);
            using var node2 = StartNode(lab, lab.Nodes[1], 90, NoTracking);
            var address = TrackingLab.VirtualAddress(lab);
            await node1.WaitForLogAsync(@"VRRP_Script\(chk_port\) succeeded");
            await WaitForHolderAsync(lab, address, lab.Nodes[0]);

            listener.Stop();

            await node1.WaitForLogAsync(@"VRRP_Script\(chk_port\) failed");
            await node1.WaitForLogAsync("effective priority from 100 to 80");
            await WaitForHolderAsync(lab, address, lab.Nodes[1]);
        }
        finally
        {
            listener.Dispose();
        }
    }

    [RootFact]
    public async Task FallThree_OneFailure_DoesNotMoveTheVip_ThreeDo()
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        using var scripts = new ScriptDirectory();
        scripts.Touch("healthy");
        // Fails once when fail-once exists (and removes it), otherwise says whether healthy exists.
        var check = scripts.Script("chk_flag.sh", $$"""
            if [ -f {{scripts.File("fail-once")}} ]; then rm -f {{scripts.File("fail-once")}}; exit 1; fi
            test -f {{scripts.File("healthy")}}
            """);
        var tracking = (ScriptBlock("chk_flag", check, "weight -20\n    fall 3\n    rise 1"), "    track_script {\n        chk_flag\n    }");
        using var node1 = StartNode(lab, lab.Nodes[0], 100, tracking);
        using var node2 = StartNode(lab, lab.Nodes[1], 90, NoTracking);
        var address = TrackingLab.VirtualAddress(lab);
        await node1.WaitForLogAsync(@"VRRP_Script\(chk_flag\) succeeded");
        await WaitForHolderAsync(lab, address, lab.Nodes[0]);

        scripts.Touch("fail-once");
        await Eventually.WaitUntilAsync(() => !File.Exists(scripts.File("fail-once")), Deadline, "consumed by one failing run");
        // Several more runs (all successes) and advert intervals later, nothing has moved.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal([lab.Nodes[0]], VipHolders.Of(lab, address));
        Assert.DoesNotContain(node1.Lines, line => line.Text.Contains("VRRP_Script(chk_flag) failed", StringComparison.Ordinal));

        scripts.Remove("healthy");
        await node1.WaitForLogAsync(@"VRRP_Script\(chk_flag\) failed");
        await WaitForHolderAsync(lab, address, lab.Nodes[1]);
    }

    [RootFact]
    public async Task HungScriptThatForksChildren_IsKilledAtItsTimeout_CountsAsAFailure_AndLeavesNoProcessBehind()
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        using var scripts = new ScriptDirectory();
        scripts.Touch("healthy");
        // Healthy: exits at once. Hung: records its process group (it leads one), starts 20 sleeping children, waits forever.
        var check = scripts.Script("chk_hang.sh", $$"""
            test -f {{scripts.File("healthy")}} && exit 0
            echo $$ >> {{scripts.File("groups")}}
            for i in $(seq 20); do sleep 3600 & done
            wait
            """);
        var tracking = (ScriptBlock("chk_hang", check, "weight -20\n    timeout 1"), "    track_script {\n        chk_hang\n    }");
        using var node1 = StartNode(lab, lab.Nodes[0], 100, tracking);
        using var node2 = StartNode(lab, lab.Nodes[1], 90, NoTracking);
        var address = TrackingLab.VirtualAddress(lab);
        await node1.WaitForLogAsync(@"VRRP_Script\(chk_hang\) succeeded");
        await WaitForHolderAsync(lab, address, lab.Nodes[0]);

        scripts.Remove("healthy");

        await node1.WaitForLogAsync(@"VRRP_Script\(chk_hang\) timed_out");
        await WaitForHolderAsync(lab, address, lab.Nodes[1]);
        var firstGroup = int.Parse(scripts.Lines("groups")[0], CultureInfo.InvariantCulture);
        var survivors = await ProcessGroups.WaitUntilEmptyAsync(firstGroup, Deadline);
        Assert.Empty(survivors);
    }

    [RootFact]
    public async Task SyncGroup_OneMembersScriptFails_BothInstancesFailOverTogether()
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        using var scripts = new ScriptDirectory();
        scripts.Touch("healthy");
        var check = scripts.Script("chk_flag.sh", $"test -f {scripts.File("healthy")}");
        using var node1 = HavrrpdNode.Start(lab.Nodes[0], SyncGroupConfiguration(lab, lab.Nodes[0], 150, ScriptBlock("chk_flag", check, "weight -60")), "keepalived.conf");
        using var node2 = HavrrpdNode.Start(lab.Nodes[1], SyncGroupConfiguration(lab, lab.Nodes[1], 100, scripts: null), "keepalived.conf");
        var first = TrackingLab.VirtualAddress(lab, 200);
        var second = TrackingLab.VirtualAddress(lab, 201);
        await WaitForHolderAsync(lab, first, lab.Nodes[0]);
        await WaitForHolderAsync(lab, second, lab.Nodes[0]);

        scripts.Remove("healthy");

        // Only VI_1 tracks the script; in a sync group its failure faults the whole group (weights become 0).
        await node1.WaitForLogAsync(@"VRRP_Group\(VG_1\) Syncing instances to FAULT state");
        await WaitForHolderAsync(lab, first, lab.Nodes[1]);
        await WaitForHolderAsync(lab, second, lab.Nodes[1]);

        scripts.Touch("healthy");
        await WaitForHolderAsync(lab, first, lab.Nodes[0]);
        await WaitForHolderAsync(lab, second, lab.Nodes[0]);
    }

    [RootFact]
    public async Task WeightZeroScript_Failing_FaultsTheMaster_MovesTheVip_Recovers_AndNotifiesInOrder()
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        using var scripts = new ScriptDirectory();
        scripts.Touch("healthy");
        var fifo = scripts.File("notify.fifo");
        TestCommand.Run("mkfifo", [fifo]);
        using var fifoReader = new FifoReader(fifo);
        var check = scripts.Script("chk_flag.sh", $"test -f {scripts.File("healthy")}");
        var perState = scripts.Script("state.sh", $"echo \"$@\" >> {scripts.File("state.log")}");
        var any = scripts.Script("notify.sh", $"echo \"$@\" >> {scripts.File("notify.log")}");
        var instance = $$"""
                track_script {
                    chk_flag
                }
                notify_master "{{perState}} master"
                notify_backup "{{perState}} backup"
                notify_fault "{{perState}} fault"
                notify "{{any}} any"
            """;
        using var node1 = StartNode(lab, lab.Nodes[0], 150, (ScriptBlock("chk_flag", check, "weight 0"), instance), $"    notify_fifo {fifo}");
        using var node2 = StartNode(lab, lab.Nodes[1], 100, NoTracking);
        var address = TrackingLab.VirtualAddress(lab);
        await WaitForHolderAsync(lab, address, lab.Nodes[0]);

        scripts.Remove("healthy");
        await node1.WaitForLogAsync(@"\(VI_1\) Entering FAULT STATE");
        await WaitForHolderAsync(lab, address, lab.Nodes[1]);

        scripts.Touch("healthy");
        await WaitForHolderAsync(lab, address, lab.Nodes[0]);

        string[] states = ["BACKUP", "MASTER", "FAULT", "BACKUP", "MASTER"];
        await Eventually.WaitUntilAsync(() => scripts.Lines("notify.log").Count >= states.Length, Deadline, "five notify lines");
        await Eventually.WaitUntilAsync(() => scripts.Lines("state.log").Count >= states.Length, Deadline, "five notify_* lines");
        await Eventually.WaitUntilAsync(() => FifoStateLines(fifoReader.Lines).Count() >= states.Length, Deadline, "five FIFO state lines");

        Assert.Equal(states.Select(state => $"any INSTANCE VI_1 {state} "), scripts.Lines("notify.log").Select(WithoutPriority));
        Assert.Equal(states.Select(state => state.ToLowerInvariant()), scripts.Lines("state.log"));
        Assert.Equal(states.Select(state => $"INSTANCE \"VI_1\" {state} "), FifoStateLines(fifoReader.Lines).Select(WithoutPriority));
        AssertLowerPriorityEventsOnlyWhileMaster(fifoReader.Lines);
    }

    /// <summary>The FIFO's INSTANCE lines that report a state (MASTER, BACKUP, FAULT, STOP), without the event lines.</summary>
    private static IEnumerable<string> FifoStateLines(IEnumerable<string> lines) =>
        lines.Where(line => line.StartsWith("INSTANCE", StringComparison.Ordinal) && !line.Contains(MasterReceivedLowerPriority, StringComparison.Ordinal));

    /// <summary>
    /// As keepalived does, a master that receives a lower-priority advert writes a MASTER_RX_LOWER_PRI
    /// line to the FIFO. Whether one comes depends on timing (the peer may still advertise as the
    /// master preempts it), so the test allows it, but only where it can happen: while master.
    /// </summary>
    private static void AssertLowerPriorityEventsOnlyWhileMaster(IEnumerable<string> lines)
    {
        var lastState = string.Empty;
        foreach (var line in lines.Where(line => line.StartsWith("INSTANCE", StringComparison.Ordinal)))
        {
            if (line.Contains(MasterReceivedLowerPriority, StringComparison.Ordinal))
            {
                Assert.True(lastState == "MASTER", $"{line} came while {lastState}, not MASTER");
            }
            else
            {
                lastState = line.Split(' ')[2];
            }
        }
    }

    private const string MasterReceivedLowerPriority = " MASTER_RX_LOWER_PRI ";

    private static (string Scripts, string Instance) NoTracking => (string.Empty, string.Empty);

    /// <summary>"any INSTANCE VI_1 MASTER 150" → "any INSTANCE VI_1 MASTER ": the priority keepalived passes varies with the state.</summary>
    private static string WithoutPriority(string line) => line[..(line.LastIndexOf(' ') + 1)];

    /// <summary>Two instances (VRIDs 51 and 52, VIPs .200 and .201) in VG_1; VI_1 tracks chk_flag when <paramref name="scripts"/> is given.</summary>
    private static string SyncGroupConfiguration(NetworkLab lab, LabNode node, int priority, string? scripts) =>
        $$"""
        global_defs {
            router_id {{node.Name}}
        }
        {{scripts}}
        vrrp_sync_group VG_1 {
            group {
                VI_1
                VI_2
            }
        }
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority {{priority}}
            advert_int 1
            virtual_ipaddress {
                {{TrackingLab.VirtualAddress(lab, 200)}}/24
            }
            {{(scripts is null ? string.Empty : "track_script {\n        chk_flag\n    }")}}
        }
        vrrp_instance VI_2 {
            state BACKUP
            interface eth0
            virtual_router_id 52
            priority {{priority}}
            advert_int 1
            virtual_ipaddress {
                {{TrackingLab.VirtualAddress(lab, 201)}}/24
            }
        }
        """;

    /// <summary>
    /// The pattern many keepalived sites run: the check restarts the service if it can, and if it cannot,
    /// stops the VRRP daemon (`systemctl stop keepalived`) so the peer takes over. With havrrpd the stop is a
    /// graceful hand-over, so clients lose nothing even then.
    /// </summary>
    [RootFact]
    public async Task RestartTheServiceOrStopTheDaemon_RestartsWhenItCan_AndHandsOverWithoutLossWhenItCannot()
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        using var scripts = new ScriptDirectory();
        using var app1 = StartSleeper(lab.Nodes[0], scripts, "app1.pid");
        scripts.Touch("can-restart");
        var check = scripts.Script("chk_or_stop.sh", $"""
            kill -0 "$(cat {scripts.File("app1.pid")})" 2>/dev/null && exit 0
            if [ -f {scripts.File("can-restart")} ]; then
                # "systemctl restart app": a new process outside this check's process group.
                setsid -f sh -c 'echo $$ > {scripts.File("app1.pid")}; exec sleep 3600'
                sleep 0.2
                kill -0 "$(cat {scripts.File("app1.pid")})" 2>/dev/null && exit 0
            fi
            # "systemctl stop keepalived": the service cannot be brought back on this node.
            kill -TERM "$(cat {scripts.File("havrrpd.pid")})"
            exit 1
            """);
        using var node1 = StartNode(lab, lab.Nodes[0], 100, (ScriptBlock("chk_or_stop", check, "weight 2"), "    track_script {\n        chk_or_stop\n    }"));
        File.WriteAllText(scripts.File("havrrpd.pid"), node1.Process.ProcessId.ToString(CultureInfo.InvariantCulture));
        using var node2 = StartNode(lab, lab.Nodes[1], 90, (string.Empty, string.Empty));
        var address = TrackingLab.VirtualAddress(lab);
        await WaitForHolderAsync(lab, address, lab.Nodes[0]);

        // The service dies and the check brings it back: node1 keeps the VIP and keeps running.
        await app1.KillAsync();
        await Eventually.WaitUntilAsync(
            () => File.ReadAllText(scripts.File("app1.pid")).Trim(), pid => pid != app1.ProcessId.ToString(CultureInfo.InvariantCulture),
            Deadline, "the check to restart the service");
        Assert.Equal([lab.Nodes[0]], VipHolders.Of(lab, address));

        // Now it cannot be restarted: the check stops havrrpd, which hands the VIP over without a lost probe.
        scripts.Remove("can-restart");
        await using var probe = ClientProbe.Start(lab, address);
        await probe.WaitForAnswerFromAsync(lab.Nodes[0], Deadline);
        TestCommand.Run("kill", ["-KILL", File.ReadAllText(scripts.File("app1.pid")).Trim()]);
        Assert.Equal(0, await node1.Process.WaitForExitAsync(Deadline));
        await probe.WaitForAnswerFromAsync(lab.Nodes[1], Deadline);
        var report = await probe.StopAsync();

        Assert.Contains(node1.Lines, line => line.Text.Contains("new master", StringComparison.Ordinal));
        ProbeAssert.NoneLost(report);
        Assert.Equal([lab.Nodes[1]], VipHolders.Of(lab, address));
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
