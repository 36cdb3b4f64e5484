using HaVrrp.Engine.Control;
using NetArchTest.Rules;

namespace HaVrrp.Architecture.Tests;

/// <summary>
/// The arrows between the engine's namespaces (docs/architecture.md "Layers"): the core decides and knows nothing
/// of Linux; Platform implements the core's ports; Configuration is the model everyone reads.
/// </summary>
public class EngineLayerTests
{
    private const string Engine = "HaVrrp.Engine";
    private const string Platform = $"{Engine}.Platform";

    /// <summary>The namespaces that make the decisions; none of them may reach into Platform.</summary>
    public static TheoryData<string> CoreNamespaces() =>
        [$"{Engine}.Protocol", $"{Engine}.Runtime", $"{Engine}.Tracking", $"{Engine}.Configuration", $"{Engine}.Control",
         $"{Engine}.Observation", $"{Engine}.Warnings"];

    /// <summary>
    /// Core types that still name a Platform type, each with what is left to do. Remove an entry once it is fixed;
    /// never add one for new code.
    /// </summary>
    private static readonly Dictionary<string, string> KnownPlatformUsesInCoreUntilInjected = new(StringComparer.Ordinal)
    {
        // statx is the only way to tell a FIFO or a device from a file before opening it; the call should come in
        // with the file reader's options.
        [$"{Engine}.Configuration.ConfigFileKinds"] = "reads a file's type through Platform.Linux.Native.LibC",
    };

    /// <summary>
    /// The validator's failover arithmetic check (HV0301) builds Tracking's TrackerSet to learn the weights.
    /// The weights of a configured instance are the model's to compute; remove this entry when they are.
    /// </summary>
    private static readonly HashSet<string> KnownConfigurationUsesOfTracking = new(StringComparer.Ordinal)
    {
        $"{Engine}.Configuration.Validation.ConfigValidator",
    };

    [Theory]
    [MemberData(nameof(CoreNamespaces))]
    public void Core_DoesNotUsePlatform(string core)
    {
        var offenders = EngineTypes()
            .That().ResideInNamespace(core)
            .ShouldNot().HaveDependencyOn(Platform)
            .GetResult().Offenders()
            .Where(type => !KnownPlatformUsesInCoreUntilInjected.ContainsKey(type));

        ArchitectureAssert.NoOffenders(offenders, $"{core} must not use {Platform}: give the core a port (an interface in Runtime) and implement it in Platform/Linux/Adapters");
    }

    [Fact]
    public void Protocol_DoesNotUseConfigurationOrRuntime()
    {
        var offenders = EngineTypes()
            .That().ResideInNamespace($"{Engine}.Protocol")
            .ShouldNot().HaveDependencyOnAny($"{Engine}.Configuration", $"{Engine}.Runtime")
            .GetResult().Offenders();

        ArchitectureAssert.NoOffenders(offenders, "Protocol (codec and state machine) must not use Configuration or Runtime: the runtime converts the model into Protocol's own settings");
    }

    [Fact]
    public void Codec_DoesNotUseTheRouter()
    {
        var offenders = EngineTypes()
            .That().ResideInNamespace($"{Engine}.Protocol.Codec")
            .ShouldNot().HaveDependencyOn($"{Engine}.Protocol.Router")
            .GetResult().Offenders();

        ArchitectureAssert.NoOffenders(offenders, "Protocol.Codec reads and writes packets; the state machine in Protocol.Router uses it, never the reverse");
    }

    [Fact]
    public void Configuration_DoesNotUseTracking()
    {
        var offenders = EngineTypes()
            .That().ResideInNamespace($"{Engine}.Configuration")
            .ShouldNot().HaveDependencyOn($"{Engine}.Tracking")
            .GetResult().Offenders()
            .Where(type => !KnownConfigurationUsesOfTracking.Contains(type));

        ArchitectureAssert.NoOffenders(offenders, "Configuration is the model: Tracking may use it, never the reverse");
    }

    [Theory]
    [InlineData("Keepalived", "Yaml")]
    [InlineData("Yaml", "Keepalived")]
    public void OneConfigurationFormat_DoesNotUseTheOther(string format, string other)
    {
        var offenders = EngineTypes()
            .That().ResideInNamespace($"{Engine}.Configuration.{format}")
            .ShouldNot().HaveDependencyOn($"{Engine}.Configuration.{other}")
            .GetResult().Offenders();

        ArchitectureAssert.NoOffenders(offenders, $"Configuration.{format} must not use Configuration.{other}: what both formats share lives in Configuration.Syntax");
    }

    /// <summary>An entry that no longer offends must leave its list, so the lists only ever shrink.</summary>
    [Fact]
    public void KnownViolations_AreStillViolations()
    {
        var stale = KnownPlatformUsesInCoreUntilInjected.Keys.Where(type => !Uses(type, Platform))
            .Concat(KnownConfigurationUsesOfTracking.Where(type => !Uses(type, $"{Engine}.Tracking")));

        ArchitectureAssert.NoOffenders(stale, "These types are allowed a known violation they no longer commit: remove them from the list");
    }

    private static bool Uses(string typeName, params string[] dependencies) =>
        typeof(VrrpControlClient).Assembly.GetType(typeName) is not null
        && EngineTypes().That().HaveName(typeName[(typeName.LastIndexOf('.') + 1)..])
            .And().ResideInNamespace(typeName[..typeName.LastIndexOf('.')])
            .Should().HaveDependencyOnAny(dependencies)
            .GetResult().IsSuccessful;

    private static Types EngineTypes() => Types.InAssembly(typeof(VrrpControlClient).Assembly);

}
