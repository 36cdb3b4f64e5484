using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using HaVrrp.Engine.Platform.Linux.Announcements;
using HaVrrp.Engine.Platform.Linux.Netlink;
using HaVrrp.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>
/// RFC 5227-style probes through AF_PACKET, and the claims they draw out. The engine's call only queues a round;
/// this source sends it, and per interface keeps two receiving sockets open: one for ARP (low volume by nature) and
/// one for IPv6 with a kernel filter that passes neighbour advertisements only, so no other traffic is copied up.
/// A frame that claims an address probed in the last <see cref="WatchPeriod"/> on that interface is posted to the
/// engine as <see cref="AddressClaimHeard"/>; everything else is dropped here. The frames never leave the segment:
/// broadcast, the solicited-node group, or replies to them.
/// </summary>
public sealed class LinuxAddressProbe(ILogger logger) : IAddressProbe, IEngineEventSource
{
    /// <summary>Answers and announcements count this long after the address was last probed.</summary>
    public static readonly TimeSpan WatchPeriod = TimeSpan.FromSeconds(10);

    private const int SolSocket = 1;
    private const int SoAttachFilter = 26;

    private sealed record Round(string InterfaceName, IReadOnlyList<IPAddress> Addresses);

    private readonly Channel<Round> _rounds = Channel.CreateBounded<Round>(
        new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Dictionary<string, InterfaceWatch> _watches = new(StringComparer.Ordinal);

    public void Probe(string interfaceName, IReadOnlyList<IPAddress> addresses) =>
        _rounds.Writer.TryWrite(new Round(interfaceName, addresses));

    public async Task RunAsync(Func<EngineEvent, bool> post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        try
        {
            await foreach (var round in _rounds.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    WatchFor(round.InterfaceName, post, cancellationToken).Probe(round.Addresses);
                }
                catch (Exception exception) when (exception is SocketException or ArgumentException or IOException or NetlinkException)
                {
                    logger.LogWarning("Probing addresses on {Interface} failed: {Error}", round.InterfaceName, exception.Message);
                    Forget(round.InterfaceName);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var name in _watches.Keys.ToList())
            {
                Forget(name);
            }
        }
    }

    private InterfaceWatch WatchFor(string interfaceName, Func<EngineEvent, bool> post, CancellationToken cancellationToken)
    {
        if (!_watches.TryGetValue(interfaceName, out var watch))
        {
            using var netlink = NetlinkSocket.Open();
            var link = new LinkManager(netlink).Find(interfaceName)
                ?? throw new ArgumentException($"There is no interface named '{interfaceName}'.", nameof(interfaceName));
            watch = _watches[interfaceName] = new InterfaceWatch(interfaceName, link.Index, link.MacAddress.GetAddressBytes(), post, logger, cancellationToken);
        }
        return watch;
    }

    // The interface may have been recreated (new index, new MAC): open it afresh next time.
    private void Forget(string interfaceName)
    {
        if (_watches.Remove(interfaceName, out var watch))
        {
            watch.Dispose();
        }
    }

    /// <summary>One interface: the sending socket, the two receivers and the addresses being watched.</summary>
    private sealed class InterfaceWatch : IDisposable
    {
        private readonly string _interfaceName;
        private readonly byte[] _hardwareAddress;
        private readonly string _ownHardwareAddress;
        private readonly Socket _sender;
        private readonly Socket _arpReceiver;
        private readonly Socket _neighborReceiver;
        private readonly SocketAddress _broadcast;
        private readonly int _interfaceIndex;
        private readonly byte[] _frame = new byte[AddressProbeFrames.NeighborSolicitationFrameLength];
        private readonly ConcurrentDictionary<IPAddress, long> _watchedUntil = new();
        private readonly Func<EngineEvent, bool> _post;
        private readonly ILogger _logger;
        private readonly CancellationTokenSource _stop;

        public InterfaceWatch(string interfaceName, int interfaceIndex, byte[] hardwareAddress, Func<EngineEvent, bool> post, ILogger logger, CancellationToken cancellationToken)
        {
            if (hardwareAddress.Length != 6)
            {
                throw new ArgumentException($"{interfaceName} has no Ethernet address to probe from.", nameof(hardwareAddress));
            }
            _interfaceName = interfaceName;
            _interfaceIndex = interfaceIndex;
            _hardwareAddress = hardwareAddress;
            _ownHardwareAddress = AddressProbeFrames.Format(hardwareAddress);
            _post = post;
            _logger = logger;
            _broadcast = new PacketSocketEndPoint(interfaceIndex, PacketSocket.EthertypeArp,
                new System.Net.NetworkInformation.PhysicalAddress([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])).Serialize();
            _sender = PacketSocket.OpenForSending(interfaceIndex);
            _arpReceiver = PacketSocket.OpenForReceiving(interfaceIndex, PacketSocket.EthertypeArp);
            _neighborReceiver = PacketSocket.OpenForReceiving(interfaceIndex, PacketSocket.EthertypeIPv6);
            AttachNeighborAdvertisementFilter(_neighborReceiver);
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _ = ReceiveAsync(_arpReceiver, isArp: true);
            _ = ReceiveAsync(_neighborReceiver, isArp: false);
        }

        public void Probe(IReadOnlyList<IPAddress> addresses)
        {
            var until = Environment.TickCount64 + (long)WatchPeriod.TotalMilliseconds;
            foreach (var address in addresses)
            {
                _watchedUntil[address] = until;
                if (address.AddressFamily == AddressFamily.InterNetwork)
                {
                    AddressProbeFrames.WriteArpProbe(_frame, _hardwareAddress, address);
                    _sender.SendTo(_frame.AsSpan(0, AddressProbeFrames.ArpFrameLength), SocketFlags.None, _broadcast);
                }
                else
                {
                    AddressProbeFrames.WriteNeighborSolicitation(_frame, _hardwareAddress, address);
                    var group = new PacketSocketEndPoint(_interfaceIndex, PacketSocket.EthertypeIPv6,
                        new System.Net.NetworkInformation.PhysicalAddress(AddressProbeFrames.SolicitedNodeHardwareAddress(address))).Serialize();
                    _sender.SendTo(_frame.AsSpan(0, AddressProbeFrames.NeighborSolicitationFrameLength), SocketFlags.None, group);
                }
            }
        }

        private async Task ReceiveAsync(Socket socket, bool isArp)
        {
            var buffer = new byte[2048];
            try
            {
                while (true)
                {
                    var length = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                    var frame = buffer.AsSpan(0, length);
                    string hardwareAddress;
                    var read = isArp
                        ? AddressProbeFrames.TryReadArpClaim(frame, out var address, out hardwareAddress)
                        : AddressProbeFrames.TryReadNeighborAdvertisementClaim(frame, out address, out hardwareAddress);
                    if (read && IsWatched(address))
                    {
                        _post(new AddressClaimHeard(_interfaceName, address, hardwareAddress, hardwareAddress == _ownHardwareAddress));
                    }
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
            }
            catch (SocketException exception)
            {
                _logger.LogWarning("Listening for address claims on {Interface} failed: {Error}", _interfaceName, exception.Message);
            }
        }

        private bool IsWatched(IPAddress address) =>
            _watchedUntil.TryGetValue(address, out var until) && until >= Environment.TickCount64;

        /// <summary>
        /// A classic BPF program: IPv6 next header ICMPv6 (58) and ICMPv6 type Neighbor Advertisement (136), else
        /// drop in the kernel. NAs carry no extension headers (RFC 4861 hop limit 255 rules out routing them).
        /// </summary>
        private static unsafe void AttachNeighborAdvertisementFilter(Socket socket)
        {
            ReadOnlySpan<ulong> program =
            [
                Instruction(0x30, 0, 0, 14 + 6),        // ldb [20]: next header
                Instruction(0x15, 0, 3, 58),            // jeq #58, else drop
                Instruction(0x30, 0, 0, 14 + 40),       // ldb [54]: ICMPv6 type
                Instruction(0x15, 0, 1, 136),           // jeq #136, else drop
                Instruction(0x06, 0, 0, 0x40000),       // ret whole frame
                Instruction(0x06, 0, 0, 0),             // drop
            ];
            fixed (ulong* filter = program)
            {
                Span<byte> fprog = stackalloc byte[16];
                BitConverter.TryWriteBytes(fprog, (ushort)program.Length);
                BitConverter.TryWriteBytes(fprog[8..], (ulong)filter);
                socket.SetRawSocketOption(SolSocket, SoAttachFilter, fprog);
            }
        }

        // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; } in host (little-endian) order.
        private static ulong Instruction(ushort code, byte jumpTrue, byte jumpFalse, uint constant) =>
            code | ((ulong)jumpTrue << 16) | ((ulong)jumpFalse << 24) | ((ulong)constant << 32);

        public void Dispose()
        {
            _stop.Cancel();
            _sender.Dispose();
            _arpReceiver.Dispose();
            _neighborReceiver.Dispose();
            _stop.Dispose();
        }
    }
}
