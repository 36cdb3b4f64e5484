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
        var interfaces = NetworkInterface.GetAllNetworkInterfaces();
        var names = interfaces.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var addresses = interfaces
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .ToHashSet();
        return new ValidationEnvironment
        {
            InterfaceExists = names.Contains,
            LinkKindOf = OperatingSystem.IsLinux() ? LinkKinds() : null,
            IsLocalAddress = addresses.Contains,
            ScriptFileSystem = OperatingSystem.IsLinux() ? new UnixScriptFileSystem() : null,
            RunsAsRoot = Environment.IsPrivilegedProcess,
            NftablesAvailable = () => NftablesFirewall.FindProgram() is not null,
            RoutingTableExists = IsRoutingTable,
        };
    }

    private static Func<string, string?>? LinkKinds()
    {
        try
        {
            using var netlink = NetlinkSocket.Open();
            var kinds = new LinkManager(netlink).List()
                .ToDictionary(link => link.Name, link => link.Kind ?? string.Empty, StringComparer.Ordinal);
            return name => kinds.GetValueOrDefault(name);
        }
        catch (Exception exception) when (exception is NetlinkException or SocketException)
        {
            return null;
        }
    }
}
