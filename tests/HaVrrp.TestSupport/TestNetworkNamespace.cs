using System.Text.Json;
using HaVrrp.Engine.Platform.Linux.Netlink;

namespace HaVrrp.TestSupport;

/// <summary>
/// A network namespace of the test's own, with a unique name ("hvt-" + 8 hex digits), removed on
/// Dispose even when the test fails. Links inside are created with iproute2; netlink sockets are
/// created inside it through <see cref="NetworkNamespace.RunInside"/>. The host's interfaces are
/// never touched.
/// </summary>
public sealed class TestNetworkNamespace : IDisposable
{
    private TestNetworkNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>Creates the namespace (checks the root policy first).</summary>
    public static TestNetworkNamespace Create()
    {
        RootRequired.ThrowIfUnavailable();
        var name = TestCommand.UniqueName("hvt-", randomBytes: 4);
        TestCommand.AddNamespace(name);
        var created = new TestNetworkNamespace(name);
        try
        {
            created.Ip("link set lo up");
            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>A veth pair with both ends inside the namespace and up (the kernel here has no dummy driver).</summary>
    public void AddVethPair(string name, string peerName)
    {
        TestCommand.IpBatch(Name,
        [
            $"link add {name} type veth peer name {peerName}",
            $"link set {name} up",
            $"link set {peerName} up",
        ]);
    }

    /// <summary>Runs <c>ip -n NAME arguments</c> (split at spaces; no quoting) and returns its standard output.</summary>
    public string Ip(string arguments) =>
        TestCommand.Ip(["-n", Name, .. arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

    /// <summary>Runs <c>ip -n NAME -j arguments</c> and parses the JSON.</summary>
    public JsonElement IpJson(string arguments)
    {
        var output = Ip($"-j {arguments}");
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(output) ? "[]" : output);
        return document.RootElement.Clone();
    }

    public T RunInside<T>(Func<T> action) => NetworkNamespace.RunInside(Name, action);

    public NetlinkSocket OpenNetlinkSocket(RtnetlinkGroups groups = RtnetlinkGroups.None, int? kernelReceiveBufferBytes = null) =>
        RunInside(() => NetlinkSocket.Open(groups, kernelReceiveBufferBytes));

    public int IndexOf(string linkName) =>
        IpJson($"link show dev {linkName}")[0].GetProperty("ifindex").GetInt32();

    public void Dispose() => TestCommand.DeleteNamespace(Name);
}
