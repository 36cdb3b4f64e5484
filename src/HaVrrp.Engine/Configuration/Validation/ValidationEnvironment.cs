using System.Net;

namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>
/// What the validator may know about the host. Tests pass fakes; the daemon and the module pass the real host's view
/// (<c>Platform.Linux.Adapters.LinuxValidationEnvironment</c>: the core does not reach into Platform itself).
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
    public IScriptFileSystem? ScriptFileSystem { get; init; }

    /// <summary>Null: not checked (HV0131). Otherwise whether the nft program that enforces no_accept is installed.</summary>
    public Func<bool>? NftablesAvailable { get; init; }
    /// <summary>Null: routing table names of rules are not looked up (HV0144).</summary>
    public Func<string, bool>? RoutingTableExists { get; init; }

    /// <summary>The daemon runs as root, so scripts without a user run as root and need protecting.</summary>
    public bool RunsAsRoot { get; init; }
}
