using System.Net;
using System.Text.Json;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Service.Tests.Control;

/// <summary>
/// advert.watch, event.watch and subscription.cancel over a real Unix socket, through the typed client, against a
/// real engine whose segment the test speaks on (docs/control-protocol.md, "Streams").
/// </summary>
public sealed class ControlStreamTests
{
    /// <summary>VRRPv2 with a password, so that a wrong password is a reject reason; advert_int 1 s.</summary>
    private const string PasswordConfiguration = """
        vrrp_instances:
          VI_1:
            interface: eth-test
            virtual_router_id: 51
            priority: 100
            version: 2
            advert_int: 1
            authentication: { auth_type: PASS, auth_pass: secret1 }
            virtual_ipaddress: [ 192.0.2.100/24 ]
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static AdvertisementProfile Version2(int virtualRouterId, string password = "secret1", string address = "192.0.2.100") => new(
        version: 2, virtualRouterId, TimeSpan.FromSeconds(1), isIPv6: false, [VrrpAddress.Parse(address)],
        AdvertisementAuthenticationType.SimpleText, password);

    [Fact]
    public async Task AdvertWatch_ReportsEveryAdvert_ForeignVridsAndRejectedOnesWithTheirProblem()
    {
        var segment = new FakeSegment();
        await using var harness = await ControlHarness.StartAsync(new ControlHarnessOptions { Segment = segment }, PasswordConfiguration);
        await using var client = await harness.ConnectAsync();
        using var timeout = new CancellationTokenSource(Patience);

        var watching = Collect(client.WatchAdvertsAsync(new AdvertWatchParams { Count = 4 }, timeout.Token));
        await Until(() => harness.Engine.Adverts.HasSubscribers);
        segment.Deliver("eth-test", Version2(51), priority: 50, source: "192.0.2.2");
        segment.Deliver("eth-test", Version2(99), priority: 150, source: "192.0.2.3");
        segment.Deliver("eth-test", Version2(51, password: "guessed"), priority: 200, source: "192.0.2.4");
        segment.Deliver("eth-test", Version2(51, address: "198.51.100.7"), priority: 50, source: "192.0.2.2");
        var adverts = (await watching).Select(item => item.Item!).ToList();

        Assert.Equal(4, adverts.Count);
        var fine = adverts[0];
        Assert.Equal(AdvertDirection.Received, fine.Direction);
        Assert.Equal("eth-test", fine.Interface);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), fine.Source);
        Assert.Equal(IPAddress.Parse("224.0.0.18"), fine.Destination);
        Assert.Equal(255, fine.Ttl);
        Assert.Equal(2, fine.Version);
        Assert.Equal(51, fine.VirtualRouterId);
        Assert.Equal(50, fine.Priority);
        Assert.Equal(TimeSpan.FromSeconds(1), fine.AdvertInterval);
        Assert.Equal(AdvertisementAuthenticationType.SimpleText, fine.AuthType);
        Assert.Equal([IPAddress.Parse("192.0.2.100")], fine.Addresses);
        Assert.Equal("VI_1", fine.Instance);
        Assert.Null(fine.Problem);
        Assert.True(fine.Time > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal((99, null, "virtualRouterIdNotOurs"), (adverts[1].VirtualRouterId, adverts[1].Instance, adverts[1].Problem));
        Assert.Equal((51, "VI_1", "authPasswordMismatch"), (adverts[2].VirtualRouterId, adverts[2].Instance, adverts[2].Problem));
        Assert.Equal("addressListMismatch", adverts[3].Problem);
        // The count ended the stream, and the connection carries the next request.
        Assert.Equal(ControlProtocol.Version, (await client.HelloAsync()).ProtocolVersion);
        await Until(() => !harness.Engine.Adverts.HasSubscribers);
    }

    [Fact]
    public async Task AdvertWatch_ReportsAPacketThatDoesNotDecode_WithWhatTheSocketSaid()
    {
        var segment = new FakeSegment();
        await using var harness = await ControlHarness.StartAsync(new ControlHarnessOptions { Segment = segment }, PasswordConfiguration);
        await using var client = await harness.ConnectAsync();
        using var timeout = new CancellationTokenSource(Patience);

        var watching = Collect(client.WatchAdvertsAsync(new AdvertWatchParams { Count = 1 }, timeout.Token));
        await Until(() => harness.Engine.Adverts.HasSubscribers);
        segment.Deliver("eth-test", Version2(51), priority: 50, source: "192.0.2.2", damage: message => message[6] ^= 0xFF);
        var broken = Assert.Single(await watching).Item!;

        Assert.Equal("badChecksum", broken.Problem);
        Assert.Equal((IPAddress.Parse("192.0.2.2"), 255), (broken.Source, broken.Ttl));
        Assert.Null(broken.VirtualRouterId);
        Assert.Null(broken.Instance);
    }

    [Fact]
    public async Task AdvertWatch_WithIncludeSentAndAFilter_SeesOnlyThatInstancesOwnAdverts()
    {
        var segment = new FakeSegment();
        await using var harness = await ControlHarness.StartAsync(new ControlHarnessOptions { Segment = segment });
        await harness.WaitForMastersAsync();
        await using var client = await harness.ConnectAsync();
        using var timeout = new CancellationTokenSource(Patience);

        var parameters = new AdvertWatchParams { IncludeSent = true, Vrids = [52], Count = 3 };
        var adverts = (await Collect(client.WatchAdvertsAsync(parameters, timeout.Token))).Select(item => item.Item!).ToList();

        Assert.All(adverts, advert => Assert.Equal((AdvertDirection.Sent, 52, "VI_2", 50, 3), (advert.Direction, advert.VirtualRouterId, advert.Instance, advert.Priority, advert.Version)));
    }

    [Fact]
    public async Task EventWatch_SeesPriorityChangesAndTransitions_OfTheInstancesItNames()
    {
        await using var harness = await ControlHarness.StartAsync();
        await harness.WaitForMastersAsync();
        await using var client = await harness.ConnectAsync();
        await using var admin = await harness.ConnectAsync();
        using var timeout = new CancellationTokenSource(Patience);

        var watching = Collect(client.WatchEventsAsync(new EventWatchParams { Instances = ["VI_1"], Count = 2 }, timeout.Token));
        await Until(() => harness.Engine.Events.HasSubscribers);
        await admin.SetPriorityAsync("VI_1", 60);
        harness.Engine.Post(new LinkStateChanged("eth-test", IsUp: false));
        var events = (await watching).Select(item => item.Item!).ToList();

        Assert.Equal(2, events.Count);
        Assert.Equal((EngineEventKind.PriorityChanged, "VI_1", 100, 60, 60), (events[0].Kind, events[0].Instance, events[0].BasePriority, events[0].EffectivePriority, events[0].PriorityOverride));
        Assert.Equal((EngineEventKind.StateChanged, "VI_1", VrrpState.Master, VrrpState.Fault, VrrpTransitionReason.InterfaceDown), (events[1].Kind, events[1].Instance, events[1].From, events[1].To, events[1].Reason));
    }

    [Fact]
    public async Task EventWatch_SeesAHoldPutAndReleased()
    {
        // A backup's hold is put and released at once; a master's step-down waits for a new master (docs/control-protocol.md).
        await using var harness = await ControlHarness.StartAsync(ControlHarness.SlowBackupConfiguration);
        await using var client = await harness.ConnectAsync();
        await using var admin = await harness.ConnectAsync();
        using var timeout = new CancellationTokenSource(Patience);

        await using var stream = client.WatchEventsAsync(new EventWatchParams { Instances = ["VI_1"] }, timeout.Token).GetAsyncEnumerator(timeout.Token);
        var first = stream.MoveNextAsync().AsTask();
        await Until(() => harness.Engine.Events.HasSubscribers);
        await admin.FailoverAsync("VI_1", FailoverMode.StepDown);
        await admin.FailoverAsync("VI_1", FailoverMode.Release);
        var holds = new List<InstanceHold?>();
        var more = await first;
        while (more && holds.Count < 2)
        {
            if (stream.Current.Item is { Kind: EngineEventKind.HoldChanged } held)
            {
                holds.Add(held.Hold);
            }
            more = holds.Count < 2 && await stream.MoveNextAsync();
        }

        Assert.Equal([InstanceHold.SteppedDown, InstanceHold.None], holds);
    }

    [Fact]
    public async Task AWatchWithBadParams_FailsAsAVrrpControlException_AndTheConnectionStaysUsable()
    {
        await using var harness = await ControlHarness.StartAsync();
        await using var client = await harness.ConnectAsync();

        var failure = await Assert.ThrowsAsync<VrrpControlException>(() => Collect(client.WatchAdvertsAsync(new AdvertWatchParams { Vrids = [0] })));

        Assert.Equal(ControlErrorKind.InvalidParams, failure.Kind);
        Assert.Equal(ControlProtocol.Version, (await client.HelloAsync()).ProtocolVersion);
    }

    [Fact]
    public async Task EventWatch_ReportsAReload_WithItsPlan()
    {
        await using var harness = await ControlHarness.StartAsync();
        await using var client = await harness.ConnectAsync();
        await using var admin = await harness.ConnectAsync();
        using var timeout = new CancellationTokenSource(Patience);

        var watching = Collect(client.WatchEventsAsync(new EventWatchParams { Instances = ["nothing*"], Count = 1 }, timeout.Token));
        await Until(() => harness.Engine.Events.HasSubscribers);
        await admin.ReloadAsync();
        var reload = Assert.Single(await watching).Item!;

        Assert.Equal(EngineEventKind.Reloaded, reload.Kind);
        Assert.Null(reload.Instance);
        Assert.Equal(["VI_1", "VI_2"], reload.Plan!.Unchanged);
    }

    [Fact]
    public async Task Stream_EndsAtItsTimeout_AndTheConnectionStaysUsable()
    {
        await using var harness = await ControlHarness.StartAsync();
        await using var client = await harness.ConnectAsync();
        using var timeout = new CancellationTokenSource(Patience);

        var items = await Collect(client.WatchAdvertsAsync(new AdvertWatchParams { Vrids = [200], TimeoutSeconds = 0.3 }, timeout.Token));

        Assert.Empty(items);
        Assert.Equal(ControlProtocol.Version, (await client.HelloAsync()).ProtocolVersion);
        await Until(() => !harness.Engine.Adverts.HasSubscribers);
    }

    [Fact]
    public async Task Cancelling_EndsTheStreamAtTheDaemon_AndTheConnectionStaysUsable()
    {
        await using var harness = await ControlHarness.StartAsync();
        await using var client = await harness.ConnectAsync();
        using var cancel = new CancellationTokenSource();

        var watching = Collect(client.WatchEventsAsync(cancellationToken: cancel.Token));
        await Until(() => harness.Engine.Events.HasSubscribers);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
        // The client gives up at once; the daemon drops the subscription when the cancel reaches it.
        await Until(() => !harness.Engine.Events.HasSubscribers);
        Assert.Equal(ControlProtocol.Version, (await client.HelloAsync()).ProtocolVersion);
    }

    [Fact]
    public async Task CancellingWhileSubscribing_LeavesTheConnectionUsable()
    {
        await using var harness = await ControlHarness.StartAsync();
        await using var client = await harness.ConnectAsync();

        // Cancelled at once, the token lands before, during or after the subscribe exchange; in none of those may
        // the connection be lost.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var cancel = new CancellationTokenSource();
            var watching = Collect(client.WatchEventsAsync(cancellationToken: cancel.Token));
            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
            Assert.Equal(ControlProtocol.Version, (await client.HelloAsync()).ProtocolVersion);
        }
        await Until(() => !harness.Engine.Events.HasSubscribers);
    }

    [Fact]
    public async Task LeavingTheLoopEarly_CancelsTheSubscription()
    {
        await using var harness = await ControlHarness.StartAsync();
        await harness.WaitForMastersAsync();
        await using var client = await harness.ConnectAsync();
        using var timeout = new CancellationTokenSource(Patience);

        await foreach (var item in client.WatchAdvertsAsync(new AdvertWatchParams { IncludeSent = true }, timeout.Token))
        {
            Assert.NotNull(item.Item);
            break;
        }

        await Until(() => !harness.Engine.Adverts.HasSubscribers);
        Assert.Equal(ControlProtocol.Version, (await client.HelloAsync()).ProtocolVersion);
    }

    [Fact]
    public async Task SubscriptionCancel_OfAnEndedStream_AnswersCancelledFalse()
    {
        await using var harness = await ControlHarness.StartAsync();
        using var raw = await harness.ConnectRawAsync();

        var started = await raw.RequestAsync("""{"jsonrpc":"2.0","id":1,"method":"event.watch","params":{"timeoutSeconds":0.2}}""");
        var subscription = started.GetProperty("result").GetProperty("subscription").GetInt64();
        var end = JsonDocument.Parse((await raw.ReadLineAsync())!).RootElement;
        var cancel = await raw.RequestAsync($$$"""{"jsonrpc":"2.0","id":2,"method":"subscription.cancel","params":{"subscription":{{{subscription}}}}}""");

        Assert.Equal("end", end.GetProperty("method").GetString());
        Assert.Equal("timeout", end.GetProperty("params").GetProperty("reason").GetString());
        Assert.Equal(subscription, end.GetProperty("params").GetProperty("subscription").GetInt64());
        Assert.False(cancel.GetProperty("result").GetProperty("cancelled").GetBoolean());
    }

    [Fact]
    public async Task AClientThatHangsUpMidStream_FreesItsSubscription()
    {
        await using var harness = await ControlHarness.StartAsync();
        await harness.WaitForMastersAsync();
        using (var raw = await harness.ConnectRawAsync())
        {
            await raw.RequestAsync("""{"jsonrpc":"2.0","id":1,"method":"advert.watch","params":{"includeSent":true}}""");
            Assert.Equal("advert", JsonDocument.Parse((await raw.ReadLineAsync())!).RootElement.GetProperty("method").GetString());
            Assert.True(harness.Engine.Adverts.HasSubscribers);
        }

        await Until(() => !harness.Engine.Adverts.HasSubscribers && harness.ConnectionCount == 0);
    }

    [Theory]
    [InlineData("""{"vrids":[0]}""", "InvalidParams")]
    [InlineData("""{"count":0}""", "InvalidParams")]
    [InlineData("""{"timeoutSeconds":-1}""", "InvalidParams")]
    [InlineData("""{"instance":"VI_9"}""", "InstanceNotFound")]
    [InlineData("""{"everything":true}""", "InvalidParams")]
    public async Task AdvertWatch_RefusesBadParams(string parameters, string error)
    {
        await using var harness = await ControlHarness.StartAsync();
        using var raw = await harness.ConnectRawAsync();

        var response = await raw.RequestAsync("""{"jsonrpc":"2.0","id":1,"method":"advert.watch","params":""" + parameters + "}");

        Assert.Equal(error, response.GetProperty("error").GetProperty("data").GetProperty("name").GetString());
        Assert.False(harness.Engine.Adverts.HasSubscribers);
    }

    /// <summary>
    /// The slow watcher: it subscribes to every advert and stops reading while the segment floods the daemon.
    /// The master goes on advertising throughout, and when the watcher reads again it is told what it missed. How
    /// closely the adverts keep their interval meanwhile is a timing, measured by <c>bench/failover/run.sh watch</c>
    /// (docs/performance.md), not asserted here: a busy test machine stretches gaps whatever the daemon does.
    /// </summary>
    [Fact]
    public async Task AWatcherThatNeverReads_DoesNotDelayAdverts_AndIsToldWhatItMissed()
    {
        var segment = new FakeSegment();
        await using var harness = await ControlHarness.StartAsync(new ControlHarnessOptions { Segment = segment });
        await harness.WaitForMastersAsync();
        await using var client = await harness.ConnectAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var foreign = new AdvertisementProfile(version: 3, virtualRouterId: 7, TimeSpan.FromSeconds(1), isIPv6: false, [VrrpAddress.Parse("198.51.100.1")]);

        await using var stream = client.WatchAdvertsAsync(new AdvertWatchParams { IncludeSent = true }, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await stream.MoveNextAsync());
        var floodStartedAt = segment.Sent.Count;
        for (var round = 0; round < 40; round++)
        {
            for (var packet = 0; packet < 1000; packet++)
            {
                segment.Deliver("eth-test", foreign, priority: 100, source: "192.0.2.9");
            }
            await Task.Delay(25);
        }
        await Task.Delay(500);
        var duringFlood = segment.Sent.Skip(floodStartedAt).Where(sent => sent.VirtualRouterId == 51).Select(sent => sent.At).ToList();

        long missed = 0;
        while (missed == 0 && await stream.MoveNextAsync())
        {
            missed = stream.Current.Missed;
        }

        Assert.True(missed > 0, "the watcher was not told it missed adverts");
        // 40 rounds of 25 ms and half a second more at 100 ms adverts: a loop that waited for the watcher would send none.
        Assert.True(duringFlood.Count >= 5, $"only {duringFlood.Count} adverts sent during the flood");
    }

    private static async Task<List<StreamItem<T>>> Collect<T>(IAsyncEnumerable<StreamItem<T>> stream)
        where T : class
    {
        var items = new List<StreamItem<T>>();
        await foreach (var item in stream)
        {
            items.Add(item);
        }
        return items;
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(10);
        }
    }
}
