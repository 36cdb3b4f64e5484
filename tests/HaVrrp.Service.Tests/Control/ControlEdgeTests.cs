using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Runtime;
using HaVrrp.Service.Control;

namespace HaVrrp.Service.Tests.Control;

/// <summary>What needs a daemon set up on purpose: a script refused by script security, a method that fails inside.</summary>
public sealed class ControlEdgeTests
{
    [Fact]
    public async Task ScriptList_ShowsAScriptThatScriptSecurityDisabled_AndWhy()
    {
        var options = new ControlHarnessOptions { Gate = RefuseChkService };
        await using var harness = await ControlHarness.StartAsync(options);
        await using var client = await harness.ConnectAsync();

        var script = Assert.Single(await client.ListScriptsAsync());

        Assert.Equal(ScriptState.Disabled, script.Status);
        Assert.Contains("SECURITY VIOLATION", script.DisabledReason, StringComparison.Ordinal);
        Assert.Contains("writable by group 1000", script.DisabledReason, StringComparison.Ordinal);
        Assert.Equal(["VI_1"], script.TrackedBy);
        Assert.Equal(-20, script.Weight);
        Assert.Null(script.LastRunAt);
    }

    [Fact]
    public async Task MethodThatFailsInside_IsInternalError_AndTheConnectionCarriesOn()
    {
        var options = new ControlHarnessOptions { WrapTarget = target => new ReloadFails(target) };
        await using var harness = await ControlHarness.StartAsync(options);
        await using var client = await harness.ConnectAsync();

        var error = await Assert.ThrowsAsync<VrrpControlException>(() => client.ReloadAsync());

        Assert.Equal(ControlErrorKind.InternalError, error.Kind);
        Assert.Equal(-32603, error.Code);
        Assert.Contains("disk on fire", error.Message, StringComparison.Ordinal);
        Assert.Equal(ControlProtocol.Version, (await client.HelloAsync()).ProtocolVersion);
    }

    /// <summary>What DaemonRunner's gate does when enable_script_security refuses chk_service.</summary>
    private static LoadedConfiguration RefuseChkService(ConfigLoadResult result)
    {
        var configuration = result.Configuration!;
        var refused = new InsecureScript(
            "vrrp_script chk_service", "/bin/true", [new ScriptSecurityRefusal("/bin/true", "is writable by group 1000")], SourceLocation.None)
        {
            TrackScriptName = "chk_service",
        };
        return new LoadedConfiguration(result with { Configuration = ScriptSecurityGate.WithoutInsecure(configuration, [refused]) }, [refused], configuration);
    }

    private sealed class ReloadFails(IControlTarget inner) : IControlTarget
    {
        public VrrpEngine Engine => inner.Engine;

        public RunningConfiguration Running => inner.Running;

        public Task<ReloadOutcome> ReloadAsync(bool dryRun, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("disk on fire");
    }
}
