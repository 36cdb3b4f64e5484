using System.Globalization;
using HaVrrp.Engine.Configuration.Yaml;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// The product as operators install it: the Native AOT havrrpd (docs/daemon.md "Native AOT"), not the JIT
/// havrrpd.dll the other tests run. It reads both syntaxes, writes YAML, and fails a pair over in a namespace lab.
/// Not in the hand-over timing collection: its verdicts do not rest on timing, and the publish (minutes of CPU)
/// then runs while the parallel classes run, never beside a timing-sensitive one.
/// </summary>
public sealed class NativeDaemonLabTests(NativeHavrrpd native) : IClassFixture<NativeHavrrpd>
{
    [Fact]
    public void Check_AndConvert_WorkWithoutTheJit()
    {
        var keepalived = Path.Combine(NativeHavrrpd.RepositoryRoot, "examples", "keepalived", "lb-pair.conf");

        // TestCommand fails the test, with havrrpd's stderr, on any exit code but 0.
        var check = TestCommand.Run(native.Path, ["--check", "--config", keepalived]);
        var yaml = TestCommand.Run(native.Path, ["--convert", "yaml", "--config", keepalived]);
        var checkYaml = TestCommand.Run(native.Path, ["--check", "--format", "yaml", "--config", "-"], standardInput: yaml);

        Assert.Contains("Configuration is valid: 2 instances", check, StringComparison.Ordinal);
        Assert.Contains("virtual_router_id: 51", yaml, StringComparison.Ordinal);
        Assert.Contains("Configuration is valid: 2 instances", checkYaml, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task NativePair_ElectsThePreferredNode_AndTheBackupTakesOverWhenItIsKilled()
    {
        var profile = LabProfile.Version3;
        using var lab = NetworkLab.Create(nodeCount: 2);
        var address = profile.VirtualAddress(lab);
        using var preferred = HavrrpdNode.Start(
            lab.Nodes[0], profile.Configuration(lab, lab.Nodes[0], VrrpPair.PreferredPriority), launcher: [native.Path]);
        // The second node starts once the first is BACKUP, so that the election has one natural winner (see VrrpPair).
        await preferred.WaitForStateAsync("BACKUP");
        using var other = HavrrpdNode.Start(
            lab.Nodes[1], profile.Configuration(lab, lab.Nodes[1], VrrpPair.OtherPriority), launcher: [native.Path]);

        await preferred.WaitForStateAsync("MASTER");
        await other.WaitForStateAsync("BACKUP");
        await Eventually.WaitUntilAsync(
            () => VipHolders.Of(lab, address), holders => holders.SequenceEqual([lab.Nodes[0]]), VrrpPair.Deadline, "held by node1 alone");

        await preferred.KillAsync();
        preferred.Node.CutLink();

        await other.WaitForStateAsync("MASTER");
        await Eventually.WaitUntilAsync(
            () => VipHolders.Of(lab, address), holders => holders.Contains(lab.Nodes[1]), VrrpPair.Deadline, "held by node2");
    }

    /// <summary>
    /// vrrp_rt_priority as keepalived runs it (docs/daemon.md "Real-time scheduling"): every thread of the daemon is
    /// SCHED_RR at the priority written, under the CPU limit; a notify script runs with normal scheduling; a reload
    /// without the keyword puts the threads back. Checked on the native build: the JIT runtime re-prioritises the
    /// threads it starts (they inherit SCHED_RR, at a priority of its own choosing).
    /// </summary>
    [RootFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task WithVrrpRtPriority_EveryThreadRunsRealtime_AndNotifyScriptsDoNot()
    {
        var profile = LabProfile.Version3;
        using var lab = NetworkLab.Create(nodeCount: 1);
        var scratch = Directory.CreateTempSubdirectory("havrrp-realtime-");
        try
        {
            var policyFile = Path.Combine(scratch.FullName, "notify-policy");
            var script = Path.Combine(scratch.FullName, "notify.sh");
            // Fields 40 and 41 of /proc/PID/stat: the real-time priority and the policy (0 is SCHED_OTHER).
            File.WriteAllText(script, $"#!/bin/sh\ncut -d' ' -f40,41 /proc/$$/stat > {policyFile}.tmp && mv {policyFile}.tmp {policyFile}\n");
            File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
            var plain = profile.Configuration(lab, lab.Nodes[0], VrrpPair.PreferredPriority);
            var realtime = plain with
            {
                Global = plain.Global with { Scheduling = new() { RealtimePriority = 7, RealtimeLimit = TimeSpan.FromMilliseconds(400) } },
                Instances = [plain.Instances[0] with { Notify = new() { Master = new(script) } }],
            };
            using var daemon = HavrrpdNode.Start(lab.Nodes[0], realtime, launcher: [native.Path]);

            await daemon.WaitForStateAsync("MASTER");
            await daemon.WaitForLogAsync("Real-time scheduling: SCHED_RR priority 7");
            var threads = ThreadPolicies(daemon.Process.ProcessId);
            Assert.All(threads, thread => Assert.Equal((7, RoundRobin), (thread.Priority, thread.Policy)));
            Assert.Contains(threads, thread => thread.Name == "havrrp-engine");
            Assert.Contains(threads, thread => thread.Name.StartsWith("vrrp4", StringComparison.Ordinal));
            Assert.Matches(@"Max realtime timeout\s+200000\s+400000\s+us", File.ReadAllText($"/proc/{daemon.Process.ProcessId}/limits"));
            await Eventually.WaitUntilAsync(() => File.Exists(policyFile), VrrpPair.Deadline, "the notify script ran");
            Assert.Equal("0 0", File.ReadAllText(policyFile).Trim());

            File.WriteAllText(daemon.ConfigurationPath, YamlConfigWriter.Write(realtime with { Global = plain.Global }));
            daemon.Reload();

            await daemon.WaitForLogAsync("Normal scheduling");
            Assert.All(ThreadPolicies(daemon.Process.ProcessId), thread => Assert.Equal((0, Normal), (thread.Priority, thread.Policy)));
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private const int Normal = 0;
    private const int RoundRobin = 2;

    /// <summary>Each thread's name, real-time priority and policy, from /proc/PID/task/TID/stat.</summary>
    private static List<(string Name, int Priority, int Policy)> ThreadPolicies(int processId) =>
        [.. Directory.EnumerateDirectories($"/proc/{processId}/task").Select(directory =>
        {
            var stat = File.ReadAllText(Path.Combine(directory, "stat"));
            // The name is in parentheses and may hold spaces ("vrrp4 eth0"); fields after it start at field 3.
            var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (name, int.Parse(fields[40 - 3], CultureInfo.InvariantCulture), int.Parse(fields[41 - 3], CultureInfo.InvariantCulture));
        })];
}

/// <summary>
/// The Native AOT havrrpd: the executable named by $HAVRRPD when set (CI or a benchmark may have published it
/// already), else `dotnet publish` of src/HaVrrp.Service, once per test run. Publishing again over an unchanged
/// tree is quick: the native compile is skipped when its inputs have not changed.
/// </summary>
public sealed class NativeHavrrpd
{
    public NativeHavrrpd()
    {
        if (Environment.GetEnvironmentVariable("HAVRRPD") is { Length: > 0 } given)
        {
            Path = given;
            return;
        }
        var project = System.IO.Path.Combine(RepositoryRoot, "src", "HaVrrp.Service");
        var output = System.IO.Path.Combine(project, "bin", "Release", "net10.0", "linux-x64", "publish");
        // A build server would outlive the test run; --disable-build-servers keeps the publish to this one process tree.
        TestCommand.Run("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", output, "--disable-build-servers"]);
        Path = System.IO.Path.Combine(output, "havrrpd");
    }

    /// <summary>The native executable.</summary>
    public string Path { get; }

    /// <summary>The checkout the tests were built from: the nearest directory above the test assembly with HaVrrp.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "HaVrrp.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No HaVrrp.sln above {AppContext.BaseDirectory}.");
    }
}
