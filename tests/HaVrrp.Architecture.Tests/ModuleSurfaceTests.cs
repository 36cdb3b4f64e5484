using System.Reflection;
using HaVrrp.Engine.Control;
using NetArchTest.Rules;

namespace HaVrrp.Architecture.Tests;

/// <summary>
/// The module (src/HaVrrp.Module) talks to havrrpd through the control client and reads configurations; it uses
/// nothing else of the engine (docs/architecture.md "Layers"). What it may use is the list below, as it is today.
/// </summary>
public class ModuleSurfaceTests
{
    private const string Engine = "HaVrrp.Engine";

    /// <summary>The control client and its messages, the configuration model, loader and validator, the warnings.</summary>
    private static readonly string[] PublicNamespaces =
        [$"{Engine}.Control", $"{Engine}.Configuration", $"{Engine}.Warnings"];

    /// <summary>
    /// Types of other namespaces that the control messages and the cluster analysis carry: state and reason
    /// enumerations, and the priority arithmetic Test-VrrpCluster shares with the daemon. Platform's one entry is
    /// the host view Test-VrrpConfiguration validates against.
    /// </summary>
    private static readonly HashSet<string> PublicTypes = new(StringComparer.Ordinal)
    {
        $"{Engine}.Protocol.Codec.AdvertisementAuthenticationType",
        $"{Engine}.Protocol.Codec.ChecksumVariant",
        $"{Engine}.Protocol.Router.VrrpState",
        $"{Engine}.Protocol.Router.VrrpTransitionReason",
        $"{Engine}.Tracking.PeerPriority",
        $"{Engine}.Tracking.PriorityArithmetic",
        $"{Engine}.Tracking.ProcessMonitorMethod",
        $"{Engine}.Tracking.TrackedObjectKind",
        $"{Engine}.Tracking.TrackedWeight",
        $"{Engine}.Tracking.WeightedObject",
        $"{Engine}.Platform.Linux.Adapters.LinuxValidationEnvironment",
    };

    [Fact]
    public void Module_UsesOnlyTheEnginesControlAndConfigurationApi()
    {
        var engine = typeof(VrrpControlClient).Assembly;
        // Every engine type outside the public surface, by full name. NetArchTest matches names by prefix, so a
        // forbidden name that is the start of an allowed one (VrrpStateX / VrrpState) is left out too.
        var forbidden = engine.GetTypes()
            .Where(type => !type.IsNested && type.FullName is not null && type.Namespace is { } space
                && !PublicNamespaces.Any(name => space == name || space.StartsWith(name + ".", StringComparison.Ordinal)))
            .Select(type => type.FullName!)
            .Where(name => !PublicTypes.Any(allowed => allowed.StartsWith(name, StringComparison.Ordinal)))
            .ToArray();

        var offenders = Types.InAssembly(ModuleAssembly())
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult().Offenders();

        ArchitectureAssert.NoOffenders(offenders,
            "The module uses only the engine's control client, configuration and warnings (and the types listed in PublicTypes)");
    }

    [Fact]
    public void PublicTypes_AllExist()
    {
        var engine = typeof(VrrpControlClient).Assembly;
        Assert.All(PublicTypes, name => Assert.NotNull(engine.GetType(name)));
    }

    private static Assembly ModuleAssembly() =>
        Assembly.LoadFrom(Path.Combine(AppContext.BaseDirectory, "HaVrrp.Module.dll"));
}
