using System.Diagnostics;
using System.Net;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Platform.Linux.Announcements;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Warnings;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport;
using Xunit.Abstractions;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// The split-brain warnings of instance.list (docs/diagnostics.md "Runtime warnings") on two real havrrpd nodes,
/// read through the control client on each node's socket: silent in a healthy pair, raised on both nodes naming the
/// other when VRRP is filtered between them (nftables dropping IP protocol 112), cleared when it passes again.
/// Timing-sensitive (the issue asks for both warnings within 10 s), hence the hand-over collection.
/// </summary>
[Collection(HandOverTiming.Name)]
public sealed class SplitBrainEvidenceLabTests(ITestOutputHelper output)
{
    private static readonly TimeSpan WarnWithin = TimeSpan.FromSeconds(10);

    [RootFact]
    public async Task HealthyPair_ForSixtySeconds_NeitherNodeShowsAnyWarning_WhileTheMasterProbesItsVip()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Version3);
        await pair.WaitForPreferredAsMasterAsync();
        await using var master = await ClientOf(pair.Preferred);
        await using var backup = await ClientOf(pair.Other);
        using var capture = LabCapture.Open(pair.Other.Node, PacketSocket.EthertypeArp);
        using var stop = new CancellationTokenSource();
        var probes = CountProbesAsync(capture, pair.Preferred.Node, pair.Address, stop.Token);

        var cpuBefore = CpuTimeOf(pair.Preferred.Process.ProcessId);
        var samples = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            foreach (var client in new[] { master, backup })
            {
                var instance = Assert.Single(await client.ListInstancesAsync());
                Assert.False(instance.SplitBrainSuspected, $"{instance.State}: {string.Join("; ", instance.Warnings.Select(warning => warning.Message))}");
                Assert.Empty(instance.Warnings);
                samples++;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        await stop.CancelAsync();
        // A figure for docs/performance.md, not a verdict: the master's CPU over the minute, adverts, probes and the
        // control requests of this test included.
        output.WriteLine($"master havrrpd used {(CpuTimeOf(pair.Preferred.Process.ProcessId) - cpuBefore).TotalMilliseconds:0} ms of CPU in {clock.Elapsed.TotalSeconds:0} s");

        Assert.True(samples >= 100, $"{samples} samples");
        output.WriteLine($"{samples} samples of instance.list, all without warnings");
        Assert.Equal(VrrpState.Master, Assert.Single(await master.ListInstancesAsync()).State);
        // The check was not vacuous: the master kept asking the segment who else holds the VIP.
        var probesSeen = await probes;
        output.WriteLine($"{probesSeen} ARP probes for the VIP from the master in 60 s");
        Assert.True(probesSeen >= 10, $"{probesSeen} ARP probes for {pair.Address} from the master in 60 s");
    }

    /// <summary>IPv4 multicast, unicast peers, and IPv6 (probed with neighbour solicitations from ::).</summary>
    [RootTheory]
    [InlineData("v3-multicast-0.5s")]
    [InlineData("v2-unicast")]
    [InlineData("v3-ipv6")]
    public async Task VrrpFilteredBetweenThem_BothBecomeMaster_BothWarnNamingTheOther_AndTheWarningsClearWhenItPasses(string profile)
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Named(profile));
        await pair.WaitForPreferredAsMasterAsync();
        await using var first = await ClientOf(pair.Preferred);
        await using var second = await ClientOf(pair.Other);
        var firstNode = pair.Preferred.Node;
        var secondNode = pair.Other.Node;
        using var filter = VrrpFilter.Apply(firstNode, secondNode);

        // Both polls start now and give up after the issue's 10 s.
        var clock = Stopwatch.StartNew();
        var firstWarned = WaitForSplitBrainNamingAsync(first, secondNode, WarnWithin);
        var secondWarned = WaitForSplitBrainNamingAsync(second, firstNode, WarnWithin);
        var (firstInstance, secondInstance) = (await firstWarned, await secondWarned);
        output.WriteLine($"both warned {clock.Elapsed.TotalSeconds:0.0} s after the filter went in");
        foreach (var warning in firstInstance.Warnings.Concat(secondInstance.Warnings))
        {
            output.WriteLine($"{warning.Code}: {warning.Message}");
        }

        Assert.Equal(VrrpState.Master, firstInstance.State);
        Assert.Equal(VrrpState.Master, secondInstance.State);
        Assert.All(firstInstance.Warnings.Concat(secondInstance.Warnings), warning => Assert.Contains(pair.Address.ToString(), warning.Addresses ?? []));
        await pair.Preferred.WaitForLogAsync(@"\(VI_1\) .* answers for our VIP .*: split brain");

        filter.Lift();
        clock.Restart();

        await WaitForNoWarningsAsync(first, VrrpPair.Deadline);
        await WaitForNoWarningsAsync(second, VrrpPair.Deadline);
        output.WriteLine($"both clear {clock.Elapsed.TotalSeconds:0.0} s after the filter was lifted");
        await pair.WaitForSoleHolderAsync(firstNode);
        await pair.Preferred.WaitForLogAsync(@"\(VI_1\) split-brain evidence gone");
    }

    /// <summary>
    /// A one-way filter: the other node stops hearing the preferred master, so it becomes master too, while the
    /// preferred one still hears its adverts. The RFC's election would settle that in one advert interval if it could;
    /// it cannot, so the preferred node warns of another master (naming it, with its priority), and both see the
    /// other's MAC answer for the VIP.
    /// </summary>
    [RootFact]
    public async Task VrrpFilteredOneWay_ThePreferredMasterWarnsOfAnotherMaster_NamingIt_AndItClearsWhenItPasses()
    {
        using var pair = await VrrpPair.StartAsync(LabProfile.Named("v3-multicast-0.5s"));
        await pair.WaitForPreferredAsMasterAsync();
        await using var first = await ClientOf(pair.Preferred);
        await using var second = await ClientOf(pair.Other);
        var firstNode = pair.Preferred.Node;
        var secondNode = pair.Other.Node;
        using var filter = VrrpFilter.Apply(secondNode);

        var firstInstance = await Eventually.WaitUntilAsync(
            async () => Assert.Single(await first.ListInstancesAsync()),
            instance => instance.State == VrrpState.Master
                && instance.Warnings.Any(warning => warning.Code == InstanceWarningCode.AnotherMaster && Equals(warning.PeerAddress, secondNode.IPv4Address)),
            VrrpPair.Deadline,
            $"node1 master, warning of another master at {secondNode.IPv4Address}");
        await WaitForSplitBrainNamingAsync(second, firstNode, VrrpPair.Deadline);
        foreach (var warning in firstInstance.Warnings)
        {
            output.WriteLine($"{warning.Code}: {warning.Message}");
        }
        var anotherMaster = Assert.Single(firstInstance.Warnings, warning => warning.Code == InstanceWarningCode.AnotherMaster);
        Assert.True(anotherMaster.SplitBrain);
        Assert.Equal(VrrpPair.OtherPriority, anotherMaster.PeerPriority);
        Assert.True(firstInstance.SplitBrainSuspected);

        filter.Lift();

        await WaitForNoWarningsAsync(first, VrrpPair.Deadline);
        await WaitForNoWarningsAsync(second, VrrpPair.Deadline);
        await pair.WaitForSoleHolderAsync(firstNode);
    }

    /// <summary>utime + stime of a process (/proc/PID/stat fields 14 and 15, in USER_HZ = 100 ticks per second).</summary>
    private static TimeSpan CpuTimeOf(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static async Task<VrrpControlClient> ClientOf(LabDaemon daemon) =>
        await VrrpControlClient.ConnectAsync(((HavrrpdNode)daemon).SocketPath);

    private static string MacOf(LabNode node) => AddressProbeFrames.Format(node.MacAddress.GetAddressBytes());

    /// <summary>Polls instance.list until the instance is master with a split-brain warning naming <paramref name="other"/>.</summary>
    private static async Task<InstanceInfo> WaitForSplitBrainNamingAsync(VrrpControlClient client, LabNode other, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        InstanceInfo instance;
        do
        {
            instance = Assert.Single(await client.ListInstancesAsync());
            var named = instance.Warnings.Any(warning => warning.SplitBrain
                && (warning.HardwareAddress == MacOf(other)
                    || Equals(warning.PeerAddress, other.IPv4Address) || Equals(warning.PeerAddress, other.LinkLocalAddress)));
            if (instance.State == VrrpState.Master && named)
            {
                return instance;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        while (clock.Elapsed < deadline);
        throw new TimeoutException(
            $"{instance.Name} is {instance.State} with warnings [{string.Join("; ", instance.Warnings.Select(warning => warning.Message))}] "
            + $"after {deadline.TotalSeconds} s, none naming {other} ({MacOf(other)})");
    }

    private static Task<InstanceInfo> WaitForNoWarningsAsync(VrrpControlClient client, TimeSpan deadline) =>
        Eventually.WaitUntilAsync(
            async () => Assert.Single(await client.ListInstancesAsync()),
            instance => instance.Warnings.Count == 0,
            deadline,
            "free of warnings");

    /// <summary>Counts ARP probes (sender 0.0.0.0) for <paramref name="address"/> from <paramref name="sender"/>'s MAC.</summary>
    private static async Task<int> CountProbesAsync(LabCapture capture, LabNode sender, IPAddress address, CancellationToken cancellationToken)
    {
        var mac = sender.MacAddress.GetAddressBytes();
        var target = address.GetAddressBytes();
        var count = 0;
        try
        {
            while (true)
            {
                await capture.NextFrameAsync(
                    frame => frame.Length >= 42 && frame.AsSpan(6, 6).SequenceEqual(mac)
                        && frame[20] == 0 && frame[21] == 1
                        && frame.AsSpan(28, 4).SequenceEqual(new byte[4])
                        && frame.AsSpan(38, 4).SequenceEqual(target),
                    cancellationToken);
                count++;
            }
        }
        catch (OperationCanceledException)
        {
            return count;
        }
    }

    /// <summary>
    /// nftables in both nodes' namespaces dropping IP protocol 112 (VRRP, IPv4 and IPv6) on input, in a table of a
    /// unique name; lifted on dispose even when the test fails.
    /// </summary>
    private sealed class VrrpFilter : IDisposable
    {
        private readonly LabNode[] _nodes;
        private readonly string _table = TestCommand.UniqueName("havrrp_sb_", 4).Replace('-', '_');
        private bool _lifted;

        private VrrpFilter(LabNode[] nodes) => _nodes = nodes;

        public static VrrpFilter Apply(params LabNode[] nodes)
        {
            var filter = new VrrpFilter(nodes);
            try
            {
                foreach (var node in nodes)
                {
                    TestCommand.Run("ip", ["netns", "exec", node.Namespace, "nft", "-f", "-"],
                        $"table inet {filter._table} {{\n  chain input {{\n    type filter hook input priority 0; policy accept;\n    meta l4proto 112 drop\n  }}\n}}\n");
                }
                return filter;
            }
            catch
            {
                filter.Dispose();
                throw;
            }
        }

        public void Lift()
        {
            if (_lifted)
            {
                return;
            }
            _lifted = true;
            foreach (var node in _nodes)
            {
                try
                {
                    TestCommand.Run("ip", ["netns", "exec", node.Namespace, "nft", "delete", "table", "inet", _table]);
                }
                catch (InvalidOperationException)
                {
                    // Never created there, or the namespace is gone with its table.
                }
            }
        }

        public void Dispose() => Lift();
    }
}
