using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using HaVrrp.Engine.Configuration;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// keepalived's <c>use_vmac</c> (and <c>use_vmac_addr</c>): the macvlans that carry the virtual MAC, created before their instances start,
/// with the devconf values keepalived sets (docs/configuration.md "use_vmac"), and removed at a graceful stop or when
/// a reload leaves no instance using one. A failure is logged, never fatal: the instance then stays in FAULT, since
/// its link is not up. Called from the engine loop only.
/// </summary>
public sealed partial class VirtualMacInterfaces(
    IVirtualMacLinks links, IInterfaceSettings settings, IAddressManager addresses, ILogger logger)
{
    private readonly Dictionary<string, Wanted> _ours = new(StringComparer.Ordinal);
    private readonly LowerLinkArpSettings _lowerLinks = new(settings);
    private readonly ReversePathFilter _reversePathFilter = new(settings);

    /// <summary>What one macvlan should be: its lower link, MAC and family (the link-local source of IPv6 adverts).</summary>
    private sealed record Wanted(string Name, string Parent, PhysicalAddress Address, bool IsIPv6, bool NeedsLinkLocal);

    /// <summary>Whether havrrpd manages a link of this name.</summary>
    public bool IsOurs(string name) => _ours.ContainsKey(name);

    /// <summary>The names of the macvlans that did not come up at the last <see cref="Apply"/>.</summary>
    public IReadOnlySet<string> Failed => _failed;

    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);

    public void Apply(HaVrrpConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var wanted in WantedBy(configuration))
        {
            if (_ours.TryGetValue(wanted.Name, out var current) && current == wanted)
            {
                continue;
            }
            Create(wanted);
        }
    }

    /// <summary>After a reload's old instances have stopped: the macvlans no configured instance uses any more go.</summary>
    public void RemoveUnused(HaVrrpConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var wanted = WantedBy(configuration).Select(entry => entry.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in _ours.Keys.Where(name => !wanted.Contains(name)).ToList())
        {
            Remove(name);
        }
    }

    /// <summary>
    /// A graceful stop begins: the macvlans keep their VIPs until the new master is heard (docs/daemon.md "Graceful
    /// hand-over") but answer no ARP any more. Both nodes have the same virtual MAC, so neighbours have nothing to
    /// relearn, and a reply to the new master's gratuitous ARP (which accept_local=1 lets through) would draw the
    /// switch's entry for that MAC back to this node just before its VIPs go.
    /// </summary>
    public void StopAnsweringArp()
    {
        foreach (var name in _ours.Keys.ToList())
        {
            StopAnsweringArp(name);
        }
    }

    /// <summary>The same for one macvlan, while its instance steps down (<c>instance.failover stepDown</c>).</summary>
    public void StopAnsweringArp(string name)
    {
        if (_ours.TryGetValue(name, out var wanted) && !wanted.IsIPv6 &&
            Try(name, "setting arp_ignore 8", () => settings.WriteIPv4(name, "arp_ignore", 8)))
        {
            _silenced.Add(name);
        }
    }

    /// <summary>The macvlans that answer no ARP now.</summary>
    public IReadOnlySet<string> Silenced => _silenced;

    private readonly HashSet<string> _silenced = new(StringComparer.Ordinal);

    /// <summary>A step-down has ended: the macvlan answers ARP for its VIPs again (keepalived's arp_ignore=1).</summary>
    public void ResumeAnsweringArp(string name)
    {
        if (_silenced.Remove(name) && _ours.ContainsKey(name))
        {
            Try(name, "setting arp_ignore 1", () => settings.WriteIPv4(name, "arp_ignore", 1));
        }
    }

    /// <summary>A graceful stop: every macvlan goes, and the lower links' settings are put back.</summary>
    public void RemoveAll()
    {
        foreach (var name in _ours.Keys.ToList())
        {
            Remove(name);
        }
        Try("all", "restoring rp_filter", _reversePathFilter.Restore);
    }

    /// <summary>Whether the link is up now: a notification from before havrrpd brought it up is stale.</summary>
    public bool IsOperational(string name)
    {
        try
        {
            return links.IsOperational(name);
        }
#pragma warning disable CA1031 // Cannot tell: the notification stands.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private static IEnumerable<Wanted> WantedBy(HaVrrpConfiguration configuration) =>
        configuration.Instances
            .Where(instance => instance.VirtualMacInterface is not null)
            .Select(instance => new Wanted(
                instance.VirtualMacInterface!, instance.Interface!, instance.VirtualMacAddress(configuration.Global)!,
                instance.IsIPv6, instance.IsIPv6 && !instance.TransmitsOnBase(configuration.Global)))
            // use_vmac_addr and an address's use_vmac: the same kind of macvlan, carrying VIPs only (no adverts).
            .Concat(configuration.Instances.SelectMany(instance => instance.AddressVirtualMacs.Select(entry => new Wanted(
                entry.Name, entry.Parent, instance.AddressVirtualMacAddress(entry, configuration.Global), entry.IsIPv6, NeedsLinkLocal: false))))
            .DistinctBy(entry => entry.Name, StringComparer.Ordinal);

    private void Create(Wanted wanted)
    {
        _failed.Remove(wanted.Name);
        var created = Try(wanted.Name, "creating the macvlan", () =>
        {
            links.Prepare(wanted.Name, wanted.Parent, wanted.Address);
            _ours[wanted.Name] = wanted;
            if (wanted.IsIPv6)
            {
                settings.WriteIPv6(wanted.Name, "disable_ipv6", 0);
            }
            else
            {
                // keepalived's values: the macvlan answers ARP only for its own addresses (the VIPs), hears its
                // peers' adverts although it has no address of its own, and keeps the VIPs when one is removed.
                settings.WriteIPv6(wanted.Name, "disable_ipv6", 1);
                _reversePathFilter.Clear();
                settings.WriteIPv4(wanted.Name, "arp_ignore", 1);
                settings.WriteIPv4(wanted.Name, "accept_local", 1);
                settings.WriteIPv4(wanted.Name, "rp_filter", 0);
                settings.WriteIPv4(wanted.Name, "promote_secondaries", 1);
                _lowerLinks.Acquire(wanted.Parent, wanted.Name);
            }
            links.SetUp(wanted.Name);
            if (wanted.NeedsLinkLocal)
            {
                AddLinkLocalAddress(wanted);
            }
        });
        if (created)
        {
            LogCreated(logger, wanted.Name, wanted.Parent, VirtualMacAddress.Format(wanted.Address.GetAddressBytes()));
        }
        else
        {
            _failed.Add(wanted.Name);
        }
    }

    /// <summary>
    /// IPv6 adverts leave the macvlan from the lower link's link-local address (RFC 5798 §5.1.2.1: not a VIP), as
    /// keepalived sends them; the kernel sends from an address only on a link that has it.
    /// </summary>
    private void AddLinkLocalAddress(Wanted wanted)
    {
        var linkLocal = addresses.ListAddresses(wanted.Parent)
            .Select(entry => entry.Address)
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv6LinkLocal);
        if (linkLocal is not null)
        {
            addresses.AddPermanent(wanted.Name, new VirtualAddress(new IPAddress(linkLocal.GetAddressBytes())) { PrefixLength = 64 });
        }
    }

    private void Remove(string name)
    {
        var wanted = _ours[name];
        _ours.Remove(name);
        if (!wanted.IsIPv6)
        {
            Try(wanted.Parent, "restoring arp_ignore and arp_filter", () => _lowerLinks.Release(wanted.Parent, name));
        }
        if (Try(name, "removing the macvlan", () => links.Remove(name)))
        {
            LogRemoved(logger, name);
        }
    }

    private bool Try(string name, string what, Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or VirtualMacConflictException
            or FormatException)
        {
            LogFailed(logger, name, what, exception.Message);
            return false;
        }
    }

    [LoggerMessage(EventId = 55, Level = LogLevel.Information, Message = "VMAC interface {Name} up on {Parent} with MAC {Address}")]
    private static partial void LogCreated(ILogger logger, string name, string parent, string address);

    [LoggerMessage(EventId = 56, Level = LogLevel.Information, Message = "VMAC interface {Name} removed")]
    private static partial void LogRemoved(ILogger logger, string name);

    [LoggerMessage(EventId = 57, Level = LogLevel.Error, Message = "VMAC interface {Name}: {What} failed ({Reason})")]
    private static partial void LogFailed(ILogger logger, string name, string what, string reason);
}

/// <summary>
/// keepalived's lower-link values for macvlans: <c>arp_ignore=1</c> and <c>arp_filter=1</c>, so that the lower link
/// does not answer ARP for the VIPs with its own MAC. Saved before the first macvlan on a link, put back after the last.
/// </summary>
internal sealed class LowerLinkArpSettings(IInterfaceSettings settings)
{
    private readonly Dictionary<string, (int ArpIgnore, int ArpFilter, HashSet<string> Users)> _saved = new(StringComparer.Ordinal);

    public void Acquire(string parent, string user)
    {
        if (_saved.TryGetValue(parent, out var saved))
        {
            saved.Users.Add(user);
            return;
        }
        var arpIgnore = settings.ReadIPv4(parent, "arp_ignore");
        var arpFilter = settings.ReadIPv4(parent, "arp_filter");
        _saved[parent] = (arpIgnore, arpFilter, new HashSet<string>(StringComparer.Ordinal) { user });
        if (arpIgnore != 1)
        {
            settings.WriteIPv4(parent, "arp_ignore", 1);
        }
        if (arpFilter != 1)
        {
            settings.WriteIPv4(parent, "arp_filter", 1);
        }
    }

    public void Release(string parent, string user)
    {
        if (!_saved.TryGetValue(parent, out var saved) || !saved.Users.Remove(user) || saved.Users.Count > 0)
        {
            return;
        }
        _saved.Remove(parent);
        settings.WriteIPv4(parent, "arp_ignore", saved.ArpIgnore);
        settings.WriteIPv4(parent, "arp_filter", saved.ArpFilter);
    }
}

/// <summary>
/// A macvlan without an address of its own hears its peers only with <c>rp_filter=0</c>, and the kernel uses the larger
/// of <c>all</c> and the link's own value. As keepalived does: when <c>all.rp_filter</c> is on, each link's own value
/// (and <c>default</c>) is raised to it first, so that nothing else loses its filter, then <c>all</c> is set to 0; at
/// stop <c>all</c> (and what was raised) goes back.
/// </summary>
internal sealed class ReversePathFilter(IInterfaceSettings settings)
{
    private int? _all;
    private readonly Dictionary<string, int> _raised = new(StringComparer.Ordinal);

    public void Clear()
    {
        if (_all is not null)
        {
            return;
        }
        var all = settings.ReadIPv4("all", "rp_filter");
        if (all == 0)
        {
            return;
        }
        _all = all;
        foreach (var name in settings.IPv4Interfaces().Append("default"))
        {
            var own = settings.ReadIPv4(name, "rp_filter");
            if (own < all)
            {
                _raised[name] = own;
                settings.WriteIPv4(name, "rp_filter", all);
            }
        }
        settings.WriteIPv4("all", "rp_filter", 0);
    }

    public void Restore()
    {
        if (_all is not { } all)
        {
            return;
        }
        _all = null;
        if (settings.ReadIPv4("all", "rp_filter") == 0)
        {
            settings.WriteIPv4("all", "rp_filter", all);
        }
        foreach (var (name, own) in _raised)
        {
            try
            {
                if (settings.ReadIPv4(name, "rp_filter") == all)
                {
                    settings.WriteIPv4(name, "rp_filter", own);
                }
            }
            catch (IOException)
            {
                // The link went away meanwhile.
            }
        }
        _raised.Clear();
    }
}
