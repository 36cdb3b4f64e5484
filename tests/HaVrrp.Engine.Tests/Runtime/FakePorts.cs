using System.Collections.Concurrent;
using System.Net;
using HaVrrp.Engine.Configuration.Syntax;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Runtime;
using HaVrrp.Engine.Tests.Protocol;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Tests.Runtime;

/// <summary>
/// An Ethernet segment in memory: a transport's adverts reach every other node's transport on the same interface
/// name, in the shape the Linux transport posts them (message, source, destination, the TTL they were sent with), unless the test filters them (multicast blocked, a
/// partition).
/// </summary>
internal sealed class FakeSegment
{
    private readonly Lock _gate = new();
    private readonly List<FakeTransport> _attached = [];
    private long _deliveries;

    /// <summary>Return false to drop a packet from one node to another.</summary>
    public Func<VrrpAddress, VrrpAddress, bool> Passes { get; set; } = (_, _) => true;

    public long Deliveries => Interlocked.Read(ref _deliveries);

    public void Attach(FakeTransport transport)
    {
        lock (_gate)
        {
            _attached.Add(transport);
        }
    }

    public void Detach(FakeTransport transport)
    {
        lock (_gate)
        {
            _attached.Remove(transport);
        }
    }

    /// <summary>Delivers at once, on the sender's thread, allocating nothing (the engine's sink copies the message).</summary>
    public void Send(FakeTransport from, ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination, byte timeToLive)
    {
        lock (_gate)
        {
            foreach (var to in _attached)
            {
                var addressed = to != from && to.Key == from.Key && (IsMulticast(destination) || to.NodeAddress == destination);
                if (addressed && Passes(from.NodeAddress, to.NodeAddress))
                {
                    Interlocked.Increment(ref _deliveries);
                    // What the Linux transport hands over: the VRRP message, with the addresses and TTL its IPv4 header carried.
                    to.Deliver(message, source, destination, timeToLive);
                }
            }
        }
    }

    private static bool IsMulticast(VrrpAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        return address.WriteTo(bytes) == 4 && bytes[0] is >= 224 and <= 239;
    }
}

internal sealed class FakeTransport(FakeSegment segment, TransportKey key, VrrpAddress nodeAddress, PacketSink received)
    : IVrrpTransport
{
    private int _sent;

    public TransportKey Key => key;

    public VrrpAddress NodeAddress => nodeAddress;

    public int Sent => Volatile.Read(ref _sent);

    public void Send(ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination, byte timeToLive)
    {
        Interlocked.Increment(ref _sent);
        LastTimeToLive = timeToLive;
        segment.Send(this, message, source, destination, timeToLive);
    }

    public byte LastTimeToLive { get; private set; }

    public void Deliver(ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination, int timeToLive) =>
        received(message, source, destination, timeToLive);

    public void Dispose() => segment.Detach(this);
}

internal sealed class FakeTransportFactory(FakeSegment segment, VrrpAddress nodeAddress) : IVrrpTransportFactory
{
    public ConcurrentBag<FakeTransport> Opened { get; } = [];

    public IVrrpTransport Open(TransportKey key, PacketSink received)
    {
        var transport = new FakeTransport(segment, key, nodeAddress, received);
        segment.Attach(transport);
        Opened.Add(transport);
        return transport;
    }
}

/// <summary>Interface addresses with kernel-like lifetimes on the test clock, and a journal of every change.</summary>
internal sealed class FakeAddressManager(ManualTimeProvider clock) : IAddressManager
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private readonly List<string> _journal = [];
    private readonly List<RoutingRule> _rules = [];

    public int Refreshes { get; private set; }

    public IReadOnlyList<string> Journal
    {
        get
        {
            lock (_gate)
            {
                return [.. _journal];
            }
        }
    }

    public void AddPermanent(string interfaceName, string address, int prefixLength = 24)
    {
        lock (_gate)
        {
            _entries.Add(new Entry(interfaceName, IPAddress.Parse(address), prefixLength, ExpiresAt: null));
        }
    }

    /// <summary>Addresses (and route destinations) the fake kernel refuses, as rtnetlink refuses a missing device.</summary>
    public HashSet<string> Refused { get; } = [];

    public void AddPermanent(string interfaceName, VirtualAddress address)
    {
        lock (_gate)
        {
            if (Refused.Contains(address.Address.ToString()))
            {
                throw new InvalidOperationException($"RTM_NEWADDR {address.Address}: No such device");
            }
            _entries.RemoveAll(entry => entry.InterfaceName == interfaceName && entry.Address.Equals(address.Address));
            _entries.Add(new Entry(interfaceName, address.Address, address.EffectivePrefixLength, ExpiresAt: null));
            _journal.Add($"add {address.Address} {interfaceName}");
        }
    }

    public bool Has(string address, string interfaceName = "eth0")
    {
        lock (_gate)
        {
            return Live().Any(entry => entry.InterfaceName == interfaceName && entry.Address.Equals(IPAddress.Parse(address)));
        }
    }

    public TimeSpan? ExpiresAt(string address)
    {
        lock (_gate)
        {
            return Live().FirstOrDefault(entry => entry.Address.Equals(IPAddress.Parse(address)))?.ExpiresAt;
        }
    }

    public void AddOrRefresh(string interfaceName, VirtualAddress address, TimeSpan validLifetime)
    {
        lock (_gate)
        {
            // A live entry is refreshed in place, allocating nothing: the engine's allocation tests measure the engine.
            var now = clock.Elapsed;
            for (var index = 0; index < _entries.Count; index++)
            {
                var entry = _entries[index];
                if (entry.InterfaceName == interfaceName && entry.Address.Equals(address.Address) && !(entry.ExpiresAt <= now))
                {
                    entry.ExpiresAt = now + validLifetime;
                    Refreshes++;
                    return;
                }
            }
            _entries.RemoveAll(entry => entry.InterfaceName == interfaceName && entry.Address.Equals(address.Address));
            _entries.Add(new Entry(interfaceName, address.Address, address.EffectivePrefixLength, now + validLifetime));
            _journal.Add($"add {address.Address} {interfaceName}");
        }
    }

    public void Remove(string interfaceName, VirtualAddress address)
    {
        lock (_gate)
        {
            if (_entries.RemoveAll(entry => entry.InterfaceName == interfaceName && entry.Address.Equals(address.Address)) > 0)
            {
                _journal.Add($"remove {address.Address} {interfaceName}");
            }
        }
    }

    public void AddRoute(VirtualRoute route)
    {
        lock (_gate)
        {
            if (Refused.Contains(route.Destination.ToString()))
            {
                throw new InvalidOperationException($"RTM_NEWROUTE {route.Destination}: Network is unreachable");
            }
            _journal.Add($"add route {route.Destination}");
        }
    }

    public void RemoveRoute(VirtualRoute route)
    {
        lock (_gate)
        {
            _journal.Add($"remove route {route.Destination}");
        }
    }

    public void AddRule(RoutingRule rule)
    {
        lock (_gate)
        {
            if (Refused.Contains(RuleText(rule)))
            {
                throw new InvalidOperationException($"RTM_NEWRULE {RuleText(rule)}: No such file or directory");
            }
            _journal.Add($"add rule {RuleText(rule)}");
            _rules.Add(rule);
        }
    }

    public bool RemoveRule(RoutingRule rule)
    {
        lock (_gate)
        {
            if (!_rules.Remove(rule))
            {
                return false;
            }
            _journal.Add($"remove rule {RuleText(rule)}");
            return true;
        }
    }

    /// <summary>Whether the rule is on the host now.</summary>
    public bool HasRule(RoutingRule rule)
    {
        lock (_gate)
        {
            return _rules.Contains(rule);
        }
    }

    private static string RuleText(RoutingRule rule) => KeepalivedSyntax.Rule(rule);

    public IReadOnlyList<InterfaceAddress> ListAddresses(string interfaceName)
    {
        lock (_gate)
        {
            return [.. Live().Where(entry => entry.InterfaceName == interfaceName).Select(entry => new InterfaceAddress(entry.Address, entry.PrefixLength))];
        }
    }

    /// <summary>What the kernel would still list: lifetimes that have run out are gone.</summary>
    private IEnumerable<Entry> Live()
    {
        var now = clock.Elapsed;
        return _entries.Where(entry => entry.ExpiresAt is null || entry.ExpiresAt > now);
    }

    private sealed record Entry(string InterfaceName, IPAddress Address, int PrefixLength, TimeSpan? ExpiresAt)
    {
        public TimeSpan? ExpiresAt { get; set; } = ExpiresAt;
    }
}

internal sealed class FakeGratuitousArpSender : IGratuitousArpSender
{
    private int _bursts;

    public int Bursts => Volatile.Read(ref _bursts);

    public void Send(string interfaceName, IReadOnlyList<IPAddress> addresses, int count) => Interlocked.Increment(ref _bursts);
}

/// <summary>
/// ARP on the fake segment: a probe for an address is answered by every other node that holds it (as a VIP or as
/// its own address), from that node's MAC, straight back into the probing node's engine. Counts the probes.
/// </summary>
internal sealed class FakeAddressProbe(TestNode self, Func<IEnumerable<TestNode>> nodes) : IAddressProbe
{
    private int _probes;

    public int Probes => Volatile.Read(ref _probes);

    public void Probe(string interfaceName, IReadOnlyList<IPAddress> addresses)
    {
        foreach (var address in addresses)
        {
            Interlocked.Increment(ref _probes);
            foreach (var other in nodes().Where(node => node != self && node.IsRunning))
            {
                if (other.Addresses.Has(address.ToString(), interfaceName))
                {
                    self.Engine.Post(new AddressClaimHeard(interfaceName, address, other.HardwareAddress, IsOwn: false));
                }
            }
        }
    }
}

internal sealed class FakeNotifier : INotifier
{
    public ConcurrentQueue<InstanceNotification> Notifications { get; } = new();

    public ConcurrentQueue<GroupNotification> GroupNotifications { get; } = new();

    /// <summary>Instance and group notifications in the order they were asked for, as keepalived's FIFO lines read.</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Notify(InstanceNotification notification)
    {
        Notifications.Enqueue(notification);
        Lines.Enqueue($"INSTANCE {notification.InstanceName} {notification.Kind}");
    }

    public void NotifyGroup(GroupNotification notification)
    {
        GroupNotifications.Enqueue(notification);
        Lines.Enqueue($"GROUP {notification.GroupName} {notification.Kind}");
    }
}

/// <summary>Keeps every formatted log line so tests can look for keepalived's phrases.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public bool Contains(string text) => Lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    public int Count(string text) => Lines.Count(line => line.Contains(text, StringComparison.Ordinal));

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue(formatter(state, exception));
}
