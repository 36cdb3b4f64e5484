using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.TestSupport;

namespace HaVrrp.Service.Tests.Control;

/// <summary>Every method through the typed client, against a real engine behind a real socket.</summary>
public sealed class ControlMethodTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private ControlHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await ControlHarness.StartAsync();
        await _harness.WaitForMastersAsync();
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Hello_SaysWhoTheDaemonIs_AndWhoTheCallerIs()
    {
        await using var client = await _harness.ConnectAsync();

        var hello = await client.HelloAsync();

        Assert.Equal(ControlProtocol.Version, hello.ProtocolVersion);
        Assert.Equal(Environment.ProcessId, hello.Pid);
        Assert.Equal(_harness.ConfigPath, hello.ConfigPath);
        Assert.Equal(ConfigFormat.Yaml, hello.ConfigFormat);
        Assert.Equal(1, hello.ConfigGeneration);
        Assert.Equal(_harness.SocketPath, hello.SocketPath);
        Assert.Equal(Environment.ProcessId, hello.Caller.Pid);
        Assert.Equal(Environment.IsPrivilegedProcess, hello.Caller.Uid == 0);
        Assert.True(hello.Caller.Uid != 0 || hello.Caller.MayChange);
        Assert.Equal(TimeSpan.Zero, hello.StartedAt.Offset);
    }

    [Fact]
    public async Task InstanceList_ShowsEveryInstance_WithItsConfigurationAndState()
    {
        await using var client = await _harness.ConnectAsync();

        var instances = await client.ListInstancesAsync();

        Assert.Equal(["VI_1", "VI_2"], instances.Select(instance => instance.Name));
        var first = instances[0];
        Assert.Equal(VrrpState.Master, first.State);
        Assert.Equal("eth-test", first.Interface);
        Assert.Equal(51, first.VirtualRouterId);
        Assert.Equal(3, first.Version);
        Assert.Equal(100, first.BasePriority);
        Assert.Equal(TimeSpan.FromMilliseconds(100), first.AdvertInterval);
        Assert.Equal(["192.0.2.100/24"], first.VirtualAddresses);
        Assert.True(first.Preempt);
        Assert.False(instances[1].Preempt);
        Assert.True(first.HoldsVirtualAddresses);
        Assert.Equal(InstanceHold.None, first.Hold);
        Assert.True(first.TransitionCount >= 2); // INIT -> BACKUP -> MASTER
        Assert.Equal(VrrpTransitionReason.MasterDownTimerExpired, first.LastTransitionReason);
        Assert.Contains(first.TrackedObjects, tracked => tracked.Name == "chk_service" && tracked.Weight == -20);
        Assert.True(first.Statistics.AdvertsSent > 0);
        Assert.True(first.Statistics.BecameMaster >= 1);
    }

    [Fact]
    public async Task InstanceList_SelectsByNameOrPattern_AndAnUnknownNameIsAnError()
    {
        await using var client = await _harness.ConnectAsync();

        Assert.Equal(["VI_2"], (await client.ListInstancesAsync(["VI_2"])).Select(instance => instance.Name));
        Assert.Equal(2, (await client.ListInstancesAsync(["VI_?"])).Count);
        Assert.Empty(await client.ListInstancesAsync(["LB*"]));
        var error = await Assert.ThrowsAsync<VrrpControlException>(() => client.ListInstancesAsync(["VI_9"]));
        Assert.Equal(ControlErrorKind.InstanceNotFound, error.Kind);
        Assert.Equal(-32001, error.Code);
        Assert.Equal("VI_9", error.ErrorData.Instance);
    }

    [Fact]
    public async Task SetPriority_IsIdempotent_AndResetEndsIt()
    {
        await using var client = await _harness.ConnectAsync();

        var set = await client.SetPriorityAsync("VI_2", 120);
        var again = await client.SetPriorityAsync("VI_2", 120);
        var reset = await client.ResetPriorityAsync("VI_2");
        var resetAgain = await client.ResetPriorityAsync("VI_2");

        Assert.True(set.Changed);
        Assert.Equal(120, set.Instance.PriorityOverride);
        Assert.Equal(120, set.Instance.EffectivePriority);
        Assert.False(again.Changed);
        Assert.True(reset.Changed);
        Assert.Null(reset.Instance.PriorityOverride);
        Assert.Equal(50, reset.Instance.EffectivePriority);
        Assert.False(resetAgain.Changed);
    }

    [Fact]
    public async Task SetPriority_WithADuration_RevertsByItself()
    {
        await using var client = await _harness.ConnectAsync();

        var set = await client.SetPriorityAsync("VI_2", 90, TimeSpan.FromMilliseconds(300));

        Assert.Equal(90, set.Instance.PriorityOverride);
        Assert.NotNull(set.Instance.PriorityOverrideExpiresAt);
        await Eventually.WaitUntilAsync(
            () => client.ListInstancesAsync(["VI_2"]).GetAwaiter().GetResult()[0],
            instance => instance.PriorityOverride is null && instance.EffectivePriority == 50,
            Patience,
            "back at its configured priority");
    }

    [Theory]
    [InlineData("""{"name":"VI_1","priority":0}""", "out of range 1-254")]
    [InlineData("""{"name":"VI_1","priority":255}""", "out of range 1-254")]
    [InlineData("""{"name":"VI_1"}""", "priority is required")]
    [InlineData("""{"priority":10}""", "name is required")]
    [InlineData("""{"name":"VI_1","reset":true,"priority":10}""", "reset: true takes no priority")]
    [InlineData("""{"name":"VI_1","priority":10,"durationSeconds":-1}""", "durationSeconds -1 is out of range")]
    [InlineData("""{"name":"VI_1","priority":"high"}""", "$.priority")]
    [InlineData("""{"name":"VI_1","priority":10,"durationSecs":5}""", "durationSecs")]
    public async Task SetPriority_WithBadParams_IsInvalidParams(string parameters, string expected)
    {
        using var connection = await _harness.ConnectRawAsync();

        var response = await connection.RequestAsync($$"""{"jsonrpc":"2.0","id":7,"method":"instance.setPriority","params":{{parameters}}}""");

        var error = response.GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal("InvalidParams", error.GetProperty("data").GetProperty("name").GetString());
        Assert.Contains(expected, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(7, response.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task SetPriority_OfAnUnknownInstance_IsInstanceNotFound()
    {
        await using var client = await _harness.ConnectAsync();

        var error = await Assert.ThrowsAsync<VrrpControlException>(() => client.SetPriorityAsync("nope", 10));

        Assert.Equal(ControlErrorKind.InstanceNotFound, error.Kind);
    }

    [Fact]
    public async Task Failover_StepDown_OnALoneMaster_IsNotPossible_AndItStaysMaster()
    {
        await using var client = await _harness.ConnectAsync();

        var error = await Assert.ThrowsAsync<VrrpControlException>(() => client.FailoverAsync("VI_2", FailoverMode.StepDown));
        var after = Assert.Single(await client.ListInstancesAsync(["VI_2"]));

        Assert.Equal(ControlErrorKind.NotPossible, error.Kind);
        Assert.Equal("VI_2", error.ErrorData.Instance);
        // Master_Down_Interval of priority 50 at 100 ms: 3 * 0.1 s + (256 - 50) * 0.1 s / 256.
        Assert.Equal("VI_2: no backup took over within 0.38 s; still master", error.Message);
        Assert.Equal(VrrpState.Master, after.State);
        Assert.Equal(InstanceHold.None, after.Hold);
        Assert.True(after.HoldsVirtualAddresses);
    }

    [Fact]
    public async Task Failover_StepDown_OnABackup_HoldsIt_UntilReleased()
    {
        await using var slow = await ControlHarness.StartAsync(ControlHarness.SlowBackupConfiguration);
        await using var client = await slow.ConnectAsync();

        var stepDown = await client.FailoverAsync("VI_1", FailoverMode.StepDown);
        var again = await client.FailoverAsync("VI_1", FailoverMode.StepDown);
        var release = await client.FailoverAsync("VI_1", FailoverMode.Release);
        var releaseAgain = await client.FailoverAsync("VI_1", FailoverMode.Release);

        Assert.True(stepDown.Changed);
        Assert.Equal(VrrpState.Backup, stepDown.Instance.State);
        Assert.Equal(InstanceHold.SteppedDown, stepDown.Instance.Hold);
        Assert.False(again.Changed);
        Assert.True(release.Changed);
        Assert.Equal(InstanceHold.None, release.Instance.Hold);
        Assert.False(releaseAgain.Changed);
    }

    [Fact]
    public async Task Failover_TakeOver_OnABackup_BecomesMasterAndHoldsIt()
    {
        await using var slow = await ControlHarness.StartAsync(ControlHarness.SlowBackupConfiguration);
        await using var client = await slow.ConnectAsync();

        var takeOver = await client.FailoverAsync("VI_1", FailoverMode.TakeOver);
        var again = await client.FailoverAsync("VI_1", FailoverMode.TakeOver);
        var release = await client.FailoverAsync("VI_1", FailoverMode.Release);

        Assert.True(takeOver.Changed);
        Assert.Equal(VrrpState.Master, takeOver.Instance.State);
        Assert.Equal(InstanceHold.TakenOver, takeOver.Instance.Hold);
        Assert.False(again.Changed);
        Assert.True(release.Changed);
        Assert.Equal(InstanceHold.None, release.Instance.Hold);
    }

    [Fact]
    public async Task Failover_TakeOver_InFault_IsNotPossible()
    {
        await using var client = await _harness.ConnectAsync();
        _harness.Engine.Post(new Engine.Runtime.LinkStateChanged("eth-test", IsUp: false));
        await client.WaitAsync(["VI_1"], VrrpState.Fault, Patience);

        var error = await Assert.ThrowsAsync<VrrpControlException>(() => client.FailoverAsync("VI_1", FailoverMode.TakeOver));

        Assert.Equal(ControlErrorKind.NotPossible, error.Kind);
        Assert.Equal(-32002, error.Code);
        Assert.Equal("VI_1", error.ErrorData.Instance);
        Assert.Contains("cannot take over in state Fault", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelledRequest_ClosesTheClient_AndTheNextCallSaysSo()
    {
        await using var client = await _harness.ConnectAsync();
        using var cancel = new CancellationTokenSource();

        var waiting = client.WaitAsync(["VI_1"], VrrpState.Fault, Patience, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        var closed = await Assert.ThrowsAsync<VrrpControlException>(() => client.HelloAsync());
        Assert.Equal(ControlErrorKind.DaemonUnavailable, closed.Kind);
        Assert.Contains("connect again", closed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failover_WithoutAMode_IsInvalidParams()
    {
        using var connection = await _harness.ConnectRawAsync();

        var response = await connection.RequestAsync("""{"jsonrpc":"2.0","id":1,"method":"instance.failover","params":{"name":"VI_1","mode":"sideways"}}""");

        Assert.Equal("InvalidParams", response.GetProperty("error").GetProperty("data").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Wait_CompletesWhenTheInstanceGetsThere()
    {
        await using var client = await _harness.ConnectAsync();
        await using var waiter = await _harness.ConnectAsync();
        _harness.Engine.Post(new Engine.Runtime.LinkStateChanged("eth-test", IsUp: false));
        await client.WaitAsync(["VI_2"], VrrpState.Fault, Patience);

        // Back up, VI_2 hears no master and takes over again after its Master_Down_Interval.
        var waiting = waiter.WaitAsync(["VI_2"], VrrpState.Master, Patience);
        _harness.Engine.Post(new Engine.Runtime.LinkStateChanged("eth-test", IsUp: true));
        var instances = await waiting;

        Assert.Equal(VrrpState.Master, Assert.Single(instances).State);
    }

    [Fact]
    public async Task Wait_ForAStateThatNeverComes_IsTimeout()
    {
        await using var client = await _harness.ConnectAsync();

        var error = await Assert.ThrowsAsync<VrrpControlException>(() => client.WaitAsync(["VI_1"], VrrpState.Fault, TimeSpan.FromMilliseconds(200)));

        Assert.Equal(ControlErrorKind.Timeout, error.Kind);
        Assert.Equal(-32004, error.Code);
        Assert.Contains("VI_1 is MASTER", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScriptList_ShowsEachScript_WithWhoTracksIt()
    {
        await using var client = await _harness.ConnectAsync();

        var script = Assert.Single(await client.ListScriptsAsync());

        Assert.Equal("chk_service", script.Name);
        Assert.Equal("/bin/true", script.Command);
        Assert.Equal(ScriptState.Init, script.Status); // no scheduler runs on the fake ports
        Assert.Equal(TimeSpan.FromSeconds(2), script.Interval);
        Assert.Equal(-20, script.Weight);
        Assert.Equal(["VI_1"], script.TrackedBy);
        Assert.Null(script.DisabledReason);
    }

    [Fact]
    public async Task Reload_DryRun_SaysWhatWouldChange_AndAppliesNothing()
    {
        await using var client = await _harness.ConnectAsync();
        File.WriteAllText(_harness.ConfigPath, ControlHarness.Configuration.Replace("priority: 50", "priority: 60", StringComparison.Ordinal));

        var result = await client.ReloadAsync(dryRun: true);

        Assert.False(result.Applied);
        Assert.True(result.DryRun);
        Assert.Equal(1, result.ConfigGeneration);
        Assert.Equal(["VI_2"], result.Plan!.Changed);
        Assert.Equal(["VI_1"], result.Plan.Unchanged);
        Assert.Equal(50, (await client.ListInstancesAsync(["VI_2"]))[0].BasePriority);
    }

    [Fact]
    public async Task Reload_OfABrokenFile_ReturnsItsDiagnostics_AndTheOldConfigurationKeepsRunning()
    {
        await using var client = await _harness.ConnectAsync();
        File.WriteAllText(_harness.ConfigPath, ControlHarness.Configuration.Replace("virtual_router_id: 52", "virtual_router_id: 300", StringComparison.Ordinal));

        var result = await client.ReloadAsync();

        Assert.False(result.Applied);
        Assert.Null(result.Plan);
        Assert.Equal(1, result.ConfigGeneration);
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(_harness.ConfigPath, diagnostic.File);
        Assert.True(diagnostic.Line > 0 && diagnostic.Column > 0);
        Assert.Equal("HV0103", diagnostic.Code);
        Assert.Equal(52, (await client.ListInstancesAsync(["VI_2"]))[0].VirtualRouterId);
    }

    [Fact]
    public async Task Reload_OfAGoodFile_AppliesItsPlan_AndCountsAGeneration()
    {
        await using var client = await _harness.ConnectAsync();
        File.WriteAllText(_harness.ConfigPath, ControlHarness.Configuration.Replace("priority: 50", "priority: 60", StringComparison.Ordinal));

        var result = await client.ReloadAsync();

        Assert.True(result.Applied);
        Assert.Equal(2, result.ConfigGeneration);
        Assert.Equal(["VI_2"], result.Plan!.Changed);
        Assert.Equal(2, (await client.HelloAsync()).ConfigGeneration);
        var restarted = await client.WaitAsync(["VI_2"], VrrpState.Master, Patience);
        Assert.Equal(60, restarted[0].BasePriority);
    }
}
