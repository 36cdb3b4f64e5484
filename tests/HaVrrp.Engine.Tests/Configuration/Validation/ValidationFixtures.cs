using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Validation;

namespace HaVrrp.Engine.Tests.Configuration.Validation;

/// <summary>Small, valid models to bend one value at a time, and a host that knows nothing.</summary>
internal static class ValidationFixtures
{
    public const string ConfigFile = "keepalived.conf";

    /// <summary>A host view that checks nothing and finds every script runnable.</summary>
    public static ValidationEnvironment QuietHost { get; } = new()
    {
        ProbeScript = program => ScriptFileStatus.Executable(program),
    };

    public static SourceLocation At(int line, int column) => new(ConfigFile, line, column);

    public static SourceMap MapAt(int line, int column = 1) => new(At(line, column));

    public static VirtualAddress Vip(string address, int line = 0) =>
        new(IPAddress.Parse(address)) { Source = line == 0 ? SourceMap.None : MapAt(line, 9) };

    /// <summary>An instance that passes every rule: VI_1, vrid 51 on eth0, one IPv4 VIP.</summary>
    public static VrrpInstanceConfig Instance(string name = "VI_1", int line = 10) => new()
    {
        Name = name,
        Interface = "eth0",
        VirtualRouterId = 51,
        VirtualIpAddresses = new[] { Vip("10.1.1.200") },
        Source = MapAt(line),
    };

    public static HaVrrpConfiguration Config(params VrrpInstanceConfig[] instances) => new()
    {
        Instances = instances,
        Source = MapAt(1),
    };

    /// <summary>
    /// The diagnostics of <paramref name="config"/>. HV0139 (scripts without enable_script_security) comes with
    /// every script of a fixture that does not enable script security, so the rules about scripts are tested without
    /// it, and HV0139 on its own (<see cref="ValidateWithScriptSecurityWarning"/>).
    /// </summary>
    public static IReadOnlyList<Diagnostic> Validate(HaVrrpConfiguration config, ValidationEnvironment? environment = null) =>
        [.. ValidateWithScriptSecurityWarning(config, environment).Where(diagnostic => diagnostic.Code != DiagnosticCodes.ScriptSecurityOff)];

    public static IReadOnlyList<Diagnostic> ValidateWithScriptSecurityWarning(HaVrrpConfiguration config, ValidationEnvironment? environment = null)
    {
        var diagnostics = new DiagnosticBag();
        new ConfigValidator(environment ?? QuietHost).Validate(config, diagnostics);
        return diagnostics.Items;
    }

    public static Diagnostic Single(HaVrrpConfiguration config, ValidationEnvironment? environment = null) =>
        Assert.Single(Validate(config, environment));

    public static void AssertDiagnostic(
        Diagnostic diagnostic, DiagnosticSeverity severity, string code, string message, SourceLocation location)
    {
        Assert.Equal(message, diagnostic.Message);
        Assert.Equal(code, diagnostic.Code);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(location, diagnostic.Location);
    }
}
