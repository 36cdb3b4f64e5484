using HaVrrp.Engine.Configuration;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// Accept_Mode off (keepalived's <c>no_accept</c>, or its default under <c>vrrp_strict</c>): a master that is not the
/// address owner must not accept packets addressed to its VIPs (RFC 9568 §6.4.3). keepalived enforces it with nftables
/// rules; so does havrrpd, through <see cref="IAcceptModeFirewall"/>. The VIPs (and excluded VIPs) of every such
/// instance are filtered from start to graceful stop, whatever the state: a node that is not master holds none of
/// them, so the rules match nothing there, and a transition then needs no firewall change and leaves no moment in
/// which a new master answers (docs/protocol.md, "Accept_Mode"). Called from the engine loop only; a failure is
/// logged and never stops VRRP.
/// </summary>
public sealed partial class AcceptModeFilter(IAcceptModeFirewall firewall, ILogger logger)
{
    /// <summary>The table havrrpd's rules live in unless keepalived's <c>nftables NAME</c> says otherwise.</summary>
    public const string DefaultTable = "havrrpd";

    /// <summary>keepalived's default chain priority: just before the usual filter chains (priority 0).</summary>
    public const int DefaultChainPriority = -1;

    private AcceptModeRules? _applied;

    /// <summary>Makes the host filter exactly what <paramref name="configuration"/> asks for; nothing is touched when nothing is asked.</summary>
    public void Apply(HaVrrpConfiguration configuration)
    {
        var rules = RulesFor(configuration);
        if (rules.Addresses.Count == 0)
        {
            Remove();
            return;
        }
        if (rules.Equals(_applied))
        {
            return;
        }
        if (_applied is not null && _applied.Table != rules.Table)
        {
            Remove();
        }
        try
        {
            firewall.Apply(rules);
            _applied = rules;
            LogApplied(logger, rules.Addresses.Count, rules.Table, string.Join(", ", rules.Addresses));
        }
#pragma warning disable CA1031 // A filter the kernel refuses must not stop VRRP; it is logged, and the next reload tries again.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _applied = null;
            LogFailed(logger, rules.Table, exception.Message);
        }
    }

    /// <summary>Removes the rules this engine installed (a graceful stop, or a reload that no longer asks for any).</summary>
    public void Remove()
    {
        if (_applied is not { } applied)
        {
            return;
        }
        try
        {
            firewall.Remove(applied.Table);
            LogRemoved(logger, applied.Table);
        }
#pragma warning disable CA1031 // Same as above: logged, never fatal.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFailed(logger, applied.Table, exception.Message);
        }
        _applied = null;
    }

    /// <summary>
    /// <c>havrrpd --cleanup</c> after a crash: removes the tables the dead daemon left, when the configuration asks for
    /// any (a daemon that never filtered has nothing to remove, and a host without nft is not bothered).
    /// </summary>
    public void RemoveLeftovers(HaVrrpConfiguration configuration)
    {
        var rules = RulesFor(configuration);
        if (rules.Addresses.Count > 0)
        {
            _applied = rules;
            Remove();
        }
    }

    /// <summary>
    /// The addresses of every instance that runs with Accept_Mode off, in configuration order and each once. An address
    /// that an accepting instance (or an address owner) also lists is left out: that instance must keep answering it.
    /// </summary>
    public static AcceptModeRules RulesFor(HaVrrpConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var global = configuration.Global;
        var accepting = new HashSet<BlockedAddress>();
        var blocked = new List<BlockedAddress>();
        foreach (var instance in configuration.Instances)
        {
            var refusesPackets = !instance.EffectiveAccept(global) && !instance.IsAddressOwner;
            foreach (var address in instance.VirtualIpAddresses.Concat(instance.ExcludedVirtualIpAddresses))
            {
                var entry = new BlockedAddress(address.Address, instance.InterfaceFor(address) ?? string.Empty);
                if (!refusesPackets)
                {
                    accepting.Add(entry);
                }
                else if (!blocked.Contains(entry))
                {
                    blocked.Add(entry);
                }
            }
        }
        blocked.RemoveAll(accepting.Contains);
        return new AcceptModeRules(
            global.NftablesTable ?? DefaultTable, global.NftablesPriority ?? DefaultChainPriority, global.NftablesCounters, blocked);
    }

    [LoggerMessage(EventId = 34, Level = LogLevel.Information,
        Message = "Accept_Mode off: dropping packets to and from {Count} VIP(s) (nftables table {Table}): {Addresses}")]
    private static partial void LogApplied(ILogger logger, int count, string table, string addresses);

    [LoggerMessage(EventId = 35, Level = LogLevel.Information, Message = "Accept_Mode off: nftables table {Table} removed")]
    private static partial void LogRemoved(ILogger logger, string table);

    [LoggerMessage(EventId = 36, Level = LogLevel.Error,
        Message = "Accept_Mode off: could not set nftables table {Table}: {Error}; the master answers packets to its VIPs until this is fixed and havrrpd reloaded")]
    private static partial void LogFailed(ILogger logger, string table, string error);
}
