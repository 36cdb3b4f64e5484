using System.Net;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// The packet filter that enforces Accept_Mode off (keepalived's <c>no_accept</c>, and its default under
/// <c>vrrp_strict</c>): the host drops packets addressed to, or sent from, the listed virtual addresses.
/// docs/protocol.md, "Accept_Mode", says why the list is fixed from start to stop rather than changed with the state.
/// </summary>
public interface IAcceptModeFirewall
{
    /// <summary>Replaces, in one step, whatever this daemon filtered before with <paramref name="rules"/>.</summary>
    void Apply(AcceptModeRules rules);

    /// <summary>Removes everything this daemon filters (a graceful stop, or <c>--cleanup</c> after a crash).</summary>
    void Remove(string table);
}

/// <summary>
/// What to filter, and where: keepalived's <c>nftables</c> table name and chain priority, its
/// <c>nftables_counters</c>, and the addresses. A link-local IPv6 address is only meaningful with its interface.
/// </summary>
public sealed record AcceptModeRules(string Table, int ChainPriority, bool Counters, IReadOnlyList<BlockedAddress> Addresses)
{
    public bool Equals(AcceptModeRules? other) =>
        other is not null && Table == other.Table && ChainPriority == other.ChainPriority && Counters == other.Counters &&
        Addresses.SequenceEqual(other.Addresses);

    public override int GetHashCode() => HashCode.Combine(Table, ChainPriority, Counters, Addresses.Count);
}

/// <summary>A virtual address that a master in Accept_Mode off does not accept packets for.</summary>
public readonly record struct BlockedAddress(IPAddress Address, string InterfaceName)
{
    public bool IsLinkLocal => Address.IsIPv6LinkLocal;

    public override string ToString() => IsLinkLocal ? $"{Address}%{InterfaceName}" : Address.ToString();
}

/// <summary>For hosts and tests without a packet filter: nothing is filtered.</summary>
public sealed class NoAcceptModeFirewall : IAcceptModeFirewall
{
    public static NoAcceptModeFirewall Instance { get; } = new();

    public void Apply(AcceptModeRules rules)
    {
    }

    public void Remove(string table)
    {
    }
}
