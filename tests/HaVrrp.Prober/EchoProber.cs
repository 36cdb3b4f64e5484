using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using HaVrrp.Engine.Platform.Linux.Announcements;

namespace HaVrrp.Prober;

/// <summary>
/// ICMP echo requests to one IPv4 address at a steady rhythm, and the replies read off the interface
/// with an AF_PACKET socket, which shows the Ethernet source: the MAC, and so the node, that answered.
/// Sending and receiving each run on a dedicated thread and never wait on the output: events go to
/// an unbounded channel that one writer drains, so a slow reader of the record cannot bend the times.
/// </summary>
internal sealed class EchoProber : IDisposable
{
    private const int EchoRequest = 8;
    private const int EchoReply = 0;
    private const int EthernetHeaderLength = 14;

    private readonly IPAddress _address;
    private readonly Socket _sender;
    private readonly Socket _receiver;
    private readonly ushort _identifier = BinaryPrimitives.ReadUInt16BigEndian(RandomNumberGenerator.GetBytes(2));
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Channel<string> _record = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _sequenceLock = new();
    private volatile bool _sending = true;
    private volatile bool _receiving = true;
    private int _sentCount;
    private Thread? _senderThread;
    private Thread? _receiverThread;

    private EchoProber(IPAddress address, Socket sender, Socket receiver)
    {
        _address = address;
        _sender = sender;
        _receiver = receiver;
    }

    public static EchoProber Open(IPAddress address, string interfaceName)
    {
        var interfaceIndex = NetworkInterface.GetAllNetworkInterfaces()
            .Single(candidate => candidate.Name == interfaceName)
            .GetIPProperties().GetIPv4Properties().Index;
        var receiver = PacketSocket.OpenForReceiving(interfaceIndex, PacketSocket.EthertypeIPv4);
        // Wakes the receiving thread now and then, so that it notices the end without a reply to wake it.
        receiver.ReceiveTimeout = 100;
        try
        {
            var sender = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp)
            {
                // The raw socket also gets a copy of every reply; only the packet socket reads them.
                ReceiveBufferSize = 4096,
            };
            return new EchoProber(address, sender, receiver);
        }
        catch
        {
            receiver.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs once through everything the loops will do (sleeping, formatting a record line, reading a
    /// reply), so that compiling code and paging it in from disk, slow on a busy machine, happen
    /// before the first probe instead of as a stall in the middle of the record.
    /// </summary>
    public void WarmUp()
    {
        Thread.Sleep(1);
        var frame = new byte[EthernetHeaderLength + 28];
        _ = TryReadEchoReply(frame, out var sequence, out var from);
        _ = string.Create(CultureInfo.InvariantCulture, $"sent {FullSequence(sequence)} {Microseconds(_clock.Elapsed)}");
        _ = string.Create(CultureInfo.InvariantCulture, $"answered {sequence} {Microseconds(_clock.Elapsed)} {from}");
        WriteEchoRequest(frame, _identifier, sequence);
    }

    public void Start(TimeSpan interval)
    {
        _receiverThread = new Thread(ReceiveReplies) { Name = "receiver", IsBackground = true };
        _senderThread = new Thread(() => SendRequests(interval)) { Name = "sender", IsBackground = true };
        _receiverThread.Start();
        _senderThread.Start();
    }

    public void StopSending()
    {
        _sending = false;
        _senderThread?.Join();
    }

    public void StopReceiving()
    {
        _receiving = false;
        _receiverThread?.Join();
        _record.Writer.Complete();
    }

    /// <summary>Writes every event, one line each, until <see cref="StopReceiving"/> completes the record.</summary>
    public async Task WriteRecordAsync(TextWriter output)
    {
        while (await _record.Reader.WaitToReadAsync())
        {
            while (_record.Reader.TryRead(out var line))
            {
                await output.WriteLineAsync(line);
            }
            await output.FlushAsync();
        }
    }

    public void Dispose()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    /// <summary>
    /// One request per interval on a fixed schedule. A thread that falls more than an interval behind
    /// (the machine did not run it) skips the missed slots instead of sending a burst: the record then
    /// shows the gap, and the verdict rests only on probes that were really sent.
    /// </summary>
    private void SendRequests(TimeSpan interval)
    {
        var destination = new IPEndPoint(_address, 0);
        var request = new byte[16];
        var due = _clock.Elapsed;
        while (_sending)
        {
            var wait = due - _clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                // Whole milliseconds, rounded up: Thread.Sleep turns less than one into a yield, and a
                // loop of yields is a busy loop that takes the core from everything else.
                Thread.Sleep((int)Math.Ceiling(wait.TotalMilliseconds));
                continue;
            }
            int sequence;
            lock (_sequenceLock)
            {
                sequence = _sentCount++;
            }
            WriteEchoRequest(request, _identifier, (ushort)sequence);
            var sentAt = _clock.Elapsed;
            try
            {
                _sender.SendTo(request, SocketFlags.None, destination);
            }
            catch (SocketException)
            {
                // No ARP answer for the address (EHOSTUNREACH): the probe counts as unanswered.
            }
            _record.Writer.TryWrite(string.Create(CultureInfo.InvariantCulture, $"sent {sequence} {Microseconds(sentAt)}"));
            due += interval;
            if (_clock.Elapsed - due > interval)
            {
                due = _clock.Elapsed;
            }
        }
    }

    private void ReceiveReplies()
    {
        var buffer = new byte[2048];
        while (_receiving)
        {
            int length;
            try
            {
                length = _receiver.Receive(buffer);
            }
            catch (SocketException error) when (error.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                continue;
            }
            var at = _clock.Elapsed;
            if (TryReadEchoReply(buffer.AsSpan(0, length), out var wireSequence, out var from))
            {
                var sequence = FullSequence(wireSequence);
                if (sequence >= 0)
                {
                    _record.Writer.TryWrite(string.Create(CultureInfo.InvariantCulture, $"answered {sequence} {Microseconds(at)} {from}"));
                }
            }
        }
    }

    /// <summary>The wire carries 16 bits of the sequence: the latest probe sent with those low bits.</summary>
    private int FullSequence(ushort wireSequence)
    {
        int sentCount;
        lock (_sequenceLock)
        {
            sentCount = _sentCount;
        }
        var sequence = (sentCount - 1) & ~0xFFFF | wireSequence;
        return sequence >= sentCount ? sequence - 0x10000 : sequence;
    }

    private bool TryReadEchoReply(ReadOnlySpan<byte> frame, out ushort sequence, out PhysicalAddress from)
    {
        sequence = 0;
        from = PhysicalAddress.None;
        if (frame.Length < EthernetHeaderLength + 20 ||
            BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != PacketSocket.EthertypeIPv4)
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

    private static long Microseconds(TimeSpan elapsed) => elapsed.Ticks / TimeSpan.TicksPerMicrosecond;

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
