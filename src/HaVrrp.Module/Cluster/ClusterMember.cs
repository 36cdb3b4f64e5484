using System.Net.Sockets;
using System.Net;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.PowerShell.Cluster;

/// <summary>A router this member hears, with the priority of its last advert.</summary>
public sealed record HeardPeer(IPAddress Address, int Priority);

/// <summary>
/// One node's instance of a virtual router, as much as the cluster analysis needs: read from a live
/// <see cref="VrrpInstance"/> or from the property bag PowerShell remoting returns (<see cref="ClusterMemberReader"/>).
/// </summary>
public sealed record ClusterMember
{
    public required string ComputerName { get; init; }

    /// <summary>The socket the instance came from: tells apart daemons on one host (labs, <c>-SocketPath a,b</c>).</summary>
    public string SocketPath { get; init; } = string.Empty;

    public required string Name { get; init; }

    public required VrrpState State { get; init; }

    /// <summary>The effective priority now (base or override, plus tracking weights).</summary>
    public required int Priority { get; init; }

    /// <summary>The priority tracking starts from: the runtime override when one is set, else the configured base.</summary>
    public required int BasePriority { get; init; }

    public required int VirtualRouterId { get; init; }

    public required string Interface { get; init; }

    public required int Version { get; init; }

    public required TimeSpan AdvertInterval { get; init; }

    /// <summary>The virtual addresses without prefix or device: what goes on the wire.</summary>
    public required IReadOnlyList<IPAddress> VirtualIPs { get; init; }

    public IPAddress? MasterAddress { get; init; }

    public bool Preempt { get; init; } = true;

    public IReadOnlyList<WeightedObject> TrackedObjects { get; init; } = [];

    public IReadOnlyList<HeardPeer> Peers { get; init; } = [];

    /// <summary>The warnings the node reports about the instance (code, message), e.g. AddressConflict.</summary>
    public IReadOnlyList<(string Code, string Message)> Warnings { get; init; } = [];

    /// <summary>Adverts the node dropped, by instance.list's reason names (authTypeMismatch, ...).</summary>
    public IReadOnlyDictionary<string, long> Rejected { get; init; } = new Dictionary<string, long>();

    public long AddressListMismatches { get; init; }

    /// <summary>IPv4 and IPv6 virtual routers with one VRID are different routers (RFC 5798 §5.2.3).</summary>
    public AddressFamily Family =>
        VirtualIPs.Count > 0 ? VirtualIPs[0].AddressFamily : MasterAddress?.AddressFamily ?? AddressFamily.InterNetwork;
}
