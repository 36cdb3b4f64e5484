using System.Net.Sockets;
using System.Runtime.InteropServices;
using HaVrrp.Engine.Platform.Linux.Native;
using HaVrrp.Engine.Protocol.Codec;
using static HaVrrp.Engine.Platform.Linux.Native.SocketOptionsNative;

namespace HaVrrp.Engine.Platform.Linux.VrrpSocket;

/// <summary>
/// recvmsg and sendmsg for the IPv6 VRRP socket. Receiving needs the IPV6_HOPLIMIT and
/// IPV6_PKTINFO control messages (hop limit, destination, interface) that .NET does not surface;
/// sending uses IPV6_PKTINFO to choose the source per packet, which keeps the socket unbound so
/// that it still receives unicast adverts sent to any of the interface's addresses.
/// The buffers are allocated once per socket, so no packet allocates.
/// </summary>
internal sealed unsafe class RawVrrpSocketIPv6Messages
{
    private readonly byte[] _receiveName = new byte[SocketAddressIPv6Length];
    private readonly byte[] _receiveControl =
        new byte[ControlSpace(IPv6PacketInformationLength) + ControlSpace(sizeof(int)) + 64];
    private readonly byte[] _sendName = new byte[SocketAddressIPv6Length];
    // IPV6_PKTINFO (source and interface), then IPV6_HOPLIMIT (255, or unicast_ttl).
    private readonly byte[] _sendControl = new byte[ControlSpace(IPv6PacketInformationLength) + ControlSpace(sizeof(int))];

    /// <summary>Takes the next queued packet without blocking; false if none is queued.</summary>
    public bool TryReceive(Socket socket, byte[] buffer, out RawVrrpSocketPacket packet)
    {
        nint received;
        int errorNumber;
        nuint controlLength;
        fixed (byte* data = buffer)
        fixed (byte* name = _receiveName)
        fixed (byte* control = _receiveControl)
        {
            var vector = new IOVector { Base = data, Length = (nuint)buffer.Length };
            var header = new MessageHeader
            {
                Name = name,
                NameLength = (uint)_receiveName.Length,
                Vectors = &vector,
                VectorCount = 1,
                Control = control,
                ControlLength = (nuint)_receiveControl.Length,
            };
            do
            {
                received = ReceiveMessage(socket.SafeHandle, &header, DontWait);
                errorNumber = received < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            while (errorNumber == Interrupted);
            controlLength = header.ControlLength;
        }

        if (received < 0)
        {
            packet = default;
            return errorNumber == TryAgain ? false : throw ErrorFrom("recvmsg", errorNumber);
        }

        ReadControlMessages(_receiveControl.AsSpan(0, (int)controlLength), out var destination, out var hopLimit, out var interfaceIndex);
        var source = VrrpAddress.FromBytes(_receiveName.AsSpan(8, 16));
        packet = new RawVrrpSocketPacket(buffer.AsMemory(0, (int)received), source, destination, hopLimit, interfaceIndex);
        return true;
    }

    /// <summary>Sends one message from <paramref name="source"/> out of one interface, with hop limit <paramref name="hopLimit"/>.</summary>
    public void Send(Socket socket, ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination, int interfaceIndex, byte hopLimit)
    {
        var name = _sendName.AsSpan();
        name.Clear();
        var family = (ushort)SocketOptionsLinux.NativeFamilyIPv6;
        MemoryMarshal.Write(name, in family);
        destination.WriteTo(name[8..]);
        // The scope id is what makes ff02::12 or a link-local peer mean "on this link".
        MemoryMarshal.Write(name[24..], in interfaceIndex);

        var control = _sendControl.AsSpan();
        control.Clear();
        var controlHeader = new ControlMessageHeader
        {
            Length = (nuint)ControlLength(IPv6PacketInformationLength),
            Level = SocketOptionsLinux.IPv6Level,
            Type = SocketOptionsLinux.IPv6PacketInformation,
        };
        MemoryMarshal.Write(control, in controlHeader);
        var packetInformation = control[ControlAlign(sizeof(ControlMessageHeader))..];
        source.WriteTo(packetInformation);
        MemoryMarshal.Write(packetInformation[16..], in interfaceIndex);

        var hopLimitMessage = control[ControlSpace(IPv6PacketInformationLength)..];
        var hopLimitHeader = new ControlMessageHeader
        {
            Length = (nuint)ControlLength(sizeof(int)),
            Level = SocketOptionsLinux.IPv6Level,
            Type = SocketOptionsLinux.IPv6HopLimit,
        };
        MemoryMarshal.Write(hopLimitMessage, in hopLimitHeader);
        var hops = (int)hopLimit;
        MemoryMarshal.Write(hopLimitMessage[ControlAlign(sizeof(ControlMessageHeader))..], in hops);

        nint sent;
        int errorNumber;
        fixed (byte* data = message)
        fixed (byte* namePointer = _sendName)
        fixed (byte* controlPointer = _sendControl)
        {
            var vector = new IOVector { Base = data, Length = (nuint)message.Length };
            var header = new MessageHeader
            {
                Name = namePointer,
                NameLength = (uint)_sendName.Length,
                Vectors = &vector,
                VectorCount = 1,
                Control = controlPointer,
                ControlLength = (nuint)_sendControl.Length,
            };
            do
            {
                sent = SendMessage(socket.SafeHandle, &header, 0);
                errorNumber = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            while (errorNumber == Interrupted);
        }
        if (sent < 0)
        {
            throw ErrorFrom("sendmsg", errorNumber);
        }
    }

    private static void ReadControlMessages(ReadOnlySpan<byte> control, out VrrpAddress destination, out int hopLimit, out int interfaceIndex)
    {
        destination = default;
        hopLimit = -1;
        interfaceIndex = 0;
        var headerLength = ControlAlign(sizeof(ControlMessageHeader));
        while (control.Length >= headerLength)
        {
            var header = MemoryMarshal.Read<ControlMessageHeader>(control);
            var length = (int)header.Length;
            if (length < headerLength || length > control.Length)
            {
                return;
            }
            var data = control[headerLength..length];
            if (header.Level == SocketOptionsLinux.IPv6Level)
            {
                if (header.Type == SocketOptionsLinux.IPv6HopLimit && data.Length >= sizeof(int))
                {
                    hopLimit = MemoryMarshal.Read<int>(data);
                }
                else if (header.Type == SocketOptionsLinux.IPv6PacketInformation && data.Length >= IPv6PacketInformationLength)
                {
                    destination = VrrpAddress.FromBytes(data[..16]);
                    interfaceIndex = MemoryMarshal.Read<int>(data[16..]);
                }
            }
            control = control[Math.Min(ControlAlign(length), control.Length)..];
        }
    }
}
