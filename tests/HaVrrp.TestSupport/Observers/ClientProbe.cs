using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using HaVrrp.Engine.Platform.Linux;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.TestSupport.Observers;

/// <summary>
/// The lab client pinging a virtual address every few milliseconds, the way a user of the service
/// would notice a failover. There is no ping on the machine, and ping would not say who answered:
/// requests go out on a raw ICMP socket (the kernel resolves the address with ARP, so a stale ARP
/// entry costs probes as it would in real life), and replies are read off the client's eth0 with an
/// AF_PACKET socket, which shows the Ethernet source: the MAC, and so the node, that answered.
/// Both sockets are opened inside the client's namespace.
/// </summary>
public sealed class ClientProbe : IAsyncDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>A reply later than this does not count: the client would have given up on it.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromMilliseconds(500);

    private const int EchoRequest = 8;
    private const int EchoReply = 0;
    private const ushort EthertypeIPv4 = 0x0800;
    private const int EthernetHeaderLength = 14;

    private readonly IPAddress _address;
    private readonly TimeSpan _interval;
    private readonly Dictionary<string, string> _nodeNamesByMac;
    private readonly Socket _sender;
    private readonly Socket _receiver;
    private readonly ushort _identifier = BinaryPrimitives.ReadUInt16BigEndian(RandomNumberGenerator.GetBytes(2));
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stopSending = new();
    private readonly CancellationTokenSource _stopReceiving = new();
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _sentAt = [];
    private readonly Dictionary<int, (TimeSpan At, PhysicalAddress From)> _replies = [];
    private int _duplicateReplies;
    private Task _sending = Task.CompletedTask;
    private Task _receiving = Task.CompletedTask;
    private ProbeReport? _report;

    private ClientProbe(NetworkLab lab, IPAddress address, TimeSpan interval)
    {
        _address = address;
        _interval = interval;
        _nodeNamesByMac = lab.Nodes.ToDictionary(node => node.MacAddress.ToString(), node => node.Name);
        var client = lab.Client;
        _receiver = client.InNamespace(() => PacketSocket.OpenForReceiving(client.InterfaceIndex, EthertypeIPv4));
        try
        {
            _sender = client.InNamespace(() => new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp));
            // The raw socket also gets a copy of every reply; only the packet socket reads them.
            _sender.ReceiveBufferSize = 4096;
        }
        catch
        {
            _receiver.Dispose();
            throw;
        }
    }

    /// <summary>Starts probing <paramref name="address"/> (IPv4) from the lab's client.</summary>
    public static ClientProbe Start(NetworkLab lab, IPAddress address, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("The probe speaks ICMP for IPv4 only.", nameof(address));
        }
        var probe = new ClientProbe(lab, address, interval ?? DefaultInterval);
        probe._receiving = Task.Run(probe.ReceiveRepliesAsync);
        probe._sending = Task.Run(probe.SendRequestsAsync);
        return probe;
    }

    /// <summary>The node that answered most recently, and the sequence number of that probe; null before any answer.</summary>
    public (int Sequence, string Responder)? LastAnswer
    {
        get
        {
            lock (_lock)
            {
                if (_replies.Count == 0)
                {
                    return null;
                }
                var last = _replies.MaxBy(reply => reply.Key);
                return (last.Key, NameOf(last.Value.From));
            }
        }
    }

    /// <summary>How many probes have been sent so far.</summary>
    public int SentCount
    {
        get
        {
            lock (_lock)
            {
                return _sentAt.Count;
            }
        }
    }

    /// <summary>Waits until a probe sent from now on is answered by <paramref name="node"/>.</summary>
    public Task WaitForAnswerFromAsync(LabNode node, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(node);
        var after = SentCount;
        return Eventually.WaitUntilAsync(
            () => LastAnswer,
            answer => answer is { } last && last.Sequence >= after && last.Responder == node.Name,
            deadline,
            $"answered by {node.Name}");
    }

    /// <summary>Stops sending, waits out the answer timeout for late replies, and reports.</summary>
    public async Task<ProbeReport> StopAsync()
    {
        if (_report is not null)
        {
            return _report;
        }
        await _stopSending.CancelAsync();
        await _sending;
        await Task.Delay(AnswerTimeout);
        await _stopReceiving.CancelAsync();
        await _receiving;
        _report = BuildReport();
        return _report;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _sender.Dispose();
            _receiver.Dispose();
            _stopSending.Dispose();
            _stopReceiving.Dispose();
        }
    }

    private async Task SendRequestsAsync()
    {
        var destination = new IPEndPoint(_address, 0);
        var request = new byte[16];
        using var timer = new PeriodicTimer(_interval);
        try
        {
            do
            {
                int sequence;
                lock (_lock)
                {
                    sequence = _sentAt.Count;
                    _sentAt.Add(_clock.Elapsed);
                }
                WriteEchoRequest(request, _identifier, (ushort)sequence);
                try
                {
                    await _sender.SendToAsync(request, SocketFlags.None, destination);
                }
                catch (SocketException)
                {
                    // No ARP answer for the address (EHOSTUNREACH): the probe counts as unanswered.
                }
            }
            while (await timer.WaitForNextTickAsync(_stopSending.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReceiveRepliesAsync()
    {
        var buffer = new byte[2048];
        try
        {
            while (true)
            {
                var length = await _receiver.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, _stopReceiving.Token);
                var at = _clock.Elapsed;
                if (TryReadEchoReply(buffer.AsSpan(0, length), out var sequence16, out var from))
                {
                    Record(sequence16, from, at);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private bool TryReadEchoReply(ReadOnlySpan<byte> frame, out ushort sequence, out PhysicalAddress from)
    {
        sequence = 0;
        from = PhysicalAddress.None;
        if (frame.Length < EthernetHeaderLength + 20 ||
            BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != EthertypeIPv4)
        {
            return false;
        }
        var ip = frame[EthernetHeaderLength..];
        var headerLength = (ip[0] & 0x0F) * 4;
        if (ip[9] != (byte)ProtocolType.Icmp || ip.Length < headerLength + 8 || !new IPAddress(ip[12..16]).Equals(_address))
        {
            return false;
        }
        var icmp = ip[headerLength..];
        if (icmp[0] != EchoReply || BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) != _identifier)
        {
            return false;
        }
        sequence = BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]);
        from = new PhysicalAddress(frame[6..12].ToArray());
        return true;
    }

    private void Record(ushort sequence16, PhysicalAddress from, TimeSpan at)
    {
        lock (_lock)
        {
            // The wire carries 16 bits: take the latest probe sent with those low bits.
            var sequence = (_sentAt.Count - 1) & ~0xFFFF | sequence16;
            if (sequence >= _sentAt.Count)
            {
                sequence -= 0x10000;
            }
            if (sequence < 0)
            {
                return;
            }
            if (!_replies.TryAdd(sequence, (at, from)))
            {
                _duplicateReplies++;
            }
        }
    }

    private ProbeReport BuildReport()
    {
        lock (_lock)
        {
            var probes = new List<Probe>(_sentAt.Count);
            for (var sequence = 0; sequence < _sentAt.Count; sequence++)
            {
                var sentAt = _sentAt[sequence];
                probes.Add(_replies.TryGetValue(sequence, out var reply) && reply.At - sentAt <= AnswerTimeout
                    ? new Probe(sequence, sentAt, reply.At, reply.From, NameOf(reply.From))
                    : new Probe(sequence, sentAt, null, null, null));
            }
            return new ProbeReport(probes, _interval, _duplicateReplies);
        }
    }

    private string NameOf(PhysicalAddress mac) =>
        _nodeNamesByMac.TryGetValue(mac.ToString(), out var name) ? name : mac.ToString();

    private static void WriteEchoRequest(Span<byte> request, ushort identifier, ushort sequence)
    {
        request.Clear();
        request[0] = EchoRequest;
        BinaryPrimitives.WriteUInt16BigEndian(request[4..], identifier);
        BinaryPrimitives.WriteUInt16BigEndian(request[6..], sequence);
        BinaryPrimitives.WriteUInt16BigEndian(request[2..], InternetChecksum(request));
    }

    /// <summary>RFC 1071: the ones' complement of the ones' complement sum of the 16-bit words.</summary>
    private static ushort InternetChecksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var index = 0; index + 1 < data.Length; index += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[index..]);
        }
        if (data.Length % 2 == 1)
        {
            sum += (uint)data[^1] << 8;
        }
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }
}
