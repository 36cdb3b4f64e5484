using System.Net.Sockets;
using System.Net;
using HaVrrp.Engine.Platform.Linux.Native;
using HaVrrp.Engine.Protocol.Codec;
using static HaVrrp.Engine.Platform.Linux.Native.SocketOptionsLinux;

namespace HaVrrp.Engine.Platform.Linux.VrrpSocket;

/// <summary>
/// The VRRP socket of one interface and one address family (IP protocol 112), shared by every
/// instance on that interface: demultiplexing by <see cref="RawVrrpSocketPacket.VirtualRouterId"/>
/// happens above. It follows keepalived's recipe (vrrp_if.c): bound to the device, only the
/// groups joined here, no loopback of our own adverts, TTL / Hop Limit 255, precedence 0xC0.
/// Needs CAP_NET_RAW.
/// </summary>
public sealed class RawVrrpSocket : IDisposable
{
    // A VRRP message is at most 8 + 255 × 16 bytes, plus keepalived's optional HMAC trailer and
    // an IPv4 header; a full 64 KiB datagram is allocated once and can never be truncated.
    private const int ReceiveBufferLength = 65535;
    private const int IPv6ChecksumOffset = 6;

    private readonly Socket _socket;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferLength];
    private readonly byte[] _sendBuffer;
    private readonly VrrpAddress _source;
    private readonly VrrpAddress? _group;
    private readonly RawVrrpSocketIPv6Messages? _ipv6Messages;
    private readonly Dictionary<VrrpAddress, SocketAddress> _ipv4Destinations = [];

    private RawVrrpSocket(Socket socket, RawVrrpSocketOptions options)
    {
        _socket = socket;
        Options = options;
        _source = VrrpAddress.FromIPAddress(options.SourceAddress);
        _group = options.MulticastGroup is { } group ? VrrpAddress.FromIPAddress(group) : null;
        _ipv6Messages = _source.IsIPv6 ? new RawVrrpSocketIPv6Messages() : null;
        _sendBuffer = _source.IsIPv6 ? [] : new byte[ReceiveBufferLength];
    }

    public RawVrrpSocketOptions Options { get; }

    /// <summary>Opens and configures the socket in the calling thread's network namespace.</summary>
    public static RawVrrpSocket Open(RawVrrpSocketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var isIPv6 = options.Family == AddressFamily.InterNetworkV6;
        if (!isIPv6 && options.Family != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("The source address must be IPv4 or IPv6.", nameof(options));
        }
        if (options.MulticastGroup is { } group && group.AddressFamily != options.Family)
        {
            throw new ArgumentException("The multicast group and the source address must be of the same family.", nameof(options));
        }

        var socket = SocketOptionsNative.OpenSocket(isIPv6 ? NativeFamilyIPv6 : NativeFamilyIPv4, SocketType.Raw, (int)VrrpProtocol);
        try
        {
            SetBindToDevice(socket, options.InterfaceName);
            if (isIPv6)
            {
                ConfigureIPv6(socket, options);
            }
            else
            {
                ConfigureIPv4(socket, options);
            }
            return new RawVrrpSocket(socket, options);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void ConfigureIPv4(Socket socket, RawVrrpSocketOptions options)
    {
        // We write the IPv4 header ourselves, as keepalived does. The alternatives do not fit a
        // socket that also receives: bind() to the source would filter out adverts sent to the
        // group (raw(7) matches a bound raw socket's address against the destination), and
        // IP_PKTINFO on send needs sendmsg. With the header in our hands the source may be any
        // mcast_src_ip / unicast_src_ip, and TTL 255 and TOS 0xC0 hold for multicast and unicast alike.
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.HeaderIncluded, true);
        // Without this a raw socket receives every group joined by any socket on the host.
        SetInt32(socket, IPLevel, IPMulticastAll, 0);
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, false);
        if (options.MulticastGroup is { } group)
        {
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership,
                new MulticastOption(group, options.InterfaceIndex));
        }
        // SO_BINDTODEVICE already sends multicast out of this interface; IP_MULTICAST_IF is not needed.
    }

    private static void ConfigureIPv6(Socket socket, RawVrrpSocketOptions options)
    {
        // The kernel computes the VRRP checksum (pseudo-header included) on send and verifies it on receive.
        SetInt32(socket, IPv6Level, IPv6Checksum, IPv6ChecksumOffset);
        SetInt32(socket, IPv6Level, IPv6MulticastAll, 0);
        socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastLoopback, false);
        socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, 255);
        socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, options.InterfaceIndex);
        socket.Ttl = 255; // IPV6_UNICAST_HOPS on an IPv6 socket
        SetInt32(socket, IPv6Level, IPv6TrafficClass, InternetControlPrecedence);
        SetInt32(socket, IPv6Level, IPv6ReceiveHopLimit, 1);
        SetInt32(socket, IPv6Level, IPv6ReceivePacketInformation, 1);
        if (options.MulticastGroup is { } group)
        {
            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership,
                new IPv6MulticastOption(group, options.InterfaceIndex));
        }
    }

    /// <summary>
    /// Waits at most <paramref name="wait"/> for the next VRRP packet, on the calling thread; false when none came.
    /// The packet's message stays valid until the next call; one receiver at a time. Datagrams that are not
    /// well-formed IP are skipped. Blocking on a thread of the caller's own, not on the thread pool, is what keeps a
    /// flood of adverts from costing a thread-pool hop per packet (docs/daemon.md, "Receiving on threads of their own").
    /// </summary>
    public bool TryReceive(TimeSpan wait, out RawVrrpSocketPacket packet)
    {
        while (_socket.Poll(wait, SelectMode.SelectRead))
        {
            if (_ipv6Messages is { } messages)
            {
                if (messages.TryReceive(_socket, _receiveBuffer, out packet))
                {
                    return true;
                }
                continue;
            }

            // Readable, and this is the only receiver: a datagram is waiting, so this does not block.
            var length = _socket.Receive(_receiveBuffer, SocketFlags.None);
            if (IPv4Header.TryRead(_receiveBuffer.AsSpan(0, length), out var source, out var destination, out var timeToLive, out var message, out _))
            {
                // Bound to one device, so the packet arrived on it.
                packet = new RawVrrpSocketPacket(_receiveBuffer.AsMemory(message), source, destination, timeToLive, Options.InterfaceIndex);
                return true;
            }
        }
        packet = default;
        return false;
    }

    /// <summary>Sends a VRRP message to the configured multicast group.</summary>
    public void SendToGroup(ReadOnlySpan<byte> message) =>
        SendTo(message, _group ?? throw new InvalidOperationException($"The VRRP socket on {Options.InterfaceName} has no multicast group."));

    /// <summary>
    /// Sends a VRRP message (version byte onwards; for IPv6 the checksum field is filled by the
    /// kernel) to a group or a unicast peer, from <see cref="RawVrrpSocketOptions.SourceAddress"/>.
    /// </summary>
    public void SendTo(ReadOnlySpan<byte> message, VrrpAddress destination) => SendTo(message, _source, destination);

    /// <summary>
    /// Sends from <paramref name="source"/>: instances sharing the socket may each have their own
    /// <c>mcast_src_ip</c> / <c>unicast_src_ip</c> (and <c>unicast_ttl</c>), and both families pick the source and
    /// the TTL / hop limit per packet.
    /// </summary>
    public void SendTo(ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination, byte timeToLive = RawVrrpSocketIPv4Header.TimeToLive)
    {
        if (destination.IsIPv6 != _source.IsIPv6 || source.IsIPv6 != _source.IsIPv6)
        {
            throw new ArgumentException("The source and destination must be of the socket's address family.", nameof(destination));
        }
        if (_ipv6Messages is { } messages)
        {
            messages.Send(_socket, message, source, destination, Options.InterfaceIndex, timeToLive);
            return;
        }

        var packetLength = RawVrrpSocketIPv4Header.Length + message.Length;
        var packet = _sendBuffer.AsSpan(0, packetLength);
        RawVrrpSocketIPv4Header.Write(packet, source, destination, message.Length, timeToLive);
        message.CopyTo(packet[RawVrrpSocketIPv4Header.Length..]);
        _socket.SendTo(packet, SocketFlags.None, SocketAddressOf(destination));
    }

    // Peers and groups are a small fixed set: one serialized address each, made on first use.
    private SocketAddress SocketAddressOf(VrrpAddress destination)
    {
        if (!_ipv4Destinations.TryGetValue(destination, out var address))
        {
            address = new IPEndPoint(destination.ToIPAddress(), 0).Serialize();
            _ipv4Destinations.Add(destination, address);
        }
        return address;
    }

    public void Dispose() => _socket.Dispose();
}
