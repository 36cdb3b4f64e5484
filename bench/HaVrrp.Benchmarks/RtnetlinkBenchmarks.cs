using System.Diagnostics;
using System.Net;
using BenchmarkDotNet.Attributes;
using HaVrrp.Engine.Platform.Linux.Netlink;
using HaVrrp.TestSupport;

namespace HaVrrp.Benchmarks;

/// <summary>
/// The cost of what a master does on every refresh: re-adding its VIP with a lifetime. Needs root;
/// everything happens in a throwaway network namespace (hvb-XXXXXXXX) with a veth pair.
/// </summary>
[MemoryDiagnoser]
public class RtnetlinkBenchmarks
{
    private string _namespace = string.Empty;
    private NetlinkSocket _socket = null!;
    private AddressManager _addresses = null!;
    private LinkManager _links = null!;
    private InterfaceAddressRequest _vip = null!;

    [GlobalSetup]
    public void Setup()
    {
        _namespace = "hvb-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4));
        Ip($"netns add {_namespace}");
        Ip($"-n {_namespace} link add hv0 type veth peer name hv1");
        Ip($"-n {_namespace} link set hv0 up");
        _socket = NetworkNamespace.RunInside(_namespace, () => NetlinkSocket.Open());
        _addresses = new AddressManager(_socket);
        _links = new LinkManager(_socket);
        _vip = new InterfaceAddressRequest(_links.GetIndex("hv0"), IPAddress.Parse("10.1.1.200"), 24)
        {
            Label = "hv0:vip",
            ValidLifetime = TimeSpan.FromSeconds(10),
        };

        // So that a dump returns something: lo's 127.0.0.1 and ::1, and the VIP.
        Ip($"-n {_namespace} link set lo up");
        _addresses.AddOrReplace(_vip);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _socket.Dispose();
        Ip($"netns delete {_namespace}");
    }

    [Benchmark]
    public void RefreshVipWithLifetime() => _addresses.AddOrReplace(_vip);

    /// <summary>A dump of three addresses.</summary>
    [Benchmark]
    public int ListAddresses() => _addresses.List().Count;

    [Benchmark]
    public int? FindLinkByName() => _links.Find("hv0")?.Index;

    private static void Ip(string arguments)
    {
        using var process = Process.Start("ip", arguments);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {arguments} failed (exit {process.ExitCode}); the benchmark needs root.");
        }
    }
}
