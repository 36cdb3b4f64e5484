using System.Net;
using System.Net.NetworkInformation;

namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>
/// What the validator may know about the host. Tests pass fakes; the daemon passes the real host's view.
/// A null check means "do not know": the rule that needs it is skipped rather than guessed.
/// </summary>
public sealed record ValidationEnvironment
{
    /// <summary>Null: interfaces are not checked (e.g. validating a config for another machine).</summary>
    public Func<string, bool>? InterfaceExists { get; init; }

    /// <summary>
    /// The rtnetlink kind of the link with this name (<c>macvlan</c>, <c>veth</c>; empty for a device without one),
    /// null when there is no such link. Null function: links are not checked (HV0159).
    /// </summary>
    public Func<string, string?>? LinkKindOf { get; init; }

    /// <summary>Null: address ownership (priority 255) is not checked.</summary>
    public Func<IPAddress, bool>? IsLocalAddress { get; init; }

    /// <summary>Probes a script's program (the first word of its command line) on the file system.</summary>
    public Func<string, ScriptFileStatus> ProbeScript { get; init; } = ScriptProbe.Probe;

    /// <summary>Null: enable_script_security is not checked (HV0128). Otherwise the file system scripts are judged on.</summary>
    public HaVrrp.Engine.Tracking.IScriptFileSystem? ScriptFileSystem { get; init; }

    /// <summary>Null: not checked (HV0131). Otherwise whether the nft program that enforces no_accept is installed.</summary>
    public Func<bool>? NftablesAvailable { get; init; }
    /// <summary>Null: routing table names of rules are not looked up (HV0144).</summary>
    public Func<string, bool>? RoutingTableExists { get; init; }

    /// <summary>The daemon runs as root, so scripts without a user run as root and need protecting.</summary>
    public bool RunsAsRoot { get; init; }

    /// <summary>A table number, or a name iproute2's rt_tables files define on this host.</summary>
    private static bool IsRoutingTable(string table)
    {
        try
        {
            HaVrrp.Engine.Platform.Linux.Netlink.RtnetlinkNames.ParseTable(table);
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
            ScriptFileSystem = OperatingSystem.IsLinux() ? new HaVrrp.Engine.Platform.Linux.Scripts.UnixScriptFileSystem() : null,
            RunsAsRoot = Environment.IsPrivilegedProcess,
            NftablesAvailable = () => HaVrrp.Engine.Platform.Linux.Firewall.NftablesFirewall.FindProgram() is not null,
            RoutingTableExists = IsRoutingTable,
        };
    }

    private static Func<string, string?>? LinkKinds()
    {
        try
        {
            using var netlink = HaVrrp.Engine.Platform.Linux.Netlink.NetlinkSocket.Open();
            var kinds = new HaVrrp.Engine.Platform.Linux.Netlink.LinkManager(netlink).List()
                .ToDictionary(link => link.Name, link => link.Kind ?? string.Empty, StringComparer.Ordinal);
            return name => kinds.GetValueOrDefault(name);
        }
        catch (Exception exception) when (exception is HaVrrp.Engine.Platform.Linux.Netlink.NetlinkException or System.Net.Sockets.SocketException)
        {
            return null;
        }
    }
}
