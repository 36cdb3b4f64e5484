using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using HaVrrp.Engine.Configuration.Yaml;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.TestSupport.Daemons;

/// <summary>The configuration syntax havrrpd is given; it reads both.</summary>
public enum HavrrpdConfigurationFormat
{
    Yaml,
    Keepalived,
}

/// <summary>
/// havrrpd on a lab node: `dotnet havrrpd.dll --config FILE` in the node's namespace, its log
/// captured. The launcher (`dotnet havrrpd.dll`) can be replaced, so the driver itself is tested
/// against a stand-in command before the daemon's run mode exists.
/// </summary>
public sealed class HavrrpdNode : LabDaemon
{
    private HavrrpdNode(LabNode node, string directory, string configurationPath)
        : base(node, directory)
    {
        ConfigurationPath = configurationPath;
        SocketPath = Path.Combine(directory, "havrrpd.sock");
    }

    public override DaemonImplementation Implementation => DaemonImplementation.Havrrpd;

    public string ConfigurationPath { get; }

    /// <summary>
    /// The node's control socket, in its scratch directory: the nodes of a lab share one file system, so each needs
    /// its own (a second daemon on the default socket refuses to start).
    /// </summary>
    public string SocketPath { get; }

    /// <summary>Where the test and benchmark builds put havrrpd.dll: beside the running assembly (a project reference copies it).</summary>
    public static string DefaultAssemblyPath => Path.Combine(AppContext.BaseDirectory, "havrrpd.dll");

    public static bool IsAvailable => File.Exists(DefaultAssemblyPath);

    /// <summary>
    /// `dotnet havrrpd.dll`, or the executable named by the HAVRRPD environment variable (e.g. a
    /// `dotnet publish` output, to measure what operators install): what runs the daemon unless a test
    /// passes another launcher.
    /// </summary>
    public static IReadOnlyList<string> DefaultLauncher =>
        Environment.GetEnvironmentVariable("HAVRRPD") is { Length: > 0 } executable ? [executable] : ["dotnet", DefaultAssemblyPath];

    /// <summary>Writes <paramref name="configuration"/> in <paramref name="format"/> and starts havrrpd on it.</summary>
    public static HavrrpdNode Start(
        LabNode node,
        HaVrrpConfiguration configuration,
        HavrrpdConfigurationFormat format = HavrrpdConfigurationFormat.Yaml,
        IReadOnlyList<string>? launcher = null)
    {
        var (text, fileName) = format switch
        {
            HavrrpdConfigurationFormat.Yaml => (YamlConfigWriter.Write(configuration), "havrrp.yaml"),
            _ => (KeepalivedConfigWriter.Write(configuration), "keepalived.conf"),
        };
        return Start(node, text, fileName, launcher);
    }

    /// <summary>
    /// Starts `LAUNCHER --config DIR/<paramref name="fileName"/>` with <paramref name="configurationText"/>
    /// written there; the file name's extension tells havrrpd the syntax.
    /// </summary>
    public static HavrrpdNode Start(LabNode node, string configurationText, string fileName, IReadOnlyList<string>? launcher = null)
    {
        var directory = CreateScratchDirectory(node, "havrrpd");
        var started = new HavrrpdNode(node, directory, Path.Combine(directory, fileName));
        try
        {
            File.WriteAllText(started.ConfigurationPath, configurationText);
            started.Launch([.. launcher ?? DefaultLauncher, "--config", started.ConfigurationPath, "--socket", started.SocketPath]);
            return started;
        }
        catch
        {
            started.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs `havrrpd --cleanup` on this node's configuration in its namespace, as the systemd unit's ExecStopPost does
    /// after a crash: removes what the daemon left behind. Returns what it printed.
    /// </summary>
    public string RunCleanup()
    {
        var launcher = DefaultLauncher;
        return Node.Run(launcher[0], [.. launcher.Skip(1), "--cleanup", "--config", ConfigurationPath]);
    }
}
