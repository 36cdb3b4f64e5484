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
