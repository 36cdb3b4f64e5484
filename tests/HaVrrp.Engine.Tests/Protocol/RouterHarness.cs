using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;

namespace HaVrrp.Engine.Tests.Protocol;

/// <summary>One router, its action buffer, and helpers that read like the RFC's events.</summary>
internal sealed class RouterHarness
{
    public static readonly VrrpAddress LocalAddress = VrrpAddress.Parse("10.0.0.2");
    public static readonly VrrpAddress HigherAddress = VrrpAddress.Parse("10.0.0.11");
    public static readonly VrrpAddress LowerAddress = VrrpAddress.Parse("10.0.0.1");

    private RouterHarness(VrrpRouterSettings settings) => Router = new VrrpRouter(settings);

    public VrrpRouter Router { get; }

    public VrrpActionBuffer Buffer { get; } = new();

    public static VrrpRouterSettings Settings(int priority = 90, int version = 3, bool preempt = true,
        TimeSpan? preemptDelay = null, TimeSpan? interval = null) => new()
        {
            Name = "VI_1",
            VirtualRouterId = 51,
            Version = version,
            BasePriority = priority,
            AdvertInterval = interval ?? TimeSpan.FromSeconds(1),
            Preempt = preempt,
            PreemptDelay = preemptDelay ?? TimeSpan.Zero,
            PrimaryAddress = LocalAddress,
        };

    public static RouterHarness Create(VrrpRouterSettings settings) => new(settings);

    public static RouterHarness Create(int priority = 90, int version = 3, bool preempt = true,
        TimeSpan? preemptDelay = null, TimeSpan? interval = null) =>
        new(Settings(priority, version, preempt, preemptDelay, interval));

    /// <summary>Started at t=0 as backup (or master, for an owner).</summary>
    public static RouterHarness Started(int priority = 90, int version = 3, bool preempt = true, TimeSpan? preemptDelay = null)
    {
        var harness = Create(priority, version, preempt, preemptDelay);
        harness.Start(TimeSpan.Zero);
        return harness;
    }

    /// <summary>Started at t=0 and master since its Master_Down_Timer fired; returns the harness with time at that moment.</summary>
    public static RouterHarness StartedAsMaster(out TimeSpan becameMasterAt, int priority = 90, int version = 3)
    {
        var harness = Started(priority, version);
        becameMasterAt = harness.Router.NextDeadline!.Value;
        harness.Timer(becameMasterAt);
        Assert.Equal(VrrpState.Master, harness.Router.State);
        return harness;
    }

    public VrrpAction[] Start(TimeSpan now) => Step(() => Router.Start(now, Buffer));

    public VrrpAction[] Timer(TimeSpan now) => Step(() => Router.OnTimer(now, Buffer));

    /// <summary>An advert the validator accepted (so of our version, and for v2 of our interval).</summary>
    public VrrpAction[] Receive(TimeSpan now, VrrpAddress from, int priority, TimeSpan? interval = null)
    {
        var advert = new PeerAdvert(from, priority, interval ?? TimeSpan.FromSeconds(1));
        return Step(() => Router.OnAdvert(now, advert, Buffer));
    }

    public VrrpAction[] Step(Action step)
    {
        Buffer.Clear();
        step();
        return Buffer.Actions.ToArray();
    }

    public static TimeSpan Seconds(double seconds) => TimeSpan.FromMicroseconds((long)Math.Round(seconds * 1_000_000));

    public static TimeSpan Microseconds(long microseconds) => TimeSpan.FromMicroseconds(microseconds);
}

internal static class ActionAssertions
{
    /// <summary>The actions other than logs, in order, as compact strings: <c>SendAdvert(90)</c>, <c>AddVirtualAddresses</c>...</summary>
    public static string[] Effects(this VrrpAction[] actions) =>
        actions.Where(a => a.Kind != VrrpActionKind.Log).Select(a => a.ToString()).ToArray();

    public static string[] LogLines(this VrrpAction[] actions, string instanceName = "VI_1") =>
        actions.Where(a => a.Kind == VrrpActionKind.Log).Select(a => a.LogEvent.Format(instanceName)).ToArray();
}
