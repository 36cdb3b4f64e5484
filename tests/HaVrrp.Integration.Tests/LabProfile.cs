using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// How the nodes of a lab talk VRRP: the protocol version, advert interval, multicast or unicast,
/// authentication and address family. One profile gives every node its configuration, so havrrpd and
/// keepalived nodes of one test always agree. The name is what xunit shows for a theory case.
/// </summary>
public sealed record LabProfile(string Name, int Version, TimeSpan AdvertInterval, bool Unicast = false, bool PassAuthentication = false, bool IPv6 = false)
{
    public const string InstanceName = "VI_1";

    public const int VirtualRouterId = 51;

    /// <summary>keepalived's own default setup: VRRPv2, multicast, PASS authentication, 1 s adverts.</summary>
    public static readonly LabProfile Version2Multicast = new("v2-multicast-pass", 2, TimeSpan.FromSeconds(1), PassAuthentication: true);

    /// <summary>VRRPv2 over unicast_src_ip / unicast_peer (no multicast at all).</summary>
    public static readonly LabProfile Version2Unicast = new("v2-unicast", 2, TimeSpan.FromSeconds(1), Unicast: true);

    /// <summary>VRRPv3, multicast, sub-second adverts (centiseconds on the wire).</summary>
    public static readonly LabProfile Version3 = new("v3-multicast-0.5s", 3, TimeSpan.FromMilliseconds(500));

    /// <summary>VRRPv3 at the fastest interval people run: 100 ms adverts.</summary>
    public static readonly LabProfile Version3Fast = new("v3-multicast-0.1s", 3, TimeSpan.FromMilliseconds(100));

    /// <summary>VRRPv3 over IPv6: adverts from the link-local address to ff02::12, a ULA VIP.</summary>
    public static readonly LabProfile Version3IPv6 = new("v3-ipv6", 3, TimeSpan.FromMilliseconds(500), IPv6: true);

    /// <summary>Every profile, by <see cref="Name"/>: theories name their profile, which keeps their cases serializable.</summary>
    public static LabProfile Named(string name) =>
        new[] { Version2Multicast, Version2Unicast, Version3, Version3Fast, Version3IPv6 }.Single(profile => profile.Name == name);

    /// <summary>The address the pair keeps available: .200 of the lab's IPv4 /24, or ::200 of its IPv6 /64.</summary>
    public IPAddress VirtualAddress(NetworkLab lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return IPv6 ? IPAddress.Parse($"{lab.IPv6Prefix}::200") : IPAddress.Parse($"{lab.IPv4Prefix}.200");
    }

    /// <summary>The configuration of <paramref name="node"/>: one instance on eth0, starting as BACKUP.</summary>
    public HaVrrpConfiguration Configuration(NetworkLab lab, LabNode node, int priority, bool preempt = true) =>
        new()
        {
            Global = new GlobalSettings { RouterId = node.Name },
            Instances = [Instance(lab, node, priority, preempt)],
        };

    public VrrpInstanceConfig Instance(NetworkLab lab, LabNode node, int priority, bool preempt = true)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(node);
        return new VrrpInstanceConfig
        {
            Name = InstanceName,
            Interface = LabNode.InterfaceName,
            VirtualRouterId = VirtualRouterId,
            Priority = priority,
            Preempt = preempt,
            AdvertInterval = AdvertInterval,
            Version = Version,
            Authentication = PassAuthentication ? new AuthenticationConfig(AuthenticationType.Pass, "lab-pass") : null,
            UnicastSourceIp = Unicast ? node.IPv4Address : null,
            UnicastPeers = Unicast
                ? [.. lab.Nodes.Where(peer => peer != node).Select(peer => new UnicastPeer(peer.IPv4Address))]
                : ValueList<UnicastPeer>.Empty,
            VirtualIpAddresses = [new VirtualAddress(VirtualAddress(lab)) { PrefixLength = IPv6 ? 64 : 24 }],
        };
    }

    public override string ToString() => Name;
}
