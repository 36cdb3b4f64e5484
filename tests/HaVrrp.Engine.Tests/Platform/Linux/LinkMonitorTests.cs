using System.Net;
using HaVrrp.Engine.Platform.Linux.Netlink;
using HaVrrp.TestSupport;

namespace HaVrrp.Engine.Tests.Platform.Linux;

public sealed class LinkMonitorTests : IDisposable
{
    private readonly TestNetworkNamespace? _namespace;

    public LinkMonitorTests()
    {
        if (!RootRequired.MustRun)
        {
            return;
        }

        _namespace = TestNetworkNamespace.Create();
        _namespace.AddVethPair("hv0", "hv1");
    }

    private TestNetworkNamespace Namespace => _namespace!;

    [RootFact]
    public async Task LinkSetDown_IsReportedAsNotOperational_AndLinkSetUp_AsOperationalAgain()
    {
        using var monitor = new LinkMonitor(Namespace.OpenNetlinkSocket(LinkMonitor.Groups));
        var index = Namespace.IndexOf("hv0");

        Namespace.Ip("link set hv0 down");
        var down = await monitor.WaitForAsync<LinkChanged>(change => change.Link.Index == index && !change.Link.IsUp);

        Assert.Equal("hv0", down.Link.Name);
        Assert.False(down.Link.IsOperational);

        Namespace.Ip("link set hv0 up");
        var up = await monitor.WaitForAsync<LinkChanged>(change => change.Link.Index == index && change.Link.IsOperational);

        Assert.Equal("hv0", up.Link.Name);
        Assert.True(up.Link.IsRunning);
    }

    [RootFact]
    public async Task PeerGoingDown_TakesCarrierAway_SoTheLinkStopsRunningWhileStillUp()
    {
        using var monitor = new LinkMonitor(Namespace.OpenNetlinkSocket(LinkMonitor.Groups));
        var index = Namespace.IndexOf("hv0");

        Namespace.Ip("link set hv1 down");

        var lostCarrier = await monitor.WaitForAsync<LinkChanged>(change => change.Link.Index == index && !change.Link.IsRunning);
        Assert.True(lostCarrier.Link.IsUp);
        Assert.False(lostCarrier.Link.IsOperational);
        Assert.Equal(LinkOperationalState.LowerLayerDown, lostCarrier.Link.OperationalState);
    }

    [RootFact]
    public async Task AddressAddedAndDeletedByHand_AreReported()
    {
        using var monitor = new LinkMonitor(Namespace.OpenNetlinkSocket(LinkMonitor.Groups));
        var vip = IPAddress.Parse("10.1.1.200");

        Namespace.Ip("addr add 10.1.1.200/24 dev hv0 label hv0:vip");
        var added = await monitor.WaitForAsync<AddressAdded>(change => change.Address.Address.Equals(vip));

        Assert.Equal(24, added.Address.PrefixLength);
        Assert.Equal("hv0:vip", added.Address.Label);
        Assert.Equal(Namespace.IndexOf("hv0"), added.Address.InterfaceIndex);

        Namespace.Ip("addr del 10.1.1.200/24 dev hv0");
        await monitor.WaitForAsync<AddressRemoved>(change => change.Address.Address.Equals(vip));
    }

    [RootFact]
    public async Task IPv6AddressAdded_IsReported()
    {
        using var monitor = new LinkMonitor(Namespace.OpenNetlinkSocket(LinkMonitor.Groups));
        var vip = IPAddress.Parse("fd00::200");

        Namespace.Ip("addr add fd00::200/64 dev hv0 nodad");

        var added = await monitor.WaitForAsync<AddressAdded>(change => change.Address.Address.Equals(vip));
        Assert.True(added.Address.Flags.HasFlag(InterfaceAddressFlags.NoDuplicateAddressDetection));
    }

    [RootFact]
    public async Task LinkDeleted_IsReportedAsRemoved()
    {
        using var monitor = new LinkMonitor(Namespace.OpenNetlinkSocket(LinkMonitor.Groups));
        var index = Namespace.IndexOf("hv0");

        Namespace.Ip("link del hv0");

        var removed = await monitor.WaitForAsync<LinkRemoved>(change => change.Link.Index == index);
        Assert.Equal("hv0", removed.Link.Name);
    }

    [RootFact]
    public async Task NotificationsNotReadInTime_AreReportedAsEventsLost_AndTheMonitorKeepsWorking()
    {
        // The smallest receive buffer the kernel allows fills after a handful of notifications.
        using var monitor = new LinkMonitor(Namespace.OpenNetlinkSocket(LinkMonitor.Groups, kernelReceiveBufferBytes: 1));
        for (var host = 1; host <= 60; host++)
        {
            Namespace.Ip($"addr add 10.2.0.{host}/32 dev hv0");
        }

        await monitor.WaitForAsync<EventsLost>(_ => true);

        // What a consumer does on EventsLost: dump again, then keep reading.
        using (var socket = Namespace.OpenNetlinkSocket())
        {
            Assert.Equal(60, new AddressManager(socket).List().Count(address => address.Address.ToString().StartsWith("10.2.0.", StringComparison.Ordinal)));
        }

        Namespace.Ip("addr add 10.3.0.1/32 dev hv0");
        await monitor.WaitForAsync<AddressAdded>(change => change.Address.Address.Equals(IPAddress.Parse("10.3.0.1")));
    }

    [RootFact]
    public async Task Cancellation_EndsTheEventStream()
    {
        using var monitor = new LinkMonitor(Namespace.OpenNetlinkSocket(LinkMonitor.Groups));
        using var cancellation = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            await foreach (var monitorEvent in monitor.ReadEventsAsync(cancellation.Token))
            {
                _ = monitorEvent;
            }
        });

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    public void Dispose() => _namespace?.Dispose();
}
