using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.TestSupport.Daemons;

/// <summary>
/// The real keepalived (VRRP half only) on a lab node: `keepalived -n -l -D -P` in the node's
/// namespace, logging to the console so every line is captured. Its pid files live in its own
/// directory: keepalived refuses to start when another instance's pid file names a live process.
/// </summary>
public sealed class KeepalivedNode : LabDaemon
{
    public const string DefaultExecutable = "/usr/sbin/keepalived";

    private KeepalivedNode(LabNode node, string directory)
        : base(node, directory)
    {
    }

    public override DaemonImplementation Implementation => DaemonImplementation.Keepalived;

    public string ConfigurationPath => Path.Combine(Directory, "keepalived.conf");

    /// <summary>True when keepalived is installed where the tests expect it (CI installs it in .ci/run).</summary>
    public static bool IsInstalled => File.Exists(DefaultExecutable);

    /// <summary>Writes <paramref name="configuration"/> as keepalived.conf (the engine's writer) and starts keepalived.</summary>
    public static KeepalivedNode Start(LabNode node, HaVrrpConfiguration configuration) =>
        Start(node, KeepalivedConfigWriter.Write(configuration));

    /// <summary>Starts keepalived with <paramref name="configurationText"/> as its keepalived.conf.</summary>
    public static KeepalivedNode Start(LabNode node, string configurationText)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException(
                $"keepalived is not installed at {DefaultExecutable}; `apt-get install keepalived` (.ci/run does).");
        }
        var started = new KeepalivedNode(node, CreateScratchDirectory(node, "keepalived"));
        try
        {
            File.WriteAllText(started.ConfigurationPath, configurationText);
            started.Launch(started.CommandLine());
            return started;
        }
        catch
        {
            started.Dispose();
            throw;
        }
    }

    /// <summary>
    /// -n: stay in the foreground; -l: log to the console; -D: detailed log; -P: VRRP only (no checker);
    /// -p/-r/-c: pid files of the parent, VRRP and checker processes, here instead of /run.
    /// </summary>
    public IReadOnlyList<string> CommandLine() =>
    [
        DefaultExecutable, "-n", "-l", "-D", "-P",
        "-f", ConfigurationPath,
        "-p", Path.Combine(Directory, "keepalived.pid"),
        "-r", Path.Combine(Directory, "vrrp.pid"),
        "-c", Path.Combine(Directory, "checkers.pid"),
    ];

    /// <summary>Waits for keepalived's own word that <paramref name="instanceName"/> entered <paramref name="state"/> (MASTER, BACKUP, FAULT).</summary>
    public Task<LogLine> WaitForStateAsync(string instanceName, string state, TimeSpan? deadline = null) =>
        WaitForLogAsync($@"\({System.Text.RegularExpressions.Regex.Escape(instanceName)}\) Entering {state} STATE", deadline);
}
