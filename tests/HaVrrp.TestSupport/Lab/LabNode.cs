using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using HaVrrp.Engine.Platform.Linux.VrrpSocket;
using HaVrrp.TestSupport;

namespace HaVrrp.TestSupport.Lab;

/// <summary>One host of a <see cref="NetworkLab"/>: a namespace with `eth0` plugged into the lab bridge.</summary>
public sealed class LabNode
{
    public const string InterfaceName = "eth0";

    private readonly NetworkLab _lab;

    internal LabNode(NetworkLab lab, string name, string networkNamespace, string bridgePort, int hostNumber)
    {
        _lab = lab;
        Name = name;
        Namespace = networkNamespace;
        BridgePort = bridgePort;
        HostNumber = hostNumber;
        IPv4Address = NetworkLab.HostAddress(lab.IPv4Prefix, hostNumber);
        var hostText = hostNumber.ToString(CultureInfo.InvariantCulture);
        IPv6Address = IPAddress.Parse($"{lab.IPv6Prefix}::{hostText}");
        LinkLocalAddress = IPAddress.Parse($"fe80::{hostText}");
        // Locally administered (02), the lab id, then the host number: unique and easy to read in a capture.
        MacAddressText = $"02:{lab.Id[2..4]}:{lab.Id[4..6]}:{lab.Id[6..8]}:00:{hostNumber:x2}";
        MacAddress = PhysicalAddress.Parse(MacAddressText.Replace(':', '-'));
    }

    /// <summary>"node1", "node2", ... or "client".</summary>
    public string Name { get; }

    public string Namespace { get; }

    /// <summary>The bridge's end of this host's veth, in the lab's bridge namespace.</summary>
    public string BridgePort { get; }

    public int HostNumber { get; }

    public int InterfaceIndex { get; internal set; }

    public IPAddress IPv4Address { get; }

    public IPAddress IPv6Address { get; }

    /// <summary>The link-local address of eth0 (no scope id).</summary>
    public IPAddress LinkLocalAddress { get; }

    public PhysicalAddress MacAddress { get; }

    internal string MacAddressText { get; }

    /// <summary>Runs a command inside this host (`ip netns exec`) and returns its output.</summary>
    public string Run(string command, params string[] arguments) =>
        TestCommand.Run("ip", ["netns", "exec", Namespace, command, .. arguments]);

    /// <summary>Runs code on a thread inside this host's namespace (sockets opened there stay there).</summary>
    public T InNamespace<T>(Func<T> action) => NetworkNamespace.RunInside(Namespace, action);

    /// <summary>A VRRP socket on this host's eth0, opened inside its namespace; <paramref name="adjust"/> tweaks the default options.</summary>
    public RawVrrpSocket OpenVrrpSocket(AddressFamily family, Func<RawVrrpSocketOptions, RawVrrpSocketOptions>? adjust = null) =>
        InNamespace(() =>
        {
            var options = RawVrrpSocketOptions.ForInterface(InterfaceName, family);
            return RawVrrpSocket.Open(adjust is null ? options : adjust(options));
        });

    /// <summary>Pulls the cable: the bridge port goes down, and eth0 loses carrier as a real NIC would.</summary>
    public void CutLink() => TestCommand.IpBatch(_lab.BridgeNamespace, [$"link set {BridgePort} down"]);

    public void RestoreLink() => TestCommand.IpBatch(_lab.BridgeNamespace, [$"link set {BridgePort} up"]);

    /// <summary>
    /// A silent partition: the port leaves the bridge but keeps carrier, so this host still thinks
    /// its link is fine (the split-brain case of filtered multicast).
    /// </summary>
    public void Isolate() => TestCommand.IpBatch(_lab.BridgeNamespace, [$"link set {BridgePort} nomaster"]);

    public void Rejoin() => TestCommand.IpBatch(_lab.BridgeNamespace, [$"link set {BridgePort} master {_lab.BridgeName}"]);

    public override string ToString() => $"{Name} ({Namespace}, {IPv4Address})";
}
