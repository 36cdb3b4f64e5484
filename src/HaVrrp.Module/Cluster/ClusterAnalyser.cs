using System.Globalization;
using System.Net;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Tracking;
using HaVrrp.Engine.Warnings;

namespace HaVrrp.PowerShell.Cluster;

/// <summary>
/// The cluster view no single node has: the instances of every node, grouped per virtual router and segment, checked
/// against each other. Pure (instances in, findings out), so every rule is tested with made-up nodes; the codes are
/// stable and listed in docs/help/Test-VrrpCluster.md.
/// </summary>
/// <remarks>
/// A segment is a VRID of one address family. Nodes may name the segment's NIC differently (eth1 here, ens4 there),
/// so the interface name only splits a VRID when one node runs it on several interfaces.
/// </remarks>
public static class ClusterAnalyser
{
    public const string SingleNode = nameof(SingleNode);
    public const string NoMaster = nameof(NoMaster);
    public const string MultipleMasters = nameof(MultipleMasters);
    public const string NodeInFault = nameof(NodeInFault);
    public const string VirtualAddressMismatch = nameof(VirtualAddressMismatch);
    public const string VersionMismatch = nameof(VersionMismatch);
    public const string AdvertIntervalMismatch = nameof(AdvertIntervalMismatch);
    public const string AuthenticationMismatch = nameof(AuthenticationMismatch);
    public const string FailoverImpossible = nameof(FailoverImpossible);
    public const string MasterNotHeard = nameof(MasterNotHeard);
    public const string SplitBrainReported = nameof(SplitBrainReported);

    /// <summary>instance.list's names of the reasons for dropping an advert whose authentication differs.</summary>
    private static readonly string[] AuthenticationRejections = ["authTypeMismatch", "authPasswordMismatch"];

    public static IReadOnlyList<VrrpClusterFinding> Analyse(IEnumerable<ClusterMember> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var members = instances.ToList();
        var labels = NodeLabels(members);
        var findings = new List<VrrpClusterFinding>();
        foreach (var segment in Segments(members))
        {
            findings.AddRange(new SegmentCheck(segment, labels).Run());
        }
        return [.. findings
            .OrderBy(f => f.VirtualRouterId)
            .ThenBy(f => f.Interface, StringComparer.Ordinal)
            .ThenByDescending(f => f.Severity)
            .ThenBy(f => f.Code, StringComparer.Ordinal)
            .ThenBy(f => f.ComputerName, StringComparer.Ordinal)];
    }

    /// <summary>True when nothing of Error severity was found: what -Quiet returns.</summary>
    public static bool IsHealthy(IEnumerable<VrrpClusterFinding> findings) =>
        findings.All(f => f.Severity != VrrpFindingSeverity.Error);

    /// <summary>The computer name, with the socket when several daemons of the input run on one host.</summary>
    private static Dictionary<ClusterMember, string> NodeLabels(List<ClusterMember> members)
    {
        var shared = members
            .GroupBy(m => m.ComputerName, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Select(m => m.SocketPath).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return members.Distinct().ToDictionary(
            m => m,
            m => shared.Contains(m.ComputerName) ? $"{m.ComputerName} ({m.SocketPath})" : m.ComputerName);
    }

    private static IEnumerable<List<ClusterMember>> Segments(List<ClusterMember> members)
    {
        foreach (var router in members.GroupBy(m => (m.VirtualRouterId, m.Family)))
        {
            var onSeveralInterfaces = router.GroupBy(m => (m.ComputerName, m.SocketPath)).Any(node => node.Count() > 1);
            if (onSeveralInterfaces)
            {
                foreach (var byInterface in router.GroupBy(m => m.Interface, StringComparer.Ordinal))
                {
                    yield return [.. byInterface];
                }
            }
            else
            {
                yield return [.. router];
            }
        }
    }

    /// <summary>The checks of one segment: one method per rule.</summary>
    private sealed class SegmentCheck(List<ClusterMember> members, Dictionary<ClusterMember, string> labels)
    {
        private readonly List<VrrpClusterFinding> _findings = [];
        private readonly List<ClusterMember> _masters = [.. members.Where(m => m.State == VrrpState.Master)];

        private int VirtualRouterId => members[0].VirtualRouterId;

        public List<VrrpClusterFinding> Run()
        {
            if (members.Count == 1)
            {
                Add(VrrpFindingSeverity.Warning, SingleNode, members[0],
                    $"only {Label(members[0])} reports VRID {VirtualRouterId} ({members[0].Name}): give Test-VrrpCluster the instances of every node");
            }
            CheckMasterCount();
            CheckFaults();
            CheckVirtualAddresses();
            CheckVersions();
            CheckAdvertIntervals();
            CheckAuthentication();
            CheckFailover();
            CheckBackupsHearTheMaster();
            CheckSplitBrainReports();
            return _findings;
        }

        private void CheckMasterCount()
        {
            if (_masters.Count == 0)
            {
                Add(VrrpFindingSeverity.Error, NoMaster, null,
                    $"no node is master of VRID {VirtualRouterId}: {States()}; nobody answers for {Addresses(members[0].VirtualIPs)}");
            }
            else if (_masters.Count > 1)
            {
                foreach (var master in _masters)
                {
                    Add(VrrpFindingSeverity.Error, MultipleMasters, master,
                        $"{_masters.Count} nodes are master of VRID {VirtualRouterId} ({string.Join(", ", _masters.Select(Label))}): they do not hear each other's adverts (filtered multicast? consider unicast_peer)");
                }
            }
        }

        private void CheckFaults()
        {
            foreach (var member in members.Where(m => m.State == VrrpState.Fault))
            {
                Add(VrrpFindingSeverity.Warning, NodeInFault, member,
                    $"{member.Name} on {Label(member)} is in FAULT (a tracked object is down): this node cannot take over VRID {VirtualRouterId}");
            }
        }

        private void CheckVirtualAddresses()
        {
            var reference = Reference();
            var expected = AddressSet(reference.VirtualIPs);
            foreach (var member in members.Where(m => m != reference && !AddressSet(m.VirtualIPs).SetEquals(expected)))
            {
                Add(VrrpFindingSeverity.Error, VirtualAddressMismatch, member,
                    $"{member.Name} on {Label(member)} has the VIPs {Addresses(member.VirtualIPs)} for VRID {VirtualRouterId}, {reference.Name} on {Label(reference)} has {Addresses(reference.VirtualIPs)}: a take-over moves other addresses than the master holds");
            }
        }

        private void CheckVersions()
        {
            var reference = Reference();
            foreach (var member in members.Where(m => m != reference && m.Version != reference.Version))
            {
                Add(VrrpFindingSeverity.Error, VersionMismatch, member,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{member.Name} on {Label(member)} speaks VRRPv{member.Version}, {Label(reference)} VRRPv{reference.Version}: each drops the other's adverts"));
            }
        }

        private void CheckAdvertIntervals()
        {
            var reference = Reference();
            foreach (var member in members.Where(m => m != reference && m.AdvertInterval != reference.AdvertInterval))
            {
                // VRRPv2 drops adverts with another interval; VRRPv3 backups learn the master's, so only the take-over timing differs.
                var severity = member.Version == 2 || reference.Version == 2 ? VrrpFindingSeverity.Error : VrrpFindingSeverity.Warning;
                Add(severity, AdvertIntervalMismatch, member,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{member.Name} on {Label(member)} advertises every {member.AdvertInterval.TotalSeconds:0.###} s, {Label(reference)} every {reference.AdvertInterval.TotalSeconds:0.###} s"));
            }
        }

        private void CheckAuthentication()
        {
            foreach (var member in members)
            {
                var dropped = AuthenticationRejections.Sum(reason => member.Rejected.TryGetValue(reason, out var count) ? count : 0);
                if (dropped > 0)
                {
                    Add(VrrpFindingSeverity.Warning, AuthenticationMismatch, member,
                        string.Create(CultureInfo.InvariantCulture,
                            $"{member.Name} on {Label(member)} dropped {dropped} adverts for VRID {VirtualRouterId} whose authentication differs from its own (since the daemon started): set the same authentication on every node"));
                }
            }
        }

        private void CheckFailover()
        {
            foreach (var master in _masters)
            {
                var backups = members
                    .Where(m => m != master && m.State != VrrpState.Fault && m.Preempt)
                    .Select(m => new PeerPriority($"{m.Name} on {Label(m)}", m.Priority))
                    .ToList();
                foreach (var warning in PriorityArithmetic.NeverFailsOverWarnings($"{master.Name} on {Label(master)}", master.BasePriority, master.TrackedObjects, backups))
                {
                    Add(VrrpFindingSeverity.Error, FailoverImpossible, master, warning);
                }
            }
        }

        private void CheckBackupsHearTheMaster()
        {
            // A healthy master hears no one (backups do not advertise): only backups are expected to hear something.
            if (_masters.Count != 1 || _masters[0].MasterAddress is not { } masterAddress)
            {
                return;
            }
            var master = _masters[0];
            foreach (var backup in members.Where(m => m.State == VrrpState.Backup))
            {
                if (backup.MasterAddress is null)
                {
                    Add(VrrpFindingSeverity.Error, MasterNotHeard, backup,
                        $"{backup.Name} on {Label(backup)} hears no master for VRID {VirtualRouterId}, though {Label(master)} ({masterAddress}) is master");
                }
                else if (!backup.MasterAddress.Equals(masterAddress))
                {
                    Add(VrrpFindingSeverity.Error, MasterNotHeard, backup,
                        $"{backup.Name} on {Label(backup)} follows {backup.MasterAddress} for VRID {VirtualRouterId}, not the master {Label(master)} ({masterAddress}): another router uses this VRID on the segment");
                }
            }
        }

        /// <summary>The warning codes that mean two masters (docs/diagnostics.md, "Runtime warnings").</summary>
        private static readonly HashSet<string> SplitBrainWarningCodes =
        [
            nameof(InstanceWarningCode.AddressConflict),
            nameof(InstanceWarningCode.VanishedMasterAnswers),
            nameof(InstanceWarningCode.AnotherMaster),
        ];

        private void CheckSplitBrainReports()
        {
            foreach (var member in members)
            {
                foreach (var (code, message) in member.Warnings.Where(w => SplitBrainWarningCodes.Contains(w.Code)))
                {
                    Add(VrrpFindingSeverity.Error, SplitBrainReported, member, $"{member.Name} on {Label(member)} reports: {message}");
                }
            }
        }

        /// <summary>What the others are compared with: the master when there is exactly one, else the first node.</summary>
        private ClusterMember Reference() => _masters.Count == 1 ? _masters[0] : members[0];

        private string States() => string.Join(", ", members.Select(m => $"{Label(m)} {m.State.ToString().ToUpperInvariant()}"));

        private string Label(ClusterMember member) => labels[member];

        private static HashSet<IPAddress> AddressSet(IEnumerable<IPAddress> addresses) => [.. addresses];

        private static string Addresses(IEnumerable<IPAddress> addresses) =>
            addresses.Any() ? string.Join(", ", addresses) : "(none)";

        private void Add(VrrpFindingSeverity severity, string code, ClusterMember? member, string message) => _findings.Add(new VrrpClusterFinding
        {
            Severity = severity,
            Code = code,
            VirtualRouterId = VirtualRouterId,
            Interface = string.Join(",", members.Select(m => m.Interface).Distinct(StringComparer.Ordinal)),
            ComputerName = member is null ? string.Empty : Label(member),
            Instance = string.Join(",", members.Select(m => m.Name).Distinct(StringComparer.Ordinal)),
            Message = message,
        });
    }
}
