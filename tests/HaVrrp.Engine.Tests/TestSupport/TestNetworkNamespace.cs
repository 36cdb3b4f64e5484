using System.Diagnostics;
using System.Text.Json;
using HaVrrp.Engine.Platform.Linux;

namespace HaVrrp.Engine.Tests.TestSupport;

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
        RootRequired.Check();
        var name = "hvt-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4));
        RunIp($"netns add {name}");
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
        Ip($"link add {name} type veth peer name {peerName}");
        Ip($"link set {name} up");
        Ip($"link set {peerName} up");
    }

    /// <summary>Runs <c>ip -n NAME arguments</c> and returns its standard output.</summary>
    public string Ip(string arguments) => RunIp($"-n {Name} {arguments}");

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

    public void Dispose() => RunIp($"netns delete {Name}");

    private static string RunIp(string arguments)
    {
        var startInfo = new ProcessStartInfo("ip", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start ip.");
        var errorTask = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"ip {arguments} exited with {process.ExitCode}: {errorTask.Result.Trim()}");
    }
}
