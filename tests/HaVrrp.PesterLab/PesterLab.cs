using System.Net;
using System.Text.RegularExpressions;
using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.PesterLab;

/// <summary>
/// Two havrrpd nodes on one lab segment. node1 (priority 150) is master of VI_1, node2 (100) its backup; node1 also
/// runs VI_2 on a VRID node2 does not run, so node2 sees foreign adverts (Watch-VrrpAdvert's Problem).
/// With mismatched VIPs, node2's VI_1 carries one more VIP than node1's: the misconfiguration Test-VrrpCluster reports.
/// </summary>
internal sealed class PesterLab : IAsyncDisposable
{
    public const string InstanceName = "VI_1";
    public const int VirtualRouterId = 51;
    public const string ForeignInstanceName = "VI_2";
    public const int ForeignVirtualRouterId = 52;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly List<HavrrpdNode> _daemons = [];
    private ClientProbe? _probe;

    private PesterLab(NetworkLab lab) => Lab = lab;

    public NetworkLab Lab { get; }

    public IReadOnlyList<HavrrpdNode> Daemons => _daemons;

    public IPAddress VirtualAddress => IPAddress.Parse($"{Lab.IPv4Prefix}.200");

    public IPAddress ForeignVirtualAddress => IPAddress.Parse($"{Lab.IPv4Prefix}.201");

    /// <summary>A third lab address, only in node2's VI_1 when the lab runs with mismatched VIPs.</summary>
    public IPAddress ExtraVirtualAddress => IPAddress.Parse($"{Lab.IPv4Prefix}.202");

    public static async Task<PesterLab> StartAsync(bool mismatchedVirtualAddresses = false)
    {
        var lab = new PesterLab(NetworkLab.Create(nodeCount: 2));
        try
        {
            // node2 starts once node1 is BACKUP, so node1's Master_Down timer runs ahead: one natural winner.
            var node1 = lab.Start(lab.Lab.Nodes[0], [PesterLab.Instance(InstanceName, VirtualRouterId, 150, lab.VirtualAddress), PesterLab.Instance(ForeignInstanceName, ForeignVirtualRouterId, 150, lab.ForeignVirtualAddress)]);
            await node1.WaitForLogAsync(StatePattern("BACKUP"), Deadline).ConfigureAwait(false);
            var node2Instance = PesterLab.Instance(InstanceName, VirtualRouterId, 100, lab.VirtualAddress);
            if (mismatchedVirtualAddresses)
            {
                node2Instance = node2Instance with { VirtualIpAddresses = [.. node2Instance.VirtualIpAddresses, new VirtualAddress(lab.ExtraVirtualAddress) { PrefixLength = 24 }] };
            }
            var node2 = lab.Start(lab.Lab.Nodes[1], [node2Instance]);
            await node1.WaitForLogAsync(StatePattern("MASTER"), Deadline).ConfigureAwait(false);
            await node2.WaitForLogAsync(StatePattern("BACKUP"), Deadline).ConfigureAwait(false);
            await WaitForSocketAsync(node1.SocketPath).ConfigureAwait(false);
            await WaitForSocketAsync(node2.SocketPath).ConfigureAwait(false);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// One node running <paramref name="instances"/> instances (VRIDs 1..N, VIPs in 198.18.0.0/15, inside the lab):
    /// what docs/powershell.md measures Get-VrrpInstance and tab completion on.
    /// </summary>
    public static async Task<PesterLab> StartBenchAsync(int instances)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(instances, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(instances, 255);
        var lab = new PesterLab(NetworkLab.Create(nodeCount: 1));
        try
        {
            var configured = Enumerable.Range(1, instances)
                .Select(vrid => Instance($"VI_{vrid}", vrid, 100, new IPAddress([198, 18, (byte)(vrid / 250), (byte)((vrid % 250) + 1)])))
                .ToList();
            var node = lab.Start(lab.Lab.Nodes[0], configured);
            await node.WaitForLogAsync(StatePattern("MASTER"), Deadline).ConfigureAwait(false);
            await WaitForSocketAsync(node.SocketPath).ConfigureAwait(false);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts probing the VIP from the lab's client every 10 ms; returns once node1 answers.</summary>
    public async Task StartProbeAsync()
    {
        _probe = ClientProbe.Start(Lab, VirtualAddress);
        await _probe.WaitForAnswerFromAsync(Lab.Nodes[0], Deadline).ConfigureAwait(false);
    }

    /// <summary>Waits until <paramref name="nodeIndex"/> answers the probes, then stops probing and reports.</summary>
    public async Task<ProbeReport> StopProbeAsync(int nodeIndex)
    {
        var probe = _probe ?? throw new InvalidOperationException("no probe is running");
        _probe = null;
        await using (probe.ConfigureAwait(false))
        {
            await probe.WaitForAnswerFromAsync(Lab.Nodes[nodeIndex], Deadline).ConfigureAwait(false);
            return await probe.StopAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_probe is not null)
            {
                await _probe.DisposeAsync().ConfigureAwait(false);
            }
            foreach (var daemon in _daemons)
            {
                daemon.Dispose();
            }
        }
        finally
        {
            Lab.Dispose();
        }
    }

    private HavrrpdNode Start(LabNode node, IReadOnlyList<VrrpInstanceConfig> instances)
    {
        var daemon = HavrrpdNode.Start(node, new HaVrrpConfiguration { Global = new GlobalSettings { RouterId = node.Name }, Instances = [.. instances] });
        _daemons.Add(daemon);
        return daemon;
    }

    internal static VrrpInstanceConfig Instance(string name, int virtualRouterId, int priority, IPAddress address) => new()
    {
        Name = name,
        Interface = LabNode.InterfaceName,
        VirtualRouterId = virtualRouterId,
        Priority = priority,
        Preempt = true,
        AdvertInterval = TimeSpan.FromMilliseconds(500),
        Version = 3,
        VirtualIpAddresses = [new VirtualAddress(address) { PrefixLength = 24 }],
    };

    /// <summary>keepalived's phrase, which havrrpd keeps: <c>(VI_1) Entering MASTER STATE</c>.</summary>
    private static string StatePattern(string state) => Regex.Escape($"({InstanceName}) Entering {state} STATE");

    private static Task<bool> WaitForSocketAsync(string path) =>
        Eventually.WaitUntilAsync(() => File.Exists(path), exists => exists, Deadline, $"{path} exists");
}
