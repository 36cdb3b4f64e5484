using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// Issue 9 against a running daemon: a lone master is reloaded (SIGHUP) with the worst files the fuzzing found
/// (nesting 100,000 deep, /dev/zero, a FIFO, a $VAR bomb, include fan-out, 80 MB of includes, a million open
/// blocks). After each it must still be master with its VIP, have logged the diagnostic (never a stack trace),
/// and keep its memory bounded; a good file afterwards still reloads.
/// </summary>
public sealed class HostileReloadTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Well above an idle daemon's resident memory (about 60 MiB), far below what the reproducers reached (4-7 GB).</summary>
    private const long ResidentMemoryCapBytes = 300L * 1024 * 1024;

    private static readonly Regex StateChangeOrVipRemoval = new(@"Entering \w+ STATE|removing VIPs", RegexOptions.CultureInvariant);
    private static readonly Regex StackTrace = new(@"^\s+at \S+\(|\b\w+Exception\b", RegexOptions.CultureInvariant);
    private static readonly Regex Rejected = new(@"has \d+ error\(s\); keeping the running configuration", RegexOptions.CultureInvariant);

    [RootFact]
    public async Task YamlMaster_ReloadedWithDeepOrBrokenYaml_StaysMasterWithItsVip()
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        var node = lab.Nodes[0];
        var address = TrackingLab.VirtualAddress(lab);
        var good = $"""
            vrrp_instances:
              VI_1:
                state: MASTER
                interface: eth0
                virtual_router_id: {TrackingLab.VirtualRouterId}
                priority: 150
                advert_int: 1s
                virtual_ipaddress:
                  - {address}/24
            """;
        using var master = HavrrpdNode.Start(node, good, "havrrp.yaml");
        await master.WaitForStateAsync("MASTER");
        var afterStart = master.Lines.Count;

        await ReloadAndExpectRejectionAsync(master, new string('[', 30_000) + "\n", "HV0007", address, "30,000 [");
        await ReloadAndExpectRejectionAsync(master, string.Concat(Enumerable.Repeat("{a: ", 100_000)) + "\n", "HV0007", address, "{a: nested 100,000 deep");
        await ReloadAndExpectRejectionAsync(master, "a: [\nb", "HV0050", address, "a: [ / b");

        await ReloadAndExpectSuccessAsync(master, good);
        Assert.Empty(master.LinesMatching(StateChangeOrVipRemoval, afterStart));
    }

    [RootFact]
    public async Task KeepalivedMaster_ReloadedWithDevicesBombsAndFanOut_StaysMasterWithItsVip()
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        var node = lab.Nodes[0];
        var address = TrackingLab.VirtualAddress(lab);
        var good = TrackingLab.Configuration(lab, node, priority: 150, scripts: string.Empty, instanceExtra: string.Empty);
        using var master = HavrrpdNode.Start(node, good, "keepalived.conf");
        await master.WaitForStateAsync("MASTER");
        var afterStart = master.Lines.Count;
        var directory = master.Directory;

        await ReloadAndExpectRejectionAsync(master, "include /dev/zero\n" + good, "HV0006", address, "include /dev/zero");

        MakeFifo(Path.Combine(directory, "pipe.conf"));
        await ReloadAndExpectRejectionAsync(master, "include pipe.conf\n" + good, "HV0006", address, "include of a FIFO");

        await ReloadAndExpectRejectionAsync(master, ParameterBomb() + good, "HV0007", address, "$VAR bomb");

        for (var level = 1; level <= 30; level++)
        {
            File.WriteAllText(Path.Combine(directory, $"level{level}.conf"),
                level == 30 ? "! the end\n" : string.Concat(Enumerable.Repeat($"include level{level + 1}.conf\n", 4)));
        }
        await ReloadAndExpectRejectionAsync(master, string.Concat(Enumerable.Repeat("include level1.conf\n", 4)) + good, "HV0007", address, "include fan-out");

        var comment = new string('#', 4_000_000 - 1) + "\n";
        for (var index = 0; index < 20; index++)
        {
            File.WriteAllText(Path.Combine(directory, $"big{index:00}.conf"), comment);
        }
        await ReloadAndExpectRejectionAsync(master, "include big*.conf\n" + good, "HV0007", address, "20 includes of 4 MB");

        await ReloadAndExpectRejectionAsync(master, good + string.Concat(Enumerable.Repeat("x {\n", 1_000_000)), "HV0007", address, "a million x {");

        await ReloadAndExpectSuccessAsync(master, good);
        Assert.Empty(master.LinesMatching(StateChangeOrVipRemoval, afterStart));
    }

    private async Task ReloadAndExpectRejectionAsync(HavrrpdNode master, string hostileText, string code, System.Net.IPAddress address, string what)
    {
        var before = master.Lines.Count;
        await File.WriteAllTextAsync(master.ConfigurationPath, hostileText);
        master.Reload();
        await master.WaitForLogAsync(Rejected, before);

        var logged = master.Lines.Skip(before).Select(line => line.Text).ToList();
        Assert.False(master.Process.HasExited, master.Transcript());
        Assert.Contains(logged, line => line.Contains($" {code}: ", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, line => StackTrace.IsMatch(line));
        Assert.True(VipHolders.Holds(master.Node, address), $"the VIP left the master after a reload expecting {code}\n{master.Transcript()}");
        var resident = ResidentBytes(master.Process.ProcessId);
        output.WriteLine($"{what}: {code}, still master with its VIP, resident memory {resident / (1024 * 1024)} MiB");
        Assert.True(resident < ResidentMemoryCapBytes, $"resident memory {resident / (1024 * 1024)} MiB after a reload expecting {code}");
    }

    private static async Task ReloadAndExpectSuccessAsync(HavrrpdNode master, string text)
    {
        var before = master.Lines.Count;
        await File.WriteAllTextAsync(master.ConfigurationPath, text);
        master.Reload();
        await master.WaitForLogAsync(new Regex("reloaded: unchanged 1, changed 0, removed 0, added 0", RegexOptions.CultureInvariant), before);
    }

    /// <summary>issue 9's 47 KB file: each use of $E16 is 393,216 characters, and it is used 3,000 times.</summary>
    private static string ParameterBomb()
    {
        var text = new StringBuilder("$E0=abcdef\n");
        for (var level = 1; level <= 16; level++)
        {
            text.Append(CultureInfo.InvariantCulture, $"$E{level}=$E{level - 1}$E{level - 1}\n");
        }
        for (var use = 0; use < 3000; use++)
        {
            text.Append("    script $E16\n");
        }
        return text.ToString();
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>VmRSS from /proc: what the kernel's OOM killer would look at.</summary>
    private static long ResidentBytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
