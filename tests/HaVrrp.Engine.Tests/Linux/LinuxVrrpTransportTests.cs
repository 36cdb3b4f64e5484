using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using HaVrrp.Engine.Platform.Linux.Adapters;
using HaVrrp.Engine.Runtime;
using HaVrrp.Engine.Tests.Runtime;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Engine.Tests.Linux;

/// <summary>The receiver thread of a VRRP socket, between two namespaces.</summary>
public sealed class LinuxVrrpTransportTests
{
    [RootFact]
    public void Receiver_AfterAnUnexpectedError_LogsIt_AndGoesOnReceiving()
    {
        using var lab = NetworkLab.Create(nodeCount: 2);
        using var sender = lab.Nodes[0].OpenVrrpSocket(AddressFamily.InterNetwork);
        var logger = new ListLogger();
        var delivered = new BlockingCollection<byte[]>();
        var handOvers = 0;
        using var transport = new LinuxVrrpTransport(
            new TransportKey(LabNode.InterfaceName, AddressFamily.InterNetwork),
            lab.Nodes[1].OpenVrrpSocket(AddressFamily.InterNetwork),
            (message, _, _, _) =>
            {
                if (Interlocked.Increment(ref handOvers) == 1)
                {
                    throw new InvalidOperationException("a bug in the hand-over");
                }
                delivered.Add(message.ToArray());
            },
            logger);

        // The first advert makes the hand-over throw; the ones after it must still arrive.
        var advert = VrrpTestPacket.Version2(virtualRouterId: 51, priority: 100, advertisementIntervalSeconds: 1, IPAddress.Parse("192.0.2.1"));
        byte[]? received = null;
        for (var attempt = 0; attempt < 50 && received is null; attempt++)
        {
            sender.SendToGroup(advert);
            received = delivered.TryTake(out var packet, TimeSpan.FromMilliseconds(200)) ? packet : null;
        }

        Assert.NotNull(received);
        Assert.Equal(51, received[1]);
        Assert.True(logger.Contains("hit an unexpected error; receiving goes on: a bug in the hand-over"), string.Join(Environment.NewLine, logger.Lines));
    }
}
