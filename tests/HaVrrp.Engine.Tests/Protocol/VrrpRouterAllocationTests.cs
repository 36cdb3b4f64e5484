using HaVrrp.Engine.Protocol.Router;
using static HaVrrp.Engine.Tests.Protocol.RouterHarness;

namespace HaVrrp.Engine.Tests.Protocol;

/// <summary>
/// A step allocates nothing once the caller's buffer has grown: counted in bytes by the runtime,
/// not timed, so the test is deterministic.
/// </summary>
public class VrrpRouterAllocationTests
{
    [Fact]
    public void BackupReceivingAdverts_AllocatesNothing()
    {
        var harness = Started(priority: 90);
        var advert = new PeerAdvert(HigherAddress, 100, TimeSpan.FromSeconds(1));
        var router = harness.Router;
        var buffer = harness.Buffer;
        router.OnAdvert(Seconds(1), advert, buffer);   // warm up (JIT, first-call paths)

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var second = 2; second < 1_002; second++)
        {
            buffer.Clear();
            router.OnAdvert(TimeSpan.FromSeconds(second), advert, buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void MasterTimerAndElectionSteps_AllocateNothing()
    {
        var harness = StartedAsMaster(out _, priority: 100);
        var router = harness.Router;
        var buffer = harness.Buffer;
        var lower = new PeerAdvert(LowerAddress, 50, TimeSpan.FromSeconds(1));
        var goodbye = new PeerAdvert(LowerAddress, 0, TimeSpan.FromSeconds(1));
        router.OnTimer(router.NextDeadline!.Value, buffer);
        router.OnAdvert(router.NextDeadline!.Value, lower, buffer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            buffer.Clear();
            var now = router.NextDeadline!.Value;
            router.OnTimer(now, buffer);
            router.OnAdvert(now, lower, buffer);
            router.OnAdvert(now, goodbye, buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
