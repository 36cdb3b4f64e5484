using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Syntax;

namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>One script <c>enable_script_security</c> refuses: who wanted to run it, the program, and why not.</summary>
public sealed record InsecureScript(string Owner, string Program, IReadOnlyList<ScriptSecurityRefusal> Refusals, SourceLocation Location)
{
    /// <summary>The vrrp_script's name when <see cref="Owner"/> is a vrrp_script; null for notify scripts.</summary>
    public string? TrackScriptName { get; init; }

    /// <summary>keepalived's words, with the reasons it leaves to the reader to find out.</summary>
    public string Describe()
    {
        var reasons = string.Join("; ", Refusals);
        var consequence = TrackScriptName is { } name
            ? $"Disabling track script {name} due to insecure: it never runs, and the instances tracking it ignore it"
            : $"{Owner} is never run";
        return $"SECURITY VIOLATION - unsafe permissions found for script '{Program}' ({reasons}). {consequence}";
    }
}

/// <summary>
/// keepalived 2.2's handling of insecure scripts under <c>enable_script_security</c> (vrrp.c,
/// check_vrrp_script_security): an insecure vrrp_script is disabled — removed from every instance's and sync
/// group's track_script list and never run, so it neither adds nor subtracts weight and cannot cause FAULT;
/// an insecure notify script is dropped. Applied to the configuration the engine runs, and reported as HV0128
/// by the validator, so `havrrpd --check` and the daemon's log say the same thing.
/// </summary>
public static class ScriptSecurityGate
{
    /// <summary>What execvp searches when PATH is not set; keepalived's search for a bare program name.</summary>
    private static readonly string[] SearchPath = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>
    /// keepalived's "SECURITY VIOLATION - scripts are being executed but script_security not enabled" (HV0139):
    /// where the first script (a vrrp_script or a notify script) lies that will run as root while
    /// <c>enable_script_security</c> is off, or null. A script without a user (and no script_user) runs as the
    /// daemon's own user.
    /// </summary>
    public static SourceLocation? FirstRootScriptUnchecked(HaVrrpConfiguration configuration, bool daemonIsRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.Global.EnableScriptSecurity)
        {
            return null;
        }
        bool RunsAsRoot(ScriptUser? user) => RunAsId((user ?? configuration.Global.ScriptUser)?.User, daemonIsRoot) == 0;
        var notifyScripts = configuration.Instances.Select(instance => instance.Notify)
            .Concat(configuration.SyncGroups.Select(group => group.Notify))
            .SelectMany(notify => notify.Configured())
            .Where(notify => RunsAsRoot(notify.Script.User))
            .Select(notify => notify.Script.Source.Location);
        return configuration.Scripts.Where(script => RunsAsRoot(script.User)).Select(script => script.Source.Location)
            .Concat(notifyScripts)
            .Cast<SourceLocation?>()
            .FirstOrDefault();
    }

    /// <summary>Every script the daemon would refuse; empty unless <c>enable_script_security</c> is on.</summary>
    public static IReadOnlyList<InsecureScript> FindInsecure(HaVrrpConfiguration configuration, IScriptFileSystem fileSystem, bool daemonIsRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(fileSystem);
        if (!configuration.Global.EnableScriptSecurity)
        {
            return [];
        }
        var globalUser = configuration.Global.ScriptUser;
        var insecure = new List<InsecureScript>();
        foreach (var script in configuration.Scripts)
        {
            if (Judge($"vrrp_script {script.Name}", script.Script, script.User ?? globalUser, script.Source.Location, fileSystem, daemonIsRoot) is { } refused)
            {
                insecure.Add(refused with { TrackScriptName = script.Name });
            }
        }
        foreach (var instance in configuration.Instances)
        {
            insecure.AddRange(JudgeNotify(instance.Name, instance.Notify, globalUser, fileSystem, daemonIsRoot));
        }
        foreach (var group in configuration.SyncGroups)
        {
            insecure.AddRange(JudgeNotify(group.Name, group.Notify, globalUser, fileSystem, daemonIsRoot));
        }
        return insecure;
    }

    /// <summary>The configuration without the refused scripts: what keepalived goes on running.</summary>
    public static HaVrrpConfiguration WithoutInsecure(HaVrrpConfiguration configuration, IReadOnlyList<InsecureScript> insecure)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(insecure);
        if (insecure.Count == 0)
        {
            return configuration;
        }
        var disabled = insecure.Select(script => script.TrackScriptName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var refusedCommands = insecure.Where(script => script.TrackScriptName is null).Select(script => script.Owner).ToHashSet(StringComparer.Ordinal);
        return configuration with
        {
            Scripts = configuration.Scripts.Where(script => !disabled.Contains(script.Name)).ToArray(),
            Instances = configuration.Instances.Select(instance => instance with
            {
                TrackScripts = Without(instance.TrackScripts, disabled),
                Notify = Without(instance.Name, instance.Notify, refusedCommands),
            }).ToArray(),
            SyncGroups = configuration.SyncGroups.Select(group => group with
            {
                TrackScripts = Without(group.TrackScripts, disabled),
                Notify = Without(group.Name, group.Notify, refusedCommands),
            }).ToArray(),
        };
    }

    private static ValueList<TrackReference> Without(ValueList<TrackReference> references, HashSet<string> disabled) =>
        references.Where(reference => !disabled.Contains(reference.Name)).ToArray();

    private static NotifyConfig Without(string owner, NotifyConfig notify, HashSet<string> refused) => notify with
    {
        Master = Keep(owner, "notify_master", notify.Master, refused),
        Backup = Keep(owner, "notify_backup", notify.Backup, refused),
        Fault = Keep(owner, "notify_fault", notify.Fault, refused),
        Stop = Keep(owner, "notify_stop", notify.Stop, refused),
        Any = Keep(owner, "notify", notify.Any, refused),
        MasterRxLowerPriority = Keep(owner, "notify_master_rx_lower_pri", notify.MasterRxLowerPriority, refused),
    };

    private static NotifyScript? Keep(string owner, string keyword, NotifyScript? script, HashSet<string> refused) =>
        refused.Contains(NotifyOwner(owner, keyword)) ? null : script;

    private static string NotifyOwner(string owner, string keyword) => $"{owner} {keyword}";

    private static IEnumerable<InsecureScript> JudgeNotify(string owner, NotifyConfig notify, ScriptUser? globalUser, IScriptFileSystem fileSystem, bool daemonIsRoot)
    {
        foreach (var (keyword, script) in notify.Configured())
        {
            if (Judge(NotifyOwner(owner, keyword), script.Command, script.User ?? globalUser, script.Source.Location, fileSystem, daemonIsRoot) is { } refused)
            {
                yield return refused;
            }
        }
    }

    private static InsecureScript? Judge(string owner, string command, ScriptUser? user, SourceLocation location, IScriptFileSystem fileSystem, bool daemonIsRoot)
    {
        if (!ScriptArguments.TrySplit(command, out var arguments, out _) || arguments.Count == 0)
        {
            return null; // HV0114/the scheduler report unusable command lines; nothing to judge here.
        }
        var program = Locate(arguments[0], fileSystem);
        var refusals = ScriptSecurity.Check(program, RunAsId(user?.User, daemonIsRoot), RunAsId(user?.Group ?? user?.User, daemonIsRoot), fileSystem);
        return refusals.Count == 0 ? null : new InsecureScript(owner, program, refusals, location);
    }

    /// <summary>A bare name is searched like execvp does; the first regular file wins.</summary>
    private static string Locate(string program, IScriptFileSystem fileSystem)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return program;
        }
        return SearchPath.Select(directory => $"{directory}/{program}")
            .FirstOrDefault(candidate => fileSystem.Stat(candidate).Kind == FileKind.Regular) ?? program;
    }

    /// <summary>
    /// Only root matters to the check: 0 for root (by name or number, or no user while the daemon is root),
    /// any other id otherwise. A group defaults to the user's own, as keepalived takes the user's primary group.
    /// </summary>
    private static int RunAsId(string? name, bool daemonIsRoot) => name switch
    {
        null => daemonIsRoot ? 0 : NotRoot,
        "root" or "0" => 0,
        _ => NotRoot,
    };

    private const int NotRoot = 65534;
}
