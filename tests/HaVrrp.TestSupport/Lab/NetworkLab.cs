using System.Globalization;
using System.Net;
using HaVrrp.TestSupport;

namespace HaVrrp.TestSupport.Lab;

/// <summary>
/// A throwaway Ethernet segment made of network namespaces: a bridge in its own namespace (so
/// nothing touches the host), N router nodes and one client, each with an `eth0` veth plugged into
/// the bridge. Every name starts with the lab id ("hv" + 6 random hex digits), so labs of parallel
/// tests and of other engineers never collide. Addresses:
/// node i is 10.A.B.(10+i)/24 and fd00:ID::(10+i)/64, the client .100 / ::100, link-locals
/// fe80::(10+i) / fe80::100; all IPv6 addresses skip DAD so they are usable at once.
/// Dispose deletes the namespaces (the veths and the bridge go with them), even after a failed test.
/// </summary>
public sealed class NetworkLab : IDisposable
{
    /// <summary>Markers of live labs; /run is emptied at boot, like /run/netns.</summary>
    private const string MarkerDirectory = "/run/havrrp-labs";

    private static int s_sweptThisProcess;

    private readonly List<string> _namespaces = [];
    private bool _disposed;

    private NetworkLab(string id, string? ipv4Prefix)
    {
        Id = id;
        var bytes = Convert.FromHexString(id[2..]);
        IPv4Prefix = ipv4Prefix ?? $"10.{bytes[0]}.{bytes[1]}";
        IPv6Prefix = $"fd00:{id[2..6]}:{id[6..8]}";
    }

    /// <summary>"hv" + 6 hex digits; the prefix of every namespace and host-visible name of this lab.</summary>
    public string Id { get; }

    public string BridgeNamespace => $"{Id}-br";

    public string BridgeName => $"{Id}-br";

    /// <summary>The first three octets of the lab's IPv4 /24, e.g. "10.23.181".</summary>
    public string IPv4Prefix { get; }

    /// <summary>The lab's IPv6 /64 without the trailing "::".</summary>
    public string IPv6Prefix { get; }

    public IReadOnlyList<LabNode> Nodes { get; private set; } = [];

    public LabNode Client { get; private set; } = null!;

    /// <summary>Builds a lab with <paramref name="nodeCount"/> router nodes and one client.</summary>
    /// <param name="nodeCount">Router nodes, named node1, node2, ...</param>
    /// <param name="ipv4Prefix">
    /// A fixed /24 such as "10.250.0" for a configuration file written in advance (the demo); tests leave it
    /// null and get a random one. Addresses live inside the lab's namespaces, never on the host.
    /// </param>
    public static NetworkLab Create(int nodeCount = 2, string? ipv4Prefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodeCount, 80);
        RootRequired.ThrowIfUnavailable();
        // The first lab of a test run cleans up after crashed runs, so leftovers never pile up.
        if (Interlocked.Exchange(ref s_sweptThisProcess, 1) == 0)
        {
            SweepStaleLabs();
        }

        var lab = new NetworkLab(TestCommand.UniqueName("hv", randomBytes: 3), ipv4Prefix);
        try
        {
            lab.Build(nodeCount);
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    private void Build(int nodeCount)
    {
        WriteMarker();
        AddNamespace(BridgeNamespace);
        // Snooping off: the bridge floods every group, like the dumb switch VRRP expects.
        TestCommand.IpBatch(BridgeNamespace,
        [
            $"link add {BridgeName} type bridge mcast_snooping 0",
            $"link set {BridgeName} up",
        ]);

        var nodes = new List<LabNode>();
        for (var number = 1; number <= nodeCount; number++)
        {
            nodes.Add(AddHost($"node{number}", $"n{number}", 10 + number));
        }
        Nodes = nodes;
        Client = AddHost("client", "c", 100);
    }

    private LabNode AddHost(string name, string shortName, int hostNumber)
    {
        var node = new LabNode(
            lab: this,
            name: name,
            networkNamespace: $"{Id}-{name}",
            bridgePort: $"{Id}-{shortName}",
            hostNumber: hostNumber);
        AddNamespace(node.Namespace);
        TestCommand.IpBatch(node.Namespace,
        [
            "link set lo up",
            $"link add {LabNode.InterfaceName} address {node.MacAddressText} type veth peer name {node.BridgePort} netns {BridgeNamespace}",
            // No kernel-made link-local (it would wait for DAD): we add a readable one ourselves.
            $"link set {LabNode.InterfaceName} addrgenmode none",
            $"addr add {node.IPv4Address}/24 dev {LabNode.InterfaceName}",
            $"addr add {node.IPv6Address}/64 dev {LabNode.InterfaceName} nodad",
            $"addr add {node.LinkLocalAddress}/64 dev {LabNode.InterfaceName} nodad",
            $"link set {LabNode.InterfaceName} up",
        ]);
        TestCommand.IpBatch(BridgeNamespace, [$"link set {node.BridgePort} master {BridgeName} up"]);
        node.InterfaceIndex = int.Parse(
            node.Run("cat", $"/sys/class/net/{LabNode.InterfaceName}/ifindex").Trim(),
            CultureInfo.InvariantCulture);
        return node;
    }

    private void AddNamespace(string name)
    {
        // Recorded before creation: if `ip netns add` half-succeeds, Dispose still tries to delete it.
        _namespaces.Add(name);
        TestCommand.AddNamespace(name);
    }

    private void WriteMarker()
    {
        Directory.CreateDirectory(MarkerDirectory);
        File.WriteAllText(Path.Combine(MarkerDirectory, Id), ProcessIdentity.Current);
    }

    /// <summary>Deletes the lab's namespaces; keeps going past failures and reports them all at the end.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        var failures = new List<string>();
        // Hosts first, so that their veth ends leave the bridge before it goes.
        foreach (var name in Enumerable.Reverse(_namespaces))
        {
            try
            {
                TestCommand.DeleteNamespace(name);
            }
            catch (InvalidOperationException exception)
            {
                failures.Add(exception.Message);
            }
        }
        File.Delete(Path.Combine(MarkerDirectory, Id));
        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"Lab {Id} was not fully removed: {string.Join("; ", failures)}");
        }
    }

    /// <summary>
    /// Removes labs left behind by test processes that died before Dispose (killed runner, crash).
    /// Only labs whose owning process is gone are touched, so labs of concurrent runs survive.
    /// Returns the ids removed.
    /// </summary>
    public static IReadOnlyList<string> SweepStaleLabs()
    {
        var removed = new List<string>();
        if (!Directory.Exists(MarkerDirectory))
        {
            return removed;
        }
        foreach (var marker in Directory.GetFiles(MarkerDirectory))
        {
            var id = Path.GetFileName(marker);
            string owner;
            try
            {
                owner = File.ReadAllText(marker);
            }
            catch (FileNotFoundException)
            {
                continue; // its owner just disposed it
            }
            if (ProcessIdentity.IsAlive(owner))
            {
                continue;
            }
            var namespaces = Directory.Exists(NetworkNamespace.NamedNamespaceDirectory)
                ? Directory.GetFiles(NetworkNamespace.NamedNamespaceDirectory, $"{id}-*").Select(Path.GetFileName).OfType<string>()
                : [];
            foreach (var name in namespaces.OrderBy(name => name.EndsWith("-br", StringComparison.Ordinal)))
            {
                TestCommand.DeleteNamespace(name);
            }
            File.Delete(marker);
            removed.Add(id);
        }
        return removed;
    }

    internal static IPAddress HostAddress(string prefix, int hostNumber) => IPAddress.Parse($"{prefix}.{hostNumber}");
}
