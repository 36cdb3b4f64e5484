using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using HaVrrp.Engine.Platform.Linux.Native;

namespace HaVrrp.Engine.Platform.Linux.Processes;

public enum ProcessEventKind
{
    Fork,
    Exec,
    Comm,
    Exit,
}

/// <summary>One process event: <see cref="Pid"/> is the process (thread group) it concerns; for a fork, the child.</summary>
public readonly record struct ProcessEvent(ProcessEventKind Kind, int Pid, int ParentPid = 0);

/// <summary>
/// The kernel's process-events connector (NETLINK_CONNECTOR, CN_IDX_PROC): after <c>PROC_CN_MCAST_LISTEN</c> the
/// kernel multicasts every fork, exec, comm change and exit on the host. Threads are left out here: only whole
/// processes are tracked. The kernel answers only sockets of the initial network namespace; elsewhere the listen
/// request fails with ECONNREFUSED (docs/configuration.md, "vrrp_track_processes entries").
/// </summary>
public sealed class ProcessEventConnector : IDisposable
{
    private const int NetlinkConnector = 11;
    private const int ConnectorIndexProcess = 1;
    private const int ConnectorValueProcess = 1;
    private const int Listen = 1;
    private const int Ignore = 2;
    private const ushort MessageDone = 3;
    private const int NetlinkHeaderBytes = 16;
    private const int ConnectorHeaderBytes = 20;

    // struct proc_event: what, cpu, timestamp_ns, then the event's data.
    private const int EventDataOffset = 16;
    private const uint WhatFork = 0x00000001;
    private const uint WhatExec = 0x00000002;
    private const uint WhatComm = 0x00000200;
    private const uint WhatExit = 0x80000000;

    private readonly Socket _socket;

    private ProcessEventConnector(Socket socket) => _socket = socket;

    /// <summary>
    /// Opens the connector and asks for events. Throws a <see cref="SocketException"/> with
    /// <see cref="SocketError.ConnectionRefused"/> outside the initial network namespace.
    /// </summary>
    public static ProcessEventConnector Open(int receiveBufferBytes = 1 << 20)
    {
        var descriptor = NetlinkNative.Socket(NetlinkNative.AddressFamilyNetlink, SocketTypeDatagram | NetlinkNative.SocketCloseOnExec, NetlinkConnector);
        if (descriptor < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }
        var socket = new Socket(new SafeSocketHandle(descriptor, ownsHandle: true));
        try
        {
            var address = new NetlinkNative.NetlinkSocketAddress { Family = NetlinkNative.AddressFamilyNetlink, Groups = ConnectorIndexProcess };
            if (NetlinkNative.Bind(descriptor, address, Marshal.SizeOf<NetlinkNative.NetlinkSocketAddress>()) != 0)
            {
                throw new SocketException(Marshal.GetLastPInvokeError());
            }
            // A burst of forks must not overflow the queue before the watcher reads it (lost events mean a rescan).
            socket.ReceiveBufferSize = receiveBufferBytes;
            var connector = new ProcessEventConnector(socket);
            connector.Send(Listen);
            return connector;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private const int SocketTypeDatagram = 2;

    /// <summary>
    /// One datagram of events, waiting at most <paramref name="timeout"/>; 0 when none came. Blocking on the caller's
    /// thread: under a fork storm (three events per process) a wait on a thread of its own costs far less than an
    /// asynchronous receive per datagram. Throws <see cref="SocketError.NoBufferSpaceAvailable"/> when the kernel
    /// dropped events.
    /// </summary>
    public int Receive(Span<byte> buffer, TimeSpan timeout)
    {
        var milliseconds = (int)timeout.TotalMilliseconds;
        if (_socket.ReceiveTimeout != milliseconds)
        {
            _socket.ReceiveTimeout = milliseconds;
        }
        try
        {
            return _socket.Receive(buffer);
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.TimedOut)
        {
            return 0;
        }
    }

    /// <summary>Appends the process events of one datagram to <paramref name="events"/>; anything else is skipped.</summary>
    public static void Parse(ReadOnlySpan<byte> datagram, List<ProcessEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        while (datagram.Length >= NetlinkHeaderBytes)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram);
            if (length < NetlinkHeaderBytes || length > datagram.Length)
            {
                return;
            }
            var message = datagram[NetlinkHeaderBytes..length];
            if (message.Length >= ConnectorHeaderBytes + EventDataOffset + 16 &&
                BinaryPrimitives.ReadUInt32LittleEndian(message) == ConnectorIndexProcess)
            {
                ParseEvent(message[ConnectorHeaderBytes..], events);
            }
            datagram = datagram[Math.Min(datagram.Length, (length + 3) & ~3)..];
        }
    }

    private static void ParseEvent(ReadOnlySpan<byte> processEvent, List<ProcessEvent> events)
    {
        var what = BinaryPrimitives.ReadUInt32LittleEndian(processEvent);
        var data = processEvent[EventDataOffset..];
        // fork: parent_pid, parent_tgid, child_pid, child_tgid; exec, comm, exit: process_pid, process_tgid.
        var first = BinaryPrimitives.ReadInt32LittleEndian(data);
        var second = BinaryPrimitives.ReadInt32LittleEndian(data[4..]);
        switch (what)
        {
            // A new thread has child_pid != child_tgid: only new processes count.
            case WhatFork:
                var childPid = BinaryPrimitives.ReadInt32LittleEndian(data[8..]);
                var childTgid = BinaryPrimitives.ReadInt32LittleEndian(data[12..]);
                if (childPid == childTgid)
                {
                    events.Add(new ProcessEvent(ProcessEventKind.Fork, childTgid, second));
                }
                break;
            case WhatExec:
                events.Add(new ProcessEvent(ProcessEventKind.Exec, second));
                break;
            // Only the thread group leader speaks for the process.
            case WhatComm when first == second:
                events.Add(new ProcessEvent(ProcessEventKind.Comm, second));
                break;
            case WhatExit when first == second:
                events.Add(new ProcessEvent(ProcessEventKind.Exit, second));
                break;
        }
    }

    /// <summary>Builds nlmsghdr + cn_msg + the operation (listen or ignore) in host byte order, as the kernel reads it.</summary>
    internal static byte[] Request(int operation)
    {
        var request = new byte[NetlinkHeaderBytes + ConnectorHeaderBytes + 4];
        var span = request.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)request.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], MessageDone);
        var connector = span[NetlinkHeaderBytes..];
        BinaryPrimitives.WriteUInt32LittleEndian(connector, ConnectorIndexProcess);
        BinaryPrimitives.WriteUInt32LittleEndian(connector[4..], ConnectorValueProcess);
        BinaryPrimitives.WriteUInt16LittleEndian(connector[16..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(connector[ConnectorHeaderBytes..], operation);
        return request;
    }

    private void Send(int operation) => _socket.Send(Request(operation));

    public void Dispose()
    {
        try
        {
            // Tells the kernel one listener fewer, so it stops building events nobody reads.
            Send(Ignore);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        _socket.Dispose();
    }
}
