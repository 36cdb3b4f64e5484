using System.Globalization;
using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Router;

namespace HaVrrp.Engine.Warnings;

/// <summary>What one probe round asks the shell to send (RFC 5227 probes: ARP from 0.0.0.0, NS from ::).</summary>
/// <param name="VirtualAddresses">Probe our VIPs: as master, or as a backup whose master went silent.</param>
/// <param name="Peers">Peer addresses to probe, so that a MAC that answers for a VIP can be named by its node.</param>
public sealed record ProbeRound(bool VirtualAddresses, IReadOnlyList<IPAddress> Peers);

/// <summary>
/// Split-brain evidence from the segment itself (docs/architecture.md, "Lessons from the field" 2). A master cannot tell a split brain from a healthy
/// pair by silence, because backups never advertise; but a second master holds our VIPs too, and answers for them.
/// So, while master, every VIP is probed the way RFC 5227 detects conflicts, and any MAC other than ours that
/// answers or announces a VIP is a second holder. A backup whose master went silent (Master_Down_Interval without an
/// advert) probes too: the vanished master still answering means it lives on but its adverts no longer arrive.
/// Peers heard are probed for their own address, so that the MAC of a conflict is named with its node.
/// Events in (state, adverts, claims heard, time), warnings and probe rounds out; no clock, no socket.
/// </summary>
public sealed class AddressConflictDetector
{
    /// <summary>A few small frames per VIP every two seconds: cheap, and a split brain shows within seconds.</summary>
    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromSeconds(2);

    /// <summary>Evidence older than this many probe rounds is gone: the warning clears.</summary>
    public const int RoundsToClear = 3;

    private readonly TimeSpan _probeInterval;
    private readonly Dictionary<IPAddress, string> _peerHardwareAddresses = [];
    private readonly Dictionary<string, Conflict> _conflicts = new(StringComparer.Ordinal);
    private VrrpState _state = VrrpState.Initialize;
    private TimeSpan _masterSince;
    private IPAddress? _lastMaster;
    private TimeSpan _lastMasterHeardAt;
    private TimeSpan _masterDownInterval;
    private bool _stopped;

    public AddressConflictDetector(TimeSpan? probeInterval = null)
    {
        _probeInterval = probeInterval ?? DefaultProbeInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_probeInterval, TimeSpan.Zero, nameof(probeInterval));
    }

    public TimeSpan ProbeInterval => _probeInterval;

    /// <summary>Whether any MAC is on record as answering for our VIPs (expired or not).</summary>
    public bool HasEvidence => _conflicts.Count > 0;

    /// <summary>When the next probe round is due; null while there is nothing to probe.</summary>
    public TimeSpan? NextProbeAt { get; private set; }

    /// <summary>
    /// The router's state after a step (called after every step; only changes count). A new master waits one probe
    /// interval before it trusts what it hears: a master handing over gracefully keeps the VIPs until it hears us.
    /// </summary>
    public void OnState(TimeSpan now, VrrpState state)
    {
        if (_stopped || state == _state)
        {
            return;
        }
        _state = state;
        if (state == VrrpState.Master)
        {
            _masterSince = now;
        }
        _conflicts.Clear();
        NextProbeAt = state is VrrpState.Master or VrrpState.Backup ? now + _probeInterval : null;
    }

    /// <summary>
    /// An accepted advert from another router (priority 0 too: it is alive and releasing), and our state once the
    /// router handled it. While we are not master it comes from the master we follow; a master that hears a lower
    /// one only learns of a peer to name (that one is <see cref="AnotherMasterDetector"/>'s business).
    /// </summary>
    public void OnAdvertHeard(TimeSpan now, IPAddress source, TimeSpan masterDownInterval, VrrpState stateAfter)
    {
        ArgumentNullException.ThrowIfNull(source);
        _peerHardwareAddresses.TryAdd(source, string.Empty);
        if (stateAfter == VrrpState.Master)
        {
            return;
        }
        _lastMaster = source;
        _lastMasterHeardAt = now;
        _masterDownInterval = masterDownInterval;
    }

    /// <summary>
    /// A node answered or announced one of our VIPs (ARP reply or gratuitous ARP, neighbour advertisement) from
    /// <paramref name="hardwareAddress"/>; <paramref name="isOwn"/> when that is this host's own interface.
    /// </summary>
    public void OnVirtualAddressClaim(TimeSpan now, IPAddress address, string hardwareAddress, bool isOwn)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (isOwn || !IsWatching(now))
        {
            return;
        }
        if (!_conflicts.TryGetValue(hardwareAddress, out var conflict))
        {
            conflict = _conflicts[hardwareAddress] = new Conflict(now);
        }
        conflict.LastHeardAt = now;
        conflict.Addresses.Add(address);
    }

    /// <summary>A peer answered for its own address: that is its MAC.</summary>
    public void OnPeerClaim(IPAddress peer, string hardwareAddress)
    {
        ArgumentNullException.ThrowIfNull(peer);
        _peerHardwareAddresses[peer] = hardwareAddress;
    }

    /// <summary>The instance stops: no more probes, no warnings.</summary>
    public void Stop()
    {
        _stopped = true;
        _conflicts.Clear();
        NextProbeAt = null;
    }

    /// <summary>The round due at <paramref name="now"/>, if one is; the next is scheduled one interval later.</summary>
    public ProbeRound? TakeProbeRound(TimeSpan now)
    {
        if (NextProbeAt is not { } due || due > now)
        {
            return null;
        }
        NextProbeAt = now + _probeInterval;
        Expire(now);
        return new ProbeRound(IsWatching(now), [.. _peerHardwareAddresses.Keys]);
    }

    /// <summary>Forgets evidence older than <see cref="RoundsToClear"/> rounds, and all of it when no longer watching.</summary>
    public void Expire(TimeSpan now)
    {
        if (!IsWatching(now))
        {
            _conflicts.Clear();
            return;
        }
        var horizon = RoundsToClear * _probeInterval;
        foreach (var (hardwareAddress, conflict) in _conflicts)
        {
            if (now - conflict.LastHeardAt > horizon)
            {
                _conflicts.Remove(hardwareAddress);
            }
        }
    }

    /// <summary>The warnings the evidence supports now, one per MAC that answers for our VIPs.</summary>
    public IEnumerable<InstanceWarning> Warnings(TimeSpan now)
    {
        Expire(now);
        foreach (var (hardwareAddress, conflict) in _conflicts.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var peer = _peerHardwareAddresses.FirstOrDefault(pair => pair.Value == hardwareAddress).Key;
            var addresses = new ValueList<IPAddress>(conflict.Addresses.OrderBy(address => address.ToString(), StringComparer.Ordinal));
            var list = string.Join(", ", addresses);
            var node = peer is null ? hardwareAddress : $"{hardwareAddress} (peer {peer})";
            var warning = MasterHasVanished(now) && peer is not null && peer.Equals(_lastMaster)
                ? new InstanceWarning(
                    InstanceWarningCode.VanishedMasterAnswers,
                    string.Create(CultureInfo.InvariantCulture,
                        $"master {peer} went silent (no advert for Master_Down_Interval) but {hardwareAddress} still answers for {list}: split brain"),
                    $"{peer} still holds the VIPs but its VRRP adverts no longer reach this node: check that IP protocol 112 passes from {peer} to here "
                    + "(nftables/iptables, multicast filtering or IGMP snooping on the switch); unicast_src_ip and unicast_peer avoid multicast",
                    conflict.FirstHeardAt)
                : new InstanceWarning(
                    InstanceWarningCode.AddressConflict,
                    $"{node} answers for our VIP {list} while this node is {StateWord}: split brain",
                    "another node holds this VIP; if it is a VRRP peer, it is MASTER too because the nodes do not hear each other's adverts: "
                    + "check that IP protocol 112 passes both ways (nftables/iptables, multicast filtering or IGMP snooping on the switch), "
                    + "or use unicast_src_ip and unicast_peer; if it is not a VRRP node, the address is configured twice",
                    conflict.FirstHeardAt);
            yield return warning with { HardwareAddress = hardwareAddress, PeerAddress = peer, Addresses = addresses };
        }
    }

    private string StateWord => _state == VrrpState.Master ? "MASTER" : "BACKUP";

    /// <summary>
    /// Whether a VIP answering from another MAC is evidence now: as master once the hand-over grace is over, or as a
    /// backup whose master went silent. A backup with a live master expects the master to answer.
    /// </summary>
    private bool IsWatching(TimeSpan now) => !_stopped && _state switch
    {
        VrrpState.Master => now - _masterSince >= _probeInterval,
        VrrpState.Backup => MasterHasVanished(now),
        _ => false,
    };

    private bool MasterHasVanished(TimeSpan now) =>
        _lastMaster is not null && now - _lastMasterHeardAt > _masterDownInterval;

    private sealed class Conflict(TimeSpan firstHeardAt)
    {
        public TimeSpan FirstHeardAt { get; } = firstHeardAt;

        public TimeSpan LastHeardAt { get; set; } = firstHeardAt;

        public HashSet<IPAddress> Addresses { get; } = [];
    }
}
