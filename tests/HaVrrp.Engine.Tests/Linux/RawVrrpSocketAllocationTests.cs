using System.Net.Sockets;
using HaVrrp.Engine.Platform.Linux;
using HaVrrp.Engine.Protocol;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Lab;
using Xunit.Abstractions;

namespace HaVrrp.Engine.Tests.Linux;

/// <summary>Runs alone: it counts the process's allocations, which other tests running in parallel would inflate.</summary>
[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public sealed class AllocationMeasurement;

[Collection(nameof(AllocationMeasurement))]
public sealed class RawVrrpSocketAllocationTests(ITestOutputHelper output)
{
    [RootFact]
    public async Task SendingAndReceivingAdverts_AfterWarmUp_AllocatesNothingPerPacket()
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
        {
            using var sender = lab.Nodes[0].OpenVrrpSocket(family);
            using var receiver = lab.Nodes[1].OpenVrrpSocket(family);
            var advert = family == AddressFamily.InterNetwork
                ? VrrpTestPacket.Version2(70, 100, 1, System.Net.IPAddress.Parse("192.0.2.1"))
                : VrrpTestPacket.Version3(70, 100, 100, lab.Nodes[0].IPv6Address);

            await RoundTrips(sender, receiver, advert, 200, timeout.Token).ConfigureAwait(false);
            const int packets = 2000;
            var before = GC.GetTotalAllocatedBytes(precise: true);
            await RoundTrips(sender, receiver, advert, packets, timeout.Token).ConfigureAwait(false);
            var perPacket = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)packets;

            output.WriteLine($"{family}: {perPacket:F1} bytes allocated per advert sent and received");
            if (!EngineIsOptimized)
            {
                // Debug builds compile async state machines as classes: one allocation per call by design.
                output.WriteLine("Debug build of the engine: the figure is not meaningful; run with -c Release to check it.");
                continue;
            }
            // .NET's own socket machinery allocates a few dozen bytes when a receive has to wait (its
            // thread-pool hand-off); everything above it must add nothing per packet.
            Assert.True(perPacket < 64, $"{family}: {perPacket:F1} bytes per packet");
        }
    }

    private static bool EngineIsOptimized =>
        typeof(RawVrrpSocket).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .OfType<System.Diagnostics.DebuggableAttribute>()
            .All(attribute => !attribute.IsJITOptimizerDisabled);

    private static async Task RoundTrips(RawVrrpSocket sender, RawVrrpSocket receiver, byte[] advert, int count, CancellationToken cancellationToken)
    {
        for (var index = 0; index < count; index++)
        {
            sender.SendToGroup(advert);
            // ConfigureAwait(false): xunit's synchronization context would allocate per continuation and hide the figure.
            var packet = await receiver.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (packet.VirtualRouterId != 70)
            {
                // Not Assert.Equal in the measured loop: xunit's comparers allocate.
                Assert.Fail($"Unexpected packet for VRID {packet.VirtualRouterId}.");
            }
        }
    }
}
