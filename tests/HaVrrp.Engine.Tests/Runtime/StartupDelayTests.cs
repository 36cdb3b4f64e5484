using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Tests.Runtime;

public sealed class StartupDelayTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void NoDelay_IsNeverPending()
    {
        var delay = new StartupDelay(TimeSpan.Zero, 10 * Second);

        Assert.Null(delay.PendingUntil);
        Assert.False(delay.IsPending(10 * Second));
    }

    [Fact]
    public void Delay_IsPendingUntilItsEnd_AndThenOverForGood()
    {
        var delay = new StartupDelay(5 * Second, 10 * Second);

        Assert.True(delay.IsPending(14 * Second));
        Assert.Equal(15 * Second, delay.PendingUntil);
        Assert.False(delay.IsPending(15 * Second));
        Assert.False(delay.Reconfigure(60 * Second, 16 * Second));
        Assert.False(delay.IsPending(16 * Second));
    }

    [Fact]
    public void Reload_MovesTheEndOfARunningDelay_MeasuredFromTheStart()
    {
        var delay = new StartupDelay(30 * Second, 0 * Second);

        Assert.False(delay.Reconfigure(10 * Second, 2 * Second));
        Assert.Equal(10 * Second, delay.PendingUntil);
        Assert.True(delay.Reconfigure(Second, 3 * Second));
        Assert.Null(delay.PendingUntil);
    }

    [Fact]
    public async Task Engine_WithAStartupDelay_StartsNoInstanceBeforeItsEnd()
    {
        await using var cluster = new Cluster();
        var configuration = TestConfig.Of(TestConfig.Instance(priority: 150)) with
        {
            Global = new GlobalSettings { StartupDelay = 5 * Second },
        };
        var node = cluster.Add("10.0.0.1", configuration);
        await cluster.StartAsync();

        Assert.True(node.Log.Contains("Delaying startup for 5 seconds"));
        await cluster.AdvanceAsync(4.9 * Second, () => Assert.False(node.HoldsVip()));
        Assert.Empty((await node.Engine.GetStatusAsync()).Instances);
        Assert.Equal(0, cluster.Segment.Deliveries);

        await cluster.AdvanceAsync(5 * Second);

        Assert.True(node.Log.Contains("Startup delay over; starting 1 instance(s)"));
        Assert.True(node.HoldsVip());
    }

    [Fact]
    public async Task Engine_ReloadThatShortensARunningDelay_StartsTheInstancesAtOnce()
    {
        await using var cluster = new Cluster();
        var instance = TestConfig.Instance(priority: 150);
        var node = cluster.Add("10.0.0.1", TestConfig.Of(instance) with { Global = new GlobalSettings { StartupDelay = 60 * Second } });
        await cluster.StartAsync();
        await cluster.AdvanceAsync(2 * Second);

        await node.Engine.ReloadAsync(TestConfig.Of(instance) with { Global = new GlobalSettings { StartupDelay = Second } }).WaitAsync(Cluster.Patience);
        await cluster.SettleAsync();

        Assert.True(node.Log.Contains("Reduced delayed start passed"));
        Assert.Single((await node.Engine.GetStatusAsync()).Instances);
    }
}
