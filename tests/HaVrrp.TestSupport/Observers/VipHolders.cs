using System.Net;
using System.Text.Json;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.TestSupport.Observers;

/// <summary>
/// Which lab nodes have an address on eth0 right now, as the kernel says (`ip -n NS -j addr`).
/// This is the ground truth behind "who is master", whatever a daemon logs; note that a crashed
/// (SIGKILLed) daemon leaves its addresses behind.
/// </summary>
public static class VipHolders
{
    public static IReadOnlyList<LabNode> Of(NetworkLab lab, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return [.. lab.Nodes.Where(node => Holds(node, address))];
    }

    public static bool Holds(LabNode node, IPAddress address) => Holds(node, address, LabNode.InterfaceName);

    /// <summary>Whether <paramref name="address"/> is on <paramref name="interfaceName"/> (false when there is no such link).</summary>
    public static bool Holds(LabNode node, IPAddress address, string interfaceName)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(address);
        var output = TestCommand.Ip("-n", node.Namespace, "-j", "addr", "show");
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(output) ? "[]" : output);
        foreach (var link in document.RootElement.EnumerateArray())
        {
            if (link.GetProperty("ifname").GetString() != interfaceName || !link.TryGetProperty("addr_info", out var addresses))
            {
                continue;
            }
            foreach (var assigned in addresses.EnumerateArray())
            {
                if (assigned.TryGetProperty("local", out var local) &&
                    IPAddress.TryParse(local.GetString(), out var parsed) &&
                    parsed.Equals(address))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
