using System.Net.Sockets;
using HaVrrp.Engine.Platform.Linux.VrrpSocket;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Lab;
using Xunit.Abstractions;

namespace HaVrrp.Engine.Tests.Linux;

/// <summary>Runs alone: it counts the process's allocations, which other tests running in parallel would inflate.</summary>
[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public sealed class AllocationMeasurement
{
    /// <summary>
    /// False for a Debug build of the engine, whose figures mean nothing: unoptimized code allocates what the
    /// optimized build does not (an async method's state machine on every call, for one).
    /// </summary>
    public static bool EngineIsOptimized =>
        typeof(RawVrrpSocket).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .OfType<System.Diagnostics.DebuggableAttribute>()
            .All(attribute => !attribute.IsJITOptimizerDisabled);
}

[Collection(nameof(AllocationMeasurement))]
public sealed class RawVrrpSocketAllocationTests(ITestOutputHelper output)
{
    [RootFact]
    public void SendingAndReceivingAdverts_AfterWarmUp_AllocatesNothingPerPacket()
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
        {
            using var sender = lab.Nodes[0].OpenVrrpSocket(family);
            using var receiver = lab.Nodes[1].OpenVrrpSocket(family);
            var advert = family == AddressFamily.InterNetwork
                ? VrrpTestPacket.Version2(70, 100, 1, System.Net.IPAddress.Parse("192.0.2.1"))
                : VrrpTestPacket.Version3(70, 100, 100, lab.Nodes[0].IPv6Address);

            RoundTrips(sender, receiver, advert, 200);
            const int packets = 2000;
            var before = GC.GetTotalAllocatedBytes(precise: true);
            RoundTrips(sender, receiver, advert, packets);
            var perPacket = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)packets;

            output.WriteLine($"{family}: {perPacket:F1} bytes allocated per advert sent and received");
            if (!AllocationMeasurement.EngineIsOptimized)
            {
                output.WriteLine("Debug build of the engine: the figure is not meaningful; run with -c Release to check it.");
                continue;
            }
            // The receiver waits in poll() on the calling thread: nothing on the way allocates (the slack is for
            // whatever else in the test process allocates meanwhile).
            Assert.True(perPacket < 8, $"{family}: {perPacket:F1} bytes per packet");
        }
    }

    private static void RoundTrips(RawVrrpSocket sender, RawVrrpSocket receiver, byte[] advert, int count)
    {
        for (var index = 0; index < count; index++)
        {
            sender.SendToGroup(advert);
            var packet = receiver.ReceiveWithin();
            if (packet.VirtualRouterId != 70)
            {
                // Not Assert.Equal in the measured loop: xunit's comparers allocate.
                Assert.Fail($"Unexpected packet for VRID {packet.VirtualRouterId}.");
            }
        }
    }
}
