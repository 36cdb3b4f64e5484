using System.Globalization;
using System.Net;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;

namespace HaVrrp.Engine.Warnings;

/// <summary>
/// Split-brain evidence from adverts: another master for our VRID, heard while this node is master for longer than
/// the RFC's own resolution takes. A higher-priority master makes us back up at once (RFC 5798 §6.4.3), and a lower
/// one yields as soon as it hears our next advert; a lower master whose adverts go on for more than
/// <see cref="IntervalsToRaise"/> of its advert intervals does not hear us — filtering in one direction only.
/// Events in (accepted adverts with our state after them, time), warnings out.
/// </summary>
public sealed class AnotherMasterDetector
{
    /// <summary>The resolution takes one advert of ours; three of its intervals leave room for loss and jitter.</summary>
    public const int IntervalsToRaise = 3;

    /// <summary>Its adverts stopped for this many of its intervals: it yielded or went away.</summary>
    public const int IntervalsToClear = 3;

    private readonly Dictionary<IPAddress, Rival> _rivals = [];

    /// <summary>Whether another master was heard while we are master (warned about or not yet).</summary>
    public bool HasEvidence => _rivals.Count > 0;

    /// <summary>
    /// An accepted advert from <paramref name="source"/>, and our state once the router handled it. Only adverts
    /// heard while we stay master count; a priority-0 advert is a master releasing, not competing.
    /// </summary>
    public void OnAdvert(TimeSpan now, IPAddress source, int priority, TimeSpan advertInterval, VrrpState stateAfter)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (stateAfter != VrrpState.Master)
        {
            _rivals.Clear();
            return;
        }
        if (priority == Priority.Shutdown)
        {
            _rivals.Remove(source);
            return;
        }
        if (!_rivals.TryGetValue(source, out var rival))
        {
            rival = _rivals[source] = new Rival(now);
        }
        rival.LastHeardAt = now;
        rival.Priority = priority;
        rival.AdvertInterval = advertInterval;
    }

    /// <summary>Our state after any step: a node that is no longer master has no rival.</summary>
    public void OnState(VrrpState state)
    {
        if (state != VrrpState.Master)
        {
            _rivals.Clear();
        }
    }

    /// <summary>The warnings the adverts support now; forgets rivals that went quiet.</summary>
    public IEnumerable<InstanceWarning> Warnings(TimeSpan now, int ourPriority)
    {
        foreach (var (source, rival) in _rivals)
        {
            if (now - rival.LastHeardAt > IntervalsToClear * rival.AdvertInterval)
            {
                _rivals.Remove(source);
            }
        }
        foreach (var (source, rival) in _rivals.OrderBy(pair => pair.Key.ToString(), StringComparer.Ordinal))
        {
            if (rival.LastHeardAt - rival.FirstHeardAt <= IntervalsToRaise * rival.AdvertInterval)
            {
                continue;
            }
            yield return new InstanceWarning(
                InstanceWarningCode.AnotherMaster,
                string.Create(CultureInfo.InvariantCulture,
                    $"{source} keeps advertising as MASTER (priority {rival.Priority}) while this node is MASTER at {ourPriority}: it does not hear our adverts; split brain"),
                $"VRRP passes from {source} to this node but not back: check that IP protocol 112 from this node reaches {source} "
                + "(nftables/iptables on either node, multicast filtering or IGMP snooping on the switch); unicast_src_ip and unicast_peer avoid multicast",
                rival.FirstHeardAt)
            {
                PeerAddress = source,
                PeerPriority = rival.Priority,
            };
        }
    }

    private sealed class Rival(TimeSpan firstHeardAt)
    {
        public TimeSpan FirstHeardAt { get; } = firstHeardAt;

        public TimeSpan LastHeardAt { get; set; } = firstHeardAt;

        public int Priority { get; set; }

        public TimeSpan AdvertInterval { get; set; }
    }
}
