using System.Net;
using System.Text.RegularExpressions;
using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// A two-node lab running one VRRP instance between a preferred node (node1, priority 150) and the
/// other node (node2, priority 100), each running havrrpd or keepalived. It starts the daemons, lets a
/// test crash, stop or restart either one, and disposes everything (daemons first, then the lab).
/// </summary>
internal sealed class VrrpPair : IDisposable
{
    public const int PreferredPriority = 150;
    public const int OtherPriority = 100;

    /// <summary>Generous: only a broken daemon waits it out, and two cores are shared by parallel tests.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly List<LabDaemon> _started = [];

    private VrrpPair(NetworkLab lab, LabProfile profile)
    {
        Lab = lab;
        Profile = profile;
    }

    public NetworkLab Lab { get; }

    public LabProfile Profile { get; }

    public LabDaemon Preferred { get; private set; } = null!;

    public LabDaemon Other { get; private set; } = null!;

    public IPAddress Address => Profile.VirtualAddress(Lab);

    /// <summary>
    /// Builds the lab and starts node1 (preferred) and then node2. node2 starts only once node1 has
    /// entered BACKUP, so node1's Master_Down timer runs ahead and the election has one natural winner
    /// even when a busy machine starts the second daemon faster than the first.
    /// </summary>
    public static Task<VrrpPair> StartAsync(
        LabProfile profile,
        DaemonImplementation preferred = DaemonImplementation.Havrrpd,
        DaemonImplementation other = DaemonImplementation.Havrrpd,
        bool preferredPreempts = true)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return StartAsync(
            profile,
            pair => pair.PreferredConfiguration(preferredPreempts),
            pair => pair.OtherConfiguration(),
            preferred,
            other);
    }

    /// <summary>As above, with the same change made to every instance on both nodes (use_vmac, accept mode, ...).</summary>
    public static Task<VrrpPair> StartAsync(
        LabProfile profile,
        Func<VrrpInstanceConfig, VrrpInstanceConfig> eachInstance,
        DaemonImplementation preferred = DaemonImplementation.Havrrpd,
        DaemonImplementation other = DaemonImplementation.Havrrpd)
    {
        ArgumentNullException.ThrowIfNull(eachInstance);
        return StartAsync(
            profile,
            pair => pair.PreferredConfiguration().WithEachInstance(eachInstance),
            pair => pair.OtherConfiguration().WithEachInstance(eachInstance),
            preferred,
            other);
    }

    /// <summary>As above, with configurations of the test's own making (tracked scripts, other priorities).</summary>
    public static async Task<VrrpPair> StartAsync(
        LabProfile profile,
        Func<VrrpPair, HaVrrpConfiguration> preferredConfiguration,
        Func<VrrpPair, HaVrrpConfiguration> otherConfiguration,
        DaemonImplementation preferred = DaemonImplementation.Havrrpd,
        DaemonImplementation other = DaemonImplementation.Havrrpd)
    {
        ArgumentNullException.ThrowIfNull(preferredConfiguration);
        ArgumentNullException.ThrowIfNull(otherConfiguration);
        var pair = new VrrpPair(NetworkLab.Create(nodeCount: 2), profile);
        try
        {
            pair.Preferred = pair.StartDaemon(preferred, pair.Lab.Nodes[0], preferredConfiguration(pair));
            await pair.Preferred.WaitForStateAsync("BACKUP");
            pair.Other = pair.StartDaemon(other, pair.Lab.Nodes[1], otherConfiguration(pair));
            return pair;
        }
        catch
        {
            pair.Dispose();
            throw;
        }
    }

    public HaVrrpConfiguration PreferredConfiguration(bool preempt = true) =>
        Profile.Configuration(Lab, Lab.Nodes[0], PreferredPriority, preempt);

    public HaVrrpConfiguration OtherConfiguration() => Profile.Configuration(Lab, Lab.Nodes[1], OtherPriority);

    /// <summary>Waits until node1 is MASTER, node2 BACKUP, and node1 alone holds the address.</summary>
    public async Task WaitForPreferredAsMasterAsync()
    {
        await Preferred.WaitForStateAsync("MASTER");
        await Other.WaitForStateAsync("BACKUP");
        await WaitForSoleHolderAsync(Preferred.Node);
    }

    /// <summary>Waits until <paramref name="node"/> and no other node has the address on eth0.</summary>
    public Task WaitForSoleHolderAsync(LabNode node, TimeSpan? deadline = null) =>
        Eventually.WaitUntilAsync(
            () => VipHolders.Of(Lab, Address), holders => holders.SequenceEqual([node]), deadline ?? Deadline, $"held by {node.Name} alone");

    /// <summary>Starts the preferred node's daemon again (after a crash or a stop), with <paramref name="configuration"/> or its own.</summary>
    public LabDaemon RestartPreferred(DaemonImplementation implementation, HaVrrpConfiguration? configuration = null)
    {
        Preferred = StartDaemon(implementation, Lab.Nodes[0], configuration ?? PreferredConfiguration());
        return Preferred;
    }

    public ClientProbe StartProbe() => ClientProbe.Start(Lab, Address);

    public void Dispose()
    {
        try
        {
            foreach (var daemon in _started)
            {
                daemon.Dispose();
            }
        }
        finally
        {
            Lab.Dispose();
        }
    }

    private LabDaemon StartDaemon(DaemonImplementation implementation, LabNode node, HaVrrpConfiguration configuration)
    {
        var daemon = LabDaemons.Start(implementation, node, configuration);
        _started.Add(daemon);
        return daemon;
    }
}

/// <summary>Lab daemons and their configurations, for tests that build a lab of their own shape.</summary>
internal static class LabDaemons
{
    /// <summary>Starts havrrpd or keepalived on <paramref name="node"/> with <paramref name="configuration"/>.</summary>
    public static LabDaemon Start(DaemonImplementation implementation, LabNode node, HaVrrpConfiguration configuration) =>
        implementation switch
        {
            DaemonImplementation.Keepalived => KeepalivedNode.Start(node, configuration),
            _ => HavrrpdNode.Start(node, configuration),
        };

    /// <summary>The configuration with <paramref name="change"/> made to each of its instances.</summary>
    public static HaVrrpConfiguration WithEachInstance(this HaVrrpConfiguration configuration, Func<VrrpInstanceConfig, VrrpInstanceConfig> change)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration with { Instances = [.. configuration.Instances.Select(change)] };
    }
}

/// <summary>The log phrases both daemons share (keepalived's), as waits and checks.</summary>
internal static class DaemonLog
{
    /// <summary>Waits for "(VI_1) Entering STATE STATE", looking at lines from <paramref name="startIndex"/> on.</summary>
    public static Task<LogLine> WaitForStateAsync(this LabDaemon daemon, string state, int startIndex = 0, TimeSpan? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        return daemon.WaitForLogAsync(StatePattern(state), startIndex, deadline);
    }

    public static Regex StatePattern(string state) =>
        new($@"\({Regex.Escape(LabProfile.InstanceName)}\) Entering {state} STATE", RegexOptions.CultureInvariant);

    /// <summary>Lines from <paramref name="startIndex"/> on that match <paramref name="pattern"/>.</summary>
    public static IReadOnlyList<LogLine> LinesMatching(this LabDaemon daemon, Regex pattern, int startIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        ArgumentNullException.ThrowIfNull(pattern);
        return [.. daemon.Lines.Skip(startIndex).Where(line => pattern.IsMatch(line.Text))];
    }

    /// <summary>The captured log, for assertion messages.</summary>
    public static string Transcript(this LabDaemon daemon)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        return daemon.Process.Transcript;
    }
}
