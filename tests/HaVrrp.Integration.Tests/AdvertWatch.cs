using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// Counts the VRRP adverts (IPv4 or IPv6, protocol 112) one lab node sends, as another node's eth0 sees
/// them. A test that must show something does NOT happen waits for a number of the master's adverts
/// instead of sleeping: "node1 heard ten of node2's adverts and still did not take over".
/// </summary>
internal static class AdvertWatch
{
    private const int EthernetHeaderLength = 14;
    private const byte VrrpProtocol = 112;

    /// <summary>Waits until <paramref name="listener"/>'s eth0 has received <paramref name="count"/> adverts sent by <paramref name="sender"/>.</summary>
    public static async Task WaitForAdvertsAsync(LabNode listener, LabNode sender, int count, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(sender);
        using var capture = LabCapture.Open(listener);
        using var giveUp = new CancellationTokenSource(deadline);
        var senderMac = sender.MacAddress.GetAddressBytes();
        try
        {
            for (var seen = 0; seen < count; seen++)
            {
                await capture.NextFrameAsync(frame => IsAdvertFrom(frame, senderMac), giveUp.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{listener.Name} did not receive {count} VRRP adverts from {sender.Name} within {deadline.TotalSeconds} s.");
        }
    }

    private static bool IsAdvertFrom(byte[] frame, byte[] senderMac)
    {
        if (frame.Length < EthernetHeaderLength + 20 || !frame.AsSpan(6, 6).SequenceEqual(senderMac))
        {
            return false;
        }
        var ethertype = (frame[12] << 8) | frame[13];
        return ethertype switch
        {
            0x0800 => frame[EthernetHeaderLength + 9] == VrrpProtocol,
            0x86DD => frame[EthernetHeaderLength + 6] == VrrpProtocol,
            _ => false,
        };
    }
}
