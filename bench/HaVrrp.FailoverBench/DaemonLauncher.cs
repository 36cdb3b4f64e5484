using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.FailoverBench;

/// <summary>
/// What a lab node runs in the benchmark. <see cref="Havrrpd"/> is what operators install: the executable the HAVRRPD
/// environment variable names, which run.sh sets to a Native AOT publish (docs/performance.md, "Native havrrpd").
/// <see cref="HavrrpdJit"/> is the same code as <c>dotnet havrrpd.dll</c>, kept to compare the two in one run.
/// </summary>
internal enum BenchDaemon
{
    Keepalived,
    Havrrpd,
    HavrrpdJit,
}

/// <summary>Starts the daemon a node is meant to run, so that pairs can be keepalived, havrrpd or mixed.</summary>
internal static class DaemonLauncher
{
    public static LabDaemon Start(BenchDaemon daemon, LabNode node, HaVrrpConfiguration configuration) =>
        daemon switch
        {
            BenchDaemon.Keepalived => KeepalivedNode.Start(node, configuration),
            BenchDaemon.HavrrpdJit => HavrrpdNode.Start(node, configuration, launcher: JitLauncher),
            _ => HavrrpdNode.Start(node, configuration),
        };

    /// <summary>The framework-dependent build beside the bench (a project reference copies havrrpd.dll there).</summary>
    public static IReadOnlyList<string> JitLauncher => ["dotnet", HavrrpdNode.DefaultAssemblyPath];

    /// <summary>True when <see cref="BenchDaemon.Havrrpd"/> runs an executable of its own rather than the JIT build.</summary>
    public static bool HavrrpdIsPublished => HavrrpdNode.DefaultLauncher.Count == 1;

    public static bool IsHavrrpd(this BenchDaemon daemon) => daemon != BenchDaemon.Keepalived;

    public static string NameOf(BenchDaemon daemon) => daemon switch
    {
        BenchDaemon.Keepalived => "keepalived",
        BenchDaemon.Havrrpd when HavrrpdIsPublished => "havrrpd",
        _ => "havrrpd (JIT)",
    };
}
