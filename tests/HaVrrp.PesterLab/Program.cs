using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HaVrrp.PesterLab;

// havrrp-pester-lab: builds the lab, prints one JSON line describing it, then obeys one command per line of
// standard input until it closes (the Pester suite's AfterAll, or its process dying), and tears the lab down.
//   probe-start          probe the VIP from the lab's client every 10 ms    -> {"probing":true}
//   probe-stop NODE      wait until node NODE (1 or 2) answers, stop      -> {"sent":..,"unanswered":..,"responders":[..]}
//   quit                 tear down now
// Every answer is one JSON line; a failed command answers {"error":"..."} and the lab stays up.
//   (with --bench N: one node running N instances, for measurements; no probe)
//   (with --mismatched-vips: node2's VI_1 carries one more VIP than node1's, for Test-VrrpCluster)
await using var lab = args switch
{
    ["--bench", var count] => await PesterLab.StartBenchAsync(int.Parse(count, CultureInfo.InvariantCulture)),
    ["--mismatched-vips"] => await PesterLab.StartAsync(mismatchedVirtualAddresses: true),
    _ => await PesterLab.StartAsync(),
};
Console.WriteLine(new JsonObject
{
    ["labId"] = lab.Lab.Id,
    ["instance"] = PesterLab.InstanceName,
    ["virtualRouterId"] = PesterLab.VirtualRouterId,
    ["foreignInstance"] = PesterLab.ForeignInstanceName,
    ["foreignVirtualRouterId"] = PesterLab.ForeignVirtualRouterId,
    ["virtualAddress"] = lab.VirtualAddress.ToString(),
    ["nodes"] = new JsonArray([.. lab.Daemons.Select(daemon => (JsonNode)new JsonObject
    {
        ["name"] = daemon.Node.Name,
        ["namespace"] = daemon.Node.Namespace,
        ["address"] = daemon.Node.IPv4Address.ToString(),
        ["socketPath"] = daemon.SocketPath,
        ["configPath"] = daemon.ConfigurationPath,
    })]),
}.ToJsonString());

while (Console.ReadLine() is { } line)
{
    var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    if (words is ["quit"])
    {
        break;
    }
    JsonObject answer;
    try
    {
        answer = words switch
        {
            ["probe-start"] => await ProbeStartAsync(),
            ["probe-stop", var node] => await ProbeStopAsync(int.Parse(node, CultureInfo.InvariantCulture)),
            _ => new JsonObject { ["error"] = $"unknown command '{line}'" },
        };
    }
    catch (Exception exception) when (exception is not OutOfMemoryException)
    {
        answer = new JsonObject { ["error"] = exception.Message };
    }
    Console.WriteLine(answer.ToJsonString());
}
return 0;

async Task<JsonObject> ProbeStartAsync()
{
    await lab.StartProbeAsync();
    return new JsonObject { ["probing"] = true };
}

async Task<JsonObject> ProbeStopAsync(int node)
{
    var report = await lab.StopProbeAsync(node - 1);
    return new JsonObject
    {
        ["sent"] = report.Probes.Count,
        ["unanswered"] = report.UnansweredCount,
        ["responders"] = JsonSerializer.SerializeToNode(report.ResponderSequence),
        ["report"] = report.ToString(),
    };
}
