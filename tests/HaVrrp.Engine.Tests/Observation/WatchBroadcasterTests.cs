using HaVrrp.Engine.Observation;

namespace HaVrrp.Engine.Tests.Observation;

/// <summary>The broadcaster behind advert.watch and event.watch: it never waits, and a slow reader learns what it missed, where.</summary>
public sealed class WatchBroadcasterTests
{
    [Fact]
    public async Task AFullBuffer_CountsWhatItDrops_AndReportsItWhereTheGapIs()
    {
        var broadcaster = new WatchBroadcaster<string>();
        using var subscription = broadcaster.Subscribe(_ => true, capacity: 2);

        foreach (var item in new[] { "a", "b", "c", "d", "e" })
        {
            broadcaster.Publish(item);
        }
        var first = await subscription.ReadAsync(CancellationToken.None);
        var second = await subscription.ReadAsync(CancellationToken.None);
        broadcaster.Publish("f");
        var gap = await subscription.ReadAsync(CancellationToken.None);
        var after = await subscription.ReadAsync(CancellationToken.None);

        Assert.Equal(("a", "b"), (first.Item, second.Item));
        Assert.Equal((null, 3L), (gap.Item, gap.Missed));
        Assert.Equal(("f", 0L), (after.Item, after.Missed));
    }

    [Fact]
    public async Task AReaderThatFindsTheBufferEmpty_IsToldAtOnce_WithoutWaitingForTheNextItem()
    {
        var broadcaster = new WatchBroadcaster<string>();
        using var subscription = broadcaster.Subscribe(_ => true, capacity: 1);

        broadcaster.Publish("a");
        broadcaster.Publish("b");
        await subscription.ReadAsync(CancellationToken.None);
        var gap = await subscription.ReadAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, gap.Missed);
    }

    [Fact]
    public async Task ItemsASubscriberDoesNotWant_NeitherArriveNorCountAsMissed()
    {
        var broadcaster = new WatchBroadcaster<string>();
        using var subscription = broadcaster.Subscribe(item => item.StartsWith('x'), capacity: 1);

        broadcaster.Publish("a");
        broadcaster.Publish("x1");
        broadcaster.Publish("b");

        Assert.Equal("x1", (await subscription.ReadAsync(CancellationToken.None)).Item);
        Assert.Equal(0, subscription.PendingMissed);
    }

    [Fact]
    public void Leaving_RemovesTheSubscriber_AndANewFirstSubscriberStartsANewGeneration()
    {
        var broadcaster = new WatchBroadcaster<string>();
        var subscription = broadcaster.Subscribe(_ => true);
        var generation = broadcaster.Generation;

        subscription.Dispose();
        var hadSubscribers = broadcaster.HasSubscribers;
        using var next = broadcaster.Subscribe(_ => true);

        Assert.False(hadSubscribers);
        Assert.True(broadcaster.HasSubscribers);
        Assert.Equal(generation + 1, broadcaster.Generation);
    }
}
