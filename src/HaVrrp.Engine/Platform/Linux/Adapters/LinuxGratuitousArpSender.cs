using System.Net;
using System.Threading.Channels;
using HaVrrp.Engine.Platform.Linux.Announcements;
using HaVrrp.Engine.Platform.Linux.Netlink;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>
/// Gratuitous ARPs (IPv4) and unsolicited neighbour advertisements (IPv6) through AF_PACKET. The engine's
/// call only queues the burst: a background task sends it, spaced by vrrp_garp_interval / vrrp_gna_interval,
/// and logs each message in keepalived's words.
/// </summary>
public sealed class LinuxGratuitousArpSender : IGratuitousArpSender, IAsyncDisposable
{
    private sealed record Burst(string InterfaceName, IReadOnlyList<IPAddress> Addresses, int Count);

    private readonly Channel<Burst> _bursts = Channel.CreateUnbounded<Burst>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, GratuitousArp> _arpSockets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NeighborAdvertisement> _naSockets = new(StringComparer.Ordinal);
    private readonly TimeSpan _arpInterval;
    private readonly TimeSpan _naInterval;
    private readonly ILogger _logger;
    private readonly Task _sender;

    public LinuxGratuitousArpSender(TimeSpan arpInterval, TimeSpan naInterval, ILogger logger)
    {
        _arpInterval = arpInterval;
        _naInterval = naInterval;
        _logger = logger;
        _sender = Task.Run(SendBurstsAsync);
    }

    public void Send(string interfaceName, IReadOnlyList<IPAddress> addresses, int count) =>
        _bursts.Writer.TryWrite(new Burst(interfaceName, addresses, count));

    private async Task SendBurstsAsync()
    {
        await foreach (var burst in _bursts.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            for (var round = 0; round < burst.Count; round++)
            {
                foreach (var address in burst.Addresses)
                {
                    var isIPv6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
                    try
                    {
                        SendOne(burst.InterfaceName, address, isIPv6);
                    }
                    catch (Exception exception) when (exception is System.Net.Sockets.SocketException or ArgumentException or IOException or NetlinkException)
                    {
                        _logger.LogWarning("Sending {Kind} on {Interface} for {Address} failed: {Error}",
                            isIPv6 ? "unsolicited neighbour advert" : "gratuitous ARP", burst.InterfaceName, address, exception.Message);
                        Forget(burst.InterfaceName);
                        continue;
                    }
                    var gap = isIPv6 ? _naInterval : _arpInterval;
                    if (gap > TimeSpan.Zero)
                    {
                        await Task.Delay(gap).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    private void SendOne(string interfaceName, IPAddress address, bool isIPv6)
    {
        var virtualAddress = VrrpAddress.FromIPAddress(address);
        if (isIPv6)
        {
            NeighborAdvertisementFor(interfaceName).Send(virtualAddress);
            _logger.LogInformation("Sending unsolicited Neighbour Advert on {Interface} for {Address}", interfaceName, address);
        }
        else
        {
            ArpFor(interfaceName).Send(virtualAddress);
            _logger.LogInformation("Sending gratuitous ARP on {Interface} for {Address}", interfaceName, address);
        }
    }

    private GratuitousArp ArpFor(string interfaceName)
    {
        if (!_arpSockets.TryGetValue(interfaceName, out var socket))
        {
            var link = FindLink(interfaceName);
            socket = _arpSockets[interfaceName] = GratuitousArp.Open(link.Index, link.MacAddress);
        }
        return socket;
    }

    private NeighborAdvertisement NeighborAdvertisementFor(string interfaceName)
    {
        if (!_naSockets.TryGetValue(interfaceName, out var socket))
        {
            var link = FindLink(interfaceName);
            socket = _naSockets[interfaceName] = NeighborAdvertisement.Open(
                link.Index, link.MacAddress, NeighborAdvertisement.IsForwarding(interfaceName));
        }
        return socket;
    }

    // The interface may have been recreated (new index, new MAC): look it up afresh next time.
    private void Forget(string interfaceName)
    {
        if (_arpSockets.Remove(interfaceName, out var arp))
        {
            arp.Dispose();
        }
        if (_naSockets.Remove(interfaceName, out var na))
        {
            na.Dispose();
        }
    }

    private static LinkInfo FindLink(string interfaceName)
    {
        using var netlink = NetlinkSocket.Open();
        return new LinkManager(netlink).Find(interfaceName)
            ?? throw new ArgumentException($"There is no interface named '{interfaceName}'.", nameof(interfaceName));
    }

    public async ValueTask DisposeAsync()
    {
        _bursts.Writer.TryComplete();
        await _sender.ConfigureAwait(false);
        foreach (var socket in _arpSockets.Values)
        {
            socket.Dispose();
        }
        foreach (var socket in _naSockets.Values)
        {
            socket.Dispose();
        }
    }
}
