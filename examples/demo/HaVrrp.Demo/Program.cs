using System.Diagnostics;
using System.Net;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;
using HaVrrp.TestSupport;

// The README's main command: two havrrpd nodes in network namespaces, an election, a crash fail-over
// measured from a client, a graceful hand-over, and a clean-up. Needs root (namespaces, raw sockets).
if (Environment.UserName != "root")
{
    Console.Error.WriteLine("The demo builds network namespaces: run it as root (sudo).");
    return 2;
}

var virtualAddress = IPAddress.Parse("10.250.0.200");
var configurationPath = Path.Combine(AppContext.BaseDirectory, "keepalived.conf");
var configuration = File.ReadAllText(configurationPath);
var patience = TimeSpan.FromSeconds(30);

Step($"Building a lab: a bridge, node1, node2 and a client in network namespaces (10.250.0.0/24)");
using var lab = NetworkLab.Create(nodeCount: 2, ipv4Prefix: "10.250.0");
var (node1, node2) = (lab.Nodes[0], lab.Nodes[1]);
Console.WriteLine($"  {node1}\n  {node2}\n  client {lab.Client.IPv4Address}");

Step($"Starting havrrpd on both nodes with {configurationPath}");
using var first = StartNode(node1);
using var second = StartNode(node2);
await Eventually.WaitUntilAsync(() => VipHolders.Of(lab, virtualAddress).Count == 1, patience, "an elected master");
await first.WaitForLogAsync(@"\(VI_1\) Entering MASTER STATE", patience);
Show(first, "node1");
Show(second, "node2");
Console.WriteLine($"  => {string.Join(", ", VipHolders.Of(lab, virtualAddress).Select(n => n.Name))} holds {virtualAddress}");

Step("The host node1 dies: kill -9 its havrrpd and cut its link, while the client probes the VIP every 10 ms");
await using (var probe = ClientProbe.Start(lab, virtualAddress))
{
    await probe.WaitForAnswerFromAsync(node1, patience);
    await first.KillAsync();
    node1.CutLink();
    await probe.WaitForAnswerFromAsync(node2, patience);
    var report = await probe.StopAsync();
    Show(second, "node2");
    var masterDown = VrrpTimers.MasterDownInterval(100, TimeSpan.FromSeconds(1));
    Console.WriteLine($"  => node2 took over. The client saw an outage of {report.LongestOutage.TotalMilliseconds:0} ms " +
                      $"({report.LongestUnansweredRun} probes unanswered); node2's Master_Down_Interval is {masterDown.TotalMilliseconds:0} ms.");
}

Step("node1 comes back: it preempts (priority 150 > 100)");
node1.RestoreLink();
using var restarted = StartNode(node1);
await restarted.WaitForLogAsync(@"\(VI_1\) Entering MASTER STATE", patience);
await Eventually.WaitUntilAsync(() => VipHolders.Of(lab, virtualAddress).SequenceEqual([node1]), patience, "node1 holding the VIP again");
Console.WriteLine($"  => node1 holds {virtualAddress} again");

Step("Maintenance on node1: systemctl stop (SIGTERM). It hands over before it goes");
await using (var probe = ClientProbe.Start(lab, virtualAddress))
{
    await probe.WaitForAnswerFromAsync(node1, patience);
    var clock = Stopwatch.StartNew();
    var exitCode = await restarted.StopGracefullyAsync(patience);
    await probe.WaitForAnswerFromAsync(node2, patience);
    var report = await probe.StopAsync();
    Show(restarted, "node1");
    Console.WriteLine($"  => havrrpd on node1 exited {exitCode} after {clock.Elapsed.TotalMilliseconds:0} ms; " +
                      $"{report.UnansweredCount} of {report.Probes.Count} client probes went unanswered (keepalived loses about Skew_Time here).");
}

Step("Cleaning up: stopping node2 and removing the namespaces");
await second.StopGracefullyAsync(patience);
return 0;

HavrrpdNode StartNode(LabNode node) =>
    HavrrpdNode.Start(node, configuration, "keepalived.conf", [.. HavrrpdNode.DefaultLauncher, "--config-id", node.Name]);

static void Step(string text) => Console.WriteLine($"\n== {text}");

// The lines an operator would grep for, as havrrpd logged them.
static void Show(LabDaemon daemon, string name)
{
    foreach (var line in daemon.Lines.Where(l => l.Text.Contains("STATE", StringComparison.Ordinal) ||
                                                 l.Text.Contains("VIPs", StringComparison.Ordinal) ||
                                                 l.Text.Contains("priority", StringComparison.Ordinal)).TakeLast(6))
    {
        Console.WriteLine($"  {name}: {line.Text}");
    }
}
