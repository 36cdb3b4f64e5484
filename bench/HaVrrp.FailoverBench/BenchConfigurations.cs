using System.Globalization;
using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.FailoverBench;

/// <summary>The configurations the benchmark runs, built with the engine's model so either daemon can be given them.</summary>
internal static class BenchConfigurations
{
    public const int VirtualRouterId = 51;

    public static IPAddress VirtualAddress(NetworkLab lab) => IPAddress.Parse($"{lab.IPv4Prefix}.200");

    /// <summary>One instance; v2 with PASS authentication (v3 has none), multicast, both nodes starting as BACKUP.</summary>
    public static HaVrrpConfiguration Failover(NetworkLab lab, LabNode node, FailoverProfile profile, int priority) => new()
    {
        Global = new GlobalSettings { RouterId = node.Name, VrrpVersion = profile.Version },
        Instances =
        [
            new VrrpInstanceConfig
            {
                Name = "VI_1",
                Interface = LabNode.InterfaceName,
                VirtualRouterId = VirtualRouterId,
                Priority = priority,
                AdvertInterval = profile.AdvertInterval,
                Version = profile.Version,
                Authentication = profile.Version == 2 ? new AuthenticationConfig(AuthenticationType.Pass, "benchpw") : null,
                VirtualIpAddresses = [new VirtualAddress(VirtualAddress(lab)) { PrefixLength = 24 }],
                VirtualMac = profile.VirtualMac ? new VirtualMacConfig() : null,
            },
        ],
    };

    /// <summary>
    /// <paramref name="instanceCount"/> v2 instances at advert_int 1 on one interface, VRIDs 1..N, each
    /// with its own /32 from 172.31.0.0/16 (inside the lab's namespace only).
    /// </summary>
    public static HaVrrpConfiguration ManyInstances(LabNode node, int instanceCount) =>
        Instances(node, instanceCount, priority: 100, version: 2, TimeSpan.FromSeconds(1));

    /// <summary>
    /// As <see cref="ManyInstances"/> at priority 255 and state MASTER: the startup mode adds every VIP to the node
    /// first, so each instance owns its address. keepalived starts an owner as master at once only with state MASTER.
    /// </summary>
    public static HaVrrpConfiguration AddressOwners(LabNode node, int instanceCount) =>
        Instances(node, instanceCount, priority: 255, version: 2, TimeSpan.FromSeconds(1), InitialState.Master);

    /// <summary>The fastadverts mode's instances: VRRPv3 at advert_int 0.02, the fastest interval the issue asks for.</summary>
    public static HaVrrpConfiguration FastAdverts(LabNode node, int instanceCount, int priority, int? realtimePriority)
    {
        var configuration = Instances(node, instanceCount, priority, version: 3, FastAdvertInterval);
        // keepalived's own limit (10 ms) gets its VRRP process killed at start with 50 instances at 0.02 s, and again
        // at each respawn (docs/performance.md): both daemons get havrrpd's default, written out.
        var scheduling = realtimePriority is null
            ? SchedulingSettings.Default
            : new SchedulingSettings { RealtimePriority = realtimePriority, RealtimeLimit = SchedulingSettings.DefaultRealtimeLimit };
        return configuration with { Global = configuration.Global with { Scheduling = scheduling } };
    }

    public static readonly TimeSpan FastAdvertInterval = TimeSpan.FromMilliseconds(20);

    private static HaVrrpConfiguration Instances(
        LabNode node, int instanceCount, int priority, int version, TimeSpan interval, InitialState initialState = InitialState.Backup) => new()
    {
        Global = new GlobalSettings { RouterId = node.Name, VrrpVersion = version },
        Instances = Enumerable.Range(1, instanceCount).Select(number => new VrrpInstanceConfig
        {
            Name = "VI_" + number.ToString(CultureInfo.InvariantCulture),
            Interface = LabNode.InterfaceName,
            VirtualRouterId = number,
            Priority = priority,
            InitialState = initialState,
            AdvertInterval = interval,
            Version = version,
            VirtualIpAddresses = [new VirtualAddress(ManyInstancesAddress(number)) { PrefixLength = 32 }],
        }).ToValueList(),
    };

    public static IPAddress ManyInstancesAddress(int number) =>
        IPAddress.Parse($"172.31.{(number / 256).ToString(CultureInfo.InvariantCulture)}.{(number % 256).ToString(CultureInfo.InvariantCulture)}");
}
