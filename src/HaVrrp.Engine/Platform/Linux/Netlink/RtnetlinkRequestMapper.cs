using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Platform.Linux.Netlink;

/// <summary>
/// Turns the configuration's virtual addresses and routes into rtnetlink requests: resolves device
/// names to interface indexes, scope and table names to numbers, and applies what keepalived does
/// by default (IFA_F_NODAD on IPv6 VIPs, protocol 18).
/// </summary>
public sealed class RtnetlinkRequestMapper
{
    private readonly Func<string, int> _interfaceIndexOf;

    /// <param name="interfaceIndexOf">Resolves a device name, e.g. <see cref="LinkManager.GetIndex"/>.</param>
    public RtnetlinkRequestMapper(Func<string, int> interfaceIndexOf)
    {
        ArgumentNullException.ThrowIfNull(interfaceIndexOf);
        _interfaceIndexOf = interfaceIndexOf;
    }

    /// <param name="address">The configured address.</param>
    /// <param name="interfaceName">
    /// Where the address goes, as the caller resolved it (<see cref="VrrpInstanceConfig.InterfaceFor"/>: a use_vmac
    /// macvlan rather than the <c>dev</c> under it); the address's own <c>dev</c> only when this is empty.
    /// </param>
    /// <param name="validLifetime">
    /// A finite lifetime that the master keeps refreshing, so that VIPs of a daemon that died
    /// expire; null adds them permanently, as keepalived does.
    /// </param>
    public InterfaceAddressRequest ToRequest(VirtualAddress address, string interfaceName, TimeSpan? validLifetime = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        var device = string.IsNullOrEmpty(interfaceName) ? address.Device : interfaceName;
        ArgumentException.ThrowIfNullOrEmpty(device, nameof(interfaceName));
        return new InterfaceAddressRequest(_interfaceIndexOf(device), address.Address, address.EffectivePrefixLength)
        {
            InterfaceName = device,
            Broadcast = address.IsIPv6 ? null : address.Broadcast,
            Label = address.IsIPv6 ? null : address.Label,
            Scope = address.Scope is null ? RouteScope.Global : RtnetlinkNames.ParseScope(address.Scope),

            // A VIP moves between routers; duplicate address detection would hold it back as
            // tentative just when it is needed (keepalived sets IFA_F_NODAD for the same reason).
            Flags = address.IsIPv6 ? InterfaceAddressFlags.NoDuplicateAddressDetection : InterfaceAddressFlags.None,
            ValidLifetime = validLifetime,
        };
    }

    public RouteRequest ToRequest(VirtualRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return new RouteRequest(route.Destination)
        {
            Gateway = route.Via,
            InterfaceIndex = route.Device is null ? null : _interfaceIndexOf(route.Device),
            InterfaceName = route.Device,
            PreferredSource = route.PreferredSource,
            Metric = route.Metric is { } metric ? checked((uint)metric) : null,
            Table = route.Table is null ? RouteTable.Main : RtnetlinkNames.ParseTable(route.Table),
            Scope = route.Scope is null ? null : RtnetlinkNames.ParseScope(route.Scope),
            Type = route.Type is null ? RouteType.Unicast : RtnetlinkNames.ParseRouteType(route.Type),
        };
    }

    /// <summary>
    /// A rule as keepalived sends it: the table resolved to its number, protocol 18 unless <c>no_track</c>.
    /// Interfaces go by name (FRA_IIFNAME/FRA_OIFNAME), so a rule may name one that does not exist yet.
    /// </summary>
    public static RuleRequest ToRequest(RoutingRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var action = rule.Action switch
        {
            RoutingRuleAction.Table or RoutingRuleAction.L3mdev => RuleAction.ToTable,
            RoutingRuleAction.Goto => RuleAction.Goto,
            RoutingRuleAction.Nop => RuleAction.Nop,
            RoutingRuleAction.Blackhole => RuleAction.Blackhole,
            RoutingRuleAction.Unreachable => RuleAction.Unreachable,
            RoutingRuleAction.Prohibit => RuleAction.Prohibit,
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Action, "Unknown rule action."),
        };
        return new RuleRequest(rule.Family, action)
        {
            Invert = rule.Not,
            Source = rule.From,
            Destination = rule.To,
            Priority = rule.Preference,
            Tos = rule.Tos,
            Table = rule.Action == RoutingRuleAction.Table && rule.Table is not null ? RtnetlinkNames.ParseTable(rule.Table) : 0,
            GotoTarget = rule.GotoTarget,
            L3mdev = rule.Action == RoutingRuleAction.L3mdev,
            FirewallMark = rule.FirewallMark,
            FirewallMask = rule.FirewallMask,
            InputInterfaceName = rule.InputInterface,
            OutputInterfaceName = rule.OutputInterface,
            Flow = rule.Realms,
            SuppressPrefixLength = rule.SuppressPrefixLength,
            SuppressInterfaceGroup = rule.SuppressInterfaceGroup,
            TunnelId = rule.TunnelId,
            UidRange = rule.UidRange is { } uids ? (uids.Start, uids.End) : null,
            IpProtocol = rule.IpProtocol,
            SourcePorts = rule.SourcePorts is { } source ? ((ushort)source.Start, (ushort)source.End) : null,
            DestinationPorts = rule.DestinationPorts is { } destination ? ((ushort)destination.Start, (ushort)destination.End) : null,
            Protocol = rule.EffectiveProtocol,
        };
    }
}
