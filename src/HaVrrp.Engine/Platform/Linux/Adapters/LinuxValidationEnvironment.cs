using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Platform.Linux.Firewall;
using HaVrrp.Engine.Platform.Linux.Netlink;
using HaVrrp.Engine.Platform.Linux.Scripts;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>
/// The real host as the configuration validator sees it: its interfaces, links and addresses now, its script
/// files, nft and routing table names. The daemon and the module's Test-VrrpConfiguration build it where they
/// compose the engine; the validator itself only knows <see cref="ValidationEnvironment"/>.
/// </summary>
public static class LinuxValidationEnvironment
{
    /// <summary>A table number, or a name iproute2's rt_tables files define on this host.</summary>
    private static bool IsRoutingTable(string table)
    {
        try
        {
            RtnetlinkNames.ParseTable(table);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The real host: its interfaces and addresses now, and its real files.</summary>
    public static ValidationEnvironment ForThisHost()
    {
        var host = (OperatingSystem.IsLinux() ? FromRtnetlink() : null) ?? FromNetworkInterfaces();
        return new ValidationEnvironment
        {
            InterfaceExists = host.InterfaceNames.Contains,
            LinkKindOf = host.LinkKinds is { } kinds ? name => kinds.GetValueOrDefault(name) : null,
            IsLocalAddress = host.Addresses.Contains,
            ScriptFileSystem = OperatingSystem.IsLinux() ? new UnixScriptFileSystem() : null,
            RunsAsRoot = Environment.IsPrivilegedProcess,
            NftablesAvailable = () => NftablesFirewall.FindProgram() is not null,
            RoutingTableExists = IsRoutingTable,
        };
    }

    /// <summary>The interfaces, their kinds and addresses now: what the validator compares the file with.</summary>
    private sealed record HostView(HashSet<string> InterfaceNames, Dictionary<string, string>? LinkKinds, HashSet<IPAddress> Addresses);

    /// <summary>
    /// One link dump and one address dump on one rtnetlink socket. NetworkInterface would read the same through
    /// getifaddrs, plus every interface's routes, DNS servers and sysctls that the validator does not use
    /// (docs/performance.md, "Start-up, second pass"). Null when rtnetlink cannot be asked.
    /// </summary>
    private static HostView? FromRtnetlink()
    {
        try
        {
            using var netlink = NetlinkSocket.Open();
            var links = new LinkManager(netlink).List();
            var addresses = new AddressManager(netlink).List().Select(WithScope).ToHashSet();
            return new HostView(
                links.Select(link => link.Name).ToHashSet(StringComparer.Ordinal),
                links.ToDictionary(link => link.Name, link => link.Kind ?? string.Empty, StringComparer.Ordinal),
                addresses);
        }
        catch (Exception exception) when (exception is NetlinkException or SocketException)
        {
            return null;
        }
    }

    /// <summary>
    /// An IPv6 link-local address with its interface as scope id, as getifaddrs (and so NetworkInterface) gives it:
    /// a link-local address in the file is local only when it names the same scope.
    /// </summary>
    private static IPAddress WithScope(LinkAddress address) =>
        address.Address.IsIPv6LinkLocal ? new IPAddress(address.Address.GetAddressBytes(), address.InterfaceIndex) : address.Address;

    /// <summary>Where rtnetlink is not there (other systems, for the module's Test-VrrpConfiguration).</summary>
    private static HostView FromNetworkInterfaces()
    {
        var interfaces = NetworkInterface.GetAllNetworkInterfaces();
        return new HostView(
            interfaces.Select(i => i.Name).ToHashSet(StringComparer.Ordinal),
            null,
            interfaces.SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address).ToHashSet());
    }
}
