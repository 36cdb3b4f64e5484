using System.Net;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Tracking;
using HaVrrp.Engine.Warnings;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// What one instance has heard of its peers and what that says (docs/diagnostics.md "Runtime warnings"): the peer
/// table instance.list shows, the split-brain evidence of the two detectors, and HV0301 from the priorities peers
/// advertise (until one is heard, against the backup the configuration check assumes). Pure: events and the time go
/// in, the warnings and what is worth logging come out; <see cref="InstanceRuntime"/> writes the log and sends the
/// probes.
/// </summary>
internal sealed class PeerWatch
{
    private readonly string _instanceName;
    private readonly int _basePriority;
    private readonly IReadOnlyList<IPAddress> _unicastPeers;
    private readonly Dictionary<VrrpAddress, PeerRecord> _peers = [];
    private readonly AddressConflictDetector _addressConflicts = new();
    private readonly AnotherMasterDetector _anotherMaster = new();
    private readonly WarningJournal _journal = new();

    // HV0301 per peer (from its last priority), against the assumed backup, and what has been logged already.
    private readonly Dictionary<VrrpAddress, IReadOnlyList<InstanceWarning>> _cannotFailOver = [];
    private readonly HashSet<(VrrpAddress Peer, int Priority, int Healthy)> _failoverLogged = [];
    private IReadOnlyList<InstanceWarning> _cannotFailOverAssumed = [];
    private bool _peerPriorityHeard;

    public PeerWatch(string instanceName, int basePriority, IReadOnlyList<IPAddress> unicastPeers)
    {
        _instanceName = instanceName;
        _basePriority = basePriority;
        _unicastPeers = unicastPeers;
    }

    /// <summary>What this instance warns about now: split-brain evidence, HV0301, and whatever the caller adds.</summary>
    public ValueList<InstanceWarning> Warnings { get; private set; } = ValueList<InstanceWarning>.Empty;

    /// <summary>When the address conflict detector wants its next probe round.</summary>
    public TimeSpan? NextProbeAt => _addressConflicts.NextProbeAt;

    public ValueList<PeerStatus> Describe() => new(_peers.Select(pair => new PeerStatus(
        pair.Key.ToIPAddress(), pair.Value.LastPriority, pair.Value.LastHeardAt, pair.Value.Checksum, pair.Value.Adverts)));

    public bool IsPeer(IPAddress address)
    {
        if (_peers.ContainsKey(VrrpAddress.FromIPAddress(address)))
        {
            return true;
        }
        // A loop rather than Any: a lambda capturing the address would allocate on every ARP frame looked at.
        foreach (var peer in _unicastPeers)
        {
            if (peer.Equals(address))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Until a peer's priority is heard, the configuration check's HV0301 stands (it assumes a backup at keepalived's
    /// default priority), so that instance.list shows it from the start.
    /// </summary>
    public void AssumeBackup(TimeSpan now, InstanceTracking? tracking) =>
        _cannotFailOverAssumed = tracking is { Count: > 0 }
            ? StandingWarnings.CannotFailOver(now, _instanceName, _basePriority, tracking.Weights(), peer: null, ConfigValidator.AssumedBackupPriority)
            : [];

    /// <summary>
    /// A validated advert from another router: records the peer, and returns what is new about it (its checksum
    /// variant, and HV0301 lines to log when its priority is new). Nothing is allocated when nothing changed.
    /// </summary>
    public PeerNews OnAdvert(TimeSpan now, in AdvertisementPacket received, InstanceTracking? tracking)
    {
        var advertisement = received.Advertisement;
        var isNew = !_peers.TryGetValue(received.Source, out var peer);
        peer ??= _peers[received.Source] = new PeerRecord { Address = received.Source.ToIPAddress() };
        var checksumMatters = advertisement.Version == 3 && !advertisement.IsIPv6;
        var checksumNews = checksumMatters && (isNew || peer.Checksum != received.ChecksumVariant);
        peer.Checksum = received.ChecksumVariant;
        IReadOnlyList<string> neverFailsOver = [];
        if (isNew || peer.LastPriority != advertisement.Priority)
        {
            neverFailsOver = CheckFailover(now, received.Source, advertisement.Priority, tracking);
        }
        peer.LastPriority = advertisement.Priority;
        peer.LastHeardAt = now;
        peer.Adverts++;
        return new PeerNews(checksumNews, neverFailsOver);
    }

    /// <summary>A reload built new trackers: new weights, new arithmetic, so every peer's last priority is checked again.</summary>
    public IReadOnlyList<string> Recheck(TimeSpan now, InstanceTracking? tracking)
    {
        AssumeBackup(now, tracking);
        _cannotFailOver.Clear();
        List<string> lines = [];
        foreach (var (peer, record) in _peers)
        {
            lines.AddRange(CheckFailover(now, peer, record.LastPriority, tracking));
        }
        return lines;
    }

    /// <summary>An advert from another router was heard and handed to the router, which is now in <paramref name="stateAfter"/>.</summary>
    public void OnAdvertHeard(TimeSpan now, VrrpAddress peer, int priority, TimeSpan advertInterval, TimeSpan masterDownInterval, VrrpState stateAfter)
    {
        // The detectors take an IPAddress: the peer's record (OnAdvert made it) holds one, made once, not one per advert.
        var source = _peers.TryGetValue(peer, out var record) ? record.Address : peer.ToIPAddress();
        _addressConflicts.OnAdvertHeard(now, source, masterDownInterval, stateAfter);
        _anotherMaster.OnAdvert(now, source, priority, advertInterval, stateAfter);
    }

    public void OnState(TimeSpan now, VrrpState state)
    {
        _addressConflicts.OnState(now, state);
        _anotherMaster.OnState(state);
    }

    /// <summary>A node answered or announced one of our VIPs (<paramref name="isOwn"/>: from this host's own MAC).</summary>
    public void OnVirtualAddressClaim(TimeSpan now, IPAddress address, string hardwareAddress, bool isOwn) =>
        _addressConflicts.OnVirtualAddressClaim(now, address, hardwareAddress, isOwn);

    /// <summary>A peer answered or announced its own address, from <paramref name="hardwareAddress"/> (to name it by).</summary>
    public void OnPeerClaim(IPAddress peer, string hardwareAddress) => _addressConflicts.OnPeerClaim(peer, hardwareAddress);

    public ProbeRound? TakeProbeRound(TimeSpan now) => _addressConflicts.TakeProbeRound(now);

    /// <summary>The instance stops: no evidence is gathered any more, and HV0301 from peers no longer applies.</summary>
    public void Stop()
    {
        _addressConflicts.Stop();
        _anotherMaster.OnState(VrrpState.Initialize);
        _cannotFailOver.Clear();
    }

    /// <summary>
    /// Collects what the detectors and the standing checks say now (plus <paramref name="waitingForTracking"/>, when the
    /// instance waits) into <see cref="Warnings"/>, and returns the split-brain evidence that appeared or cleared, for
    /// the log (HV0301 and waiting-for-tracking have log lines of their own).
    /// </summary>
    public IReadOnlyList<WarningLogEntry> Refresh(TimeSpan now, int effectivePriority, bool isStopping, InstanceWarning? waitingForTracking)
    {
        // The common case, on every advert a master sends: nothing to warn about, nothing to allocate.
        if (Warnings.Count == 0 && !_addressConflicts.HasEvidence && !_anotherMaster.HasEvidence && _cannotFailOver.Count == 0
            && (_peerPriorityHeard || _cannotFailOverAssumed.Count == 0) && waitingForTracking is null)
        {
            return [];
        }
        List<InstanceWarning> warnings = [.. _addressConflicts.Warnings(now), .. _anotherMaster.Warnings(now, effectivePriority)];
        foreach (var list in _cannotFailOver.Values)
        {
            warnings.AddRange(list);
        }
        if (!_peerPriorityHeard && !isStopping)
        {
            warnings.AddRange(_cannotFailOverAssumed);
        }
        if (waitingForTracking is not null)
        {
            warnings.Add(waitingForTracking);
        }
        var current = new ValueList<InstanceWarning>(warnings);
        if (current.Equals(Warnings) && !_journal.IsRepeatDue(now))
        {
            return [];
        }
        Warnings = current;
        return [.. _journal.Update(now, current).Where(entry => entry.Warning.IsSplitBrain)];
    }

    /// <summary>
    /// HV0301 from what the wire says: a peer advertised <paramref name="peerPriority"/>; if none of our tracked
    /// failures could bring us down to it, say so: in instance.list while it holds, and (the returned lines) in the log
    /// once for each peer, priority and healthy priority of ours. A backup is silent in VRRP, so a peer's priority is
    /// only seen while it is master (at startup, after a fail-over).
    /// </summary>
    private IReadOnlyList<string> CheckFailover(TimeSpan now, VrrpAddress peerAddress, int peerPriority, InstanceTracking? tracking)
    {
        _peerPriorityHeard |= peerPriority != Priority.Shutdown;
        if (tracking is null || tracking.Count == 0 || peerPriority is Priority.Shutdown or Priority.AddressOwner)
        {
            // Priority 0 says nothing about the peer's working priority: what was found before still holds.
            if (peerPriority != Priority.Shutdown)
            {
                _cannotFailOver.Remove(peerAddress);
            }
            return [];
        }
        var weights = tracking.Weights();
        var warnings = StandingWarnings.CannotFailOver(now, _instanceName, _basePriority, weights, peerAddress.ToIPAddress(), peerPriority);
        if (warnings.Count == 0)
        {
            _cannotFailOver.Remove(peerAddress);
        }
        else
        {
            _cannotFailOver[peerAddress] = warnings;
        }
        var healthy = PriorityArithmetic.HealthyPriority(_basePriority, weights);
        if (!_failoverLogged.Add((peerAddress, peerPriority, healthy)))
        {
            return [];
        }
        var peers = new[] { new PeerPriority("peer " + peerAddress, peerPriority) };
        return PriorityArithmetic.NeverFailsOverWarnings(_instanceName, _basePriority, weights, peers);
    }

    private sealed class PeerRecord
    {
        public required IPAddress Address { get; init; }

        public int LastPriority { get; set; }

        public TimeSpan LastHeardAt { get; set; }

        public ChecksumVariant Checksum { get; set; }

        public long Adverts { get; set; }
    }
}

/// <summary>What a peer's advert told that is worth a log line: a new checksum variant, and HV0301 lines.</summary>
internal readonly record struct PeerNews(bool ChecksumVariantChanged, IReadOnlyList<string> NeverFailsOver);
