using System.Net.Sockets;
using System.Runtime.InteropServices;
using HaVrrp.Engine.Platform.Linux.Native;

namespace HaVrrp.Engine.Platform.Linux.Netlink;

/// <summary>Called for each reply message of a request; the span is only valid during the call.</summary>
internal delegate void NetlinkReplyVisitor(NetlinkMessage message);

/// <summary>
/// An AF_NETLINK / NETLINK_ROUTE socket. It numbers requests, sends them to the kernel, and reads
/// replies until the matching ack, error or end of dump, so callers see one call that either
/// returns or throws a <see cref="NetlinkException"/>. A socket belongs to the network namespace
/// of the thread that opened it, for its whole life.
/// </summary>
public sealed class NetlinkSocket : IDisposable
{
    // Dumps come in datagrams of up to 32 KiB; a bigger buffer guarantees none is truncated.
    private const int ReceiveBufferLength = 64 * 1024;

    // The kernel answers rtnetlink requests synchronously, so a missing reply means a lost
    // datagram; waiting forever would hang the engine loop.
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly Lock _requestGate = new();
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferLength];
    private uint _sequence;

    private NetlinkSocket(Socket socket, uint portId)
    {
        _socket = socket;
        PortId = portId;
    }

    /// <summary>The port id the kernel assigned (nl_pid); replies and events are addressed to it.</summary>
    public uint PortId { get; }

    /// <summary>
    /// Opens a socket in the calling thread's network namespace. <paramref name="groups"/> subscribes
    /// to change notifications (see <see cref="LinkMonitor"/>); <paramref name="kernelReceiveBufferBytes"/>
    /// sets SO_RCVBUF, which bounds how many notifications wait before the kernel drops some (ENOBUFS).
    /// </summary>
    public static NetlinkSocket Open(RtnetlinkGroups groups = RtnetlinkGroups.None, int? kernelReceiveBufferBytes = null)
    {
        var descriptor = NetlinkNative.Socket(
            NetlinkNative.AddressFamilyNetlink,
            NetlinkNative.SocketTypeRaw | NetlinkNative.SocketCloseOnExec,
            NetlinkNative.NetlinkRoute);
        if (descriptor < 0)
        {
            throw new NetlinkException("socket(AF_NETLINK, NETLINK_ROUTE)", Marshal.GetLastPInvokeError(), kernelMessage: null);
        }

        var socket = new Socket(new SafeSocketHandle(descriptor, ownsHandle: true));
        try
        {
            var address = new NetlinkNative.NetlinkSocketAddress { Family = NetlinkNative.AddressFamilyNetlink, Groups = (uint)groups };
            var addressLength = Marshal.SizeOf<NetlinkNative.NetlinkSocketAddress>();
            if (NetlinkNative.Bind(descriptor, address, addressLength) != 0)
            {
                throw new NetlinkException($"bind(AF_NETLINK, groups 0x{(uint)groups:x})", Marshal.GetLastPInvokeError(), kernelMessage: null);
            }

            if (NetlinkNative.GetSocketName(descriptor, out var bound, ref addressLength) != 0)
            {
                throw new NetlinkException("getsockname(AF_NETLINK)", Marshal.GetLastPInvokeError(), kernelMessage: null);
            }

            // Errors then carry the kernel's reason; acks stay small. Kernels older than 4.12 lack
            // these options, which only costs detail in messages, so failures are ignored.
            TrySetOption(socket, NetlinkSocketOption.ExtendedAcknowledge, 1);
            TrySetOption(socket, NetlinkSocketOption.CapAcknowledge, 1);
            socket.ReceiveTimeout = (int)ReplyTimeout.TotalMilliseconds;
            if (kernelReceiveBufferBytes is { } bytes)
            {
                socket.ReceiveBufferSize = bytes;
            }

            return new NetlinkSocket(socket, bound.PortId);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>
    /// Sends a request that asks for an ack and waits for it. Returns 0 on success, or
    /// <paramref name="toleratedError"/> when the kernel answered with that errno (for example
    /// EADDRNOTAVAIL when deleting an address that is already gone); any other error throws.
    /// </summary>
    internal int Execute(Span<byte> request, string operation, int toleratedError = 0) =>
        Transact(request, operation, static _ => { }, toleratedError, out _);

    /// <summary>
    /// Sends a dump (NLM_F_DUMP) or get request and passes every reply to <paramref name="visitor"/>.
    /// Returns false when the kernel flagged the dump as interrupted by a concurrent change
    /// (NLM_F_DUMP_INTR); the caller should discard what it saw and dump again.
    /// </summary>
    internal bool Query(Span<byte> request, string operation, NetlinkReplyVisitor visitor)
    {
        Transact(request, operation, visitor, toleratedError: 0, out var interrupted);
        return !interrupted;
    }

    /// <summary>Receives one datagram of notifications (a socket opened with groups).</summary>
    internal ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    /// <summary>
    /// Reads and drops every datagram already queued, without waiting. After an overflow the kernel
    /// keeps dropping notifications, without reporting it again, until the queue has been emptied.
    /// </summary>
    internal void DiscardQueued()
    {
        while (_socket.Poll(0, SelectMode.SelectRead))
        {
            try
            {
                _socket.Receive(_receiveBuffer);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
            {
                // Another overflow report: the queue is being emptied anyway.
            }
        }
    }

    private int Transact(Span<byte> request, string operation, NetlinkReplyVisitor visitor, int toleratedError, out bool interrupted)
    {
        lock (_requestGate)
        {
            var sequence = ++_sequence;
            MemoryMarshal.Write(request[8..], sequence);
            var isDump = (MemoryMarshal.Read<ushort>(request[6..]) & NetlinkMessageFlags.Dump) == NetlinkMessageFlags.Dump;
            _socket.Send(request);

            interrupted = false;
            while (true)
            {
                var received = ReceiveReply(operation);
                var reader = new NetlinkMessageReader(_receiveBuffer.AsSpan(0, received));
                while (reader.TryRead(out var message))
                {
                    // Replies to an earlier request that was abandoned (an exception mid-dump) are skipped.
                    if (message.Sequence != sequence || message.PortId != PortId)
                    {
                        continue;
                    }

                    interrupted |= (message.Flags & NetlinkMessageFlags.DumpInterrupted) != 0;
                    switch (message.Type)
                    {
                        case NetlinkMessageType.Error:
                            return CompleteWithError(message, operation, toleratedError);
                        case NetlinkMessageType.Done:
                            // A dump that failed part way reports the errno in NLMSG_DONE.
                            var doneError = message.Payload.Length >= 4 ? -MemoryMarshal.Read<int>(message.Payload) : 0;
                            return doneError == 0 ? 0 : CompleteWithError(doneError, kernelMessage: null, operation, toleratedError);
                        case NetlinkMessageType.Noop:
                            break;
                        default:
                            visitor(message);
                            if (!isDump && (message.Flags & NetlinkMessageFlags.Multipart) == 0 && !RequestedAck(request))
                            {
                                return 0;
                            }

                            break;
                    }
                }
            }
        }
    }

    private int ReceiveReply(string operation)
    {
        try
        {
            return _socket.Receive(_receiveBuffer);
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.TimedOut)
        {
            throw new NetlinkException($"{operation}: no reply from the kernel within {ReplyTimeout.TotalSeconds:0} s.", exception);
        }
    }

    private static bool RequestedAck(ReadOnlySpan<byte> request) =>
        (MemoryMarshal.Read<ushort>(request[6..]) & NetlinkMessageFlags.Acknowledge) != 0;

    /// <summary>
    /// struct nlmsgerr { int error; struct nlmsghdr msg; } then, unless the ack is capped, the
    /// request's payload, then (NLM_F_ACK_TLVS) attributes such as the kernel's text.
    /// </summary>
    private static int CompleteWithError(NetlinkMessage message, string operation, int toleratedError)
    {
        var payload = message.Payload;
        var errorNumber = payload.Length >= 4 ? -MemoryMarshal.Read<int>(payload) : 0;
        if (errorNumber == 0)
        {
            return 0;
        }

        string? kernelMessage = null;
        if ((message.Flags & NetlinkMessageFlags.AcknowledgeHasTlvs) != 0 && payload.Length >= 4 + NetlinkMessageWriter.HeaderLength)
        {
            var originalLength = MemoryMarshal.Read<uint>(payload[4..]);
            var skip = 4 + ((message.Flags & NetlinkMessageFlags.Capped) != 0
                ? NetlinkMessageWriter.HeaderLength
                : NetlinkMessageWriter.Align((int)originalLength));
            var attributes = new NetlinkAttributeReader(skip <= payload.Length ? payload[skip..] : default);
            while (attributes.TryRead(out var type, out var value))
            {
                if (type == NetlinkErrorAttribute.Message)
                {
                    kernelMessage = NetlinkAttributeReader.ReadString(value);
                }
            }
        }

        return CompleteWithError(errorNumber, kernelMessage, operation, toleratedError);
    }

    private static int CompleteWithError(int errorNumber, string? kernelMessage, string operation, int toleratedError) =>
        errorNumber == toleratedError ? errorNumber : throw new NetlinkException(operation, errorNumber, kernelMessage);

    private static void TrySetOption(Socket socket, int option, int value)
    {
        try
        {
            socket.SetRawSocketOption(NetlinkNative.SolNetlink, option, BitConverter.GetBytes(value));
        }
        catch (SocketException)
        {
            // Older kernel: see the caller.
        }
    }
}
