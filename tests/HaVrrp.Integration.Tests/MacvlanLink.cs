using System.Net.NetworkInformation;
using System.Text.Json;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>A macvlan on a lab node as <c>ip -j -d link</c> reports it: what the use_vmac tests look at.</summary>
internal sealed record MacvlanLink(string Name, PhysicalAddress Address, string? Mode, string? Parent, bool IsUp)
{
    /// <summary>The link called <paramref name="name"/>; null when there is none, a failed test when it is not a macvlan.</summary>
    public static MacvlanLink? Named(LabNode node, string name)
    {
        var (kind, link) = Links(node).FirstOrDefault(found => found.Link.Name == name);
        if (link is null)
        {
            return null;
        }
        Assert.Equal("macvlan", kind);
        return link;
    }

    /// <summary>The macvlan carrying <paramref name="mac"/>; null when there is none.</summary>
    public static MacvlanLink? Carrying(LabNode node, PhysicalAddress mac) =>
        Links(node).Where(found => found.Kind == "macvlan" && found.Link.Address.Equals(mac)).Select(found => found.Link).FirstOrDefault();

    /// <summary>Waits until <paramref name="find"/> finds the link and it is up.</summary>
    public static async Task<MacvlanLink> WaitUntilUpAsync(Func<MacvlanLink?> find, string what)
    {
        ArgumentNullException.ThrowIfNull(find);
        MacvlanLink? link = null;
        await Eventually.WaitUntilAsync(() => link = find(), found => found is { IsUp: true }, VrrpPair.Deadline, what);
        return link!;
    }

    private static List<(string? Kind, MacvlanLink Link)> Links(LabNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var document = JsonDocument.Parse(TestCommand.Ip("-n", node.Namespace, "-j", "-d", "link", "show"));
        var links = new List<(string? Kind, MacvlanLink Link)>();
        foreach (var link in document.RootElement.EnumerateArray())
        {
            if (!link.TryGetProperty("address", out var address))
            {
                continue;
            }
            var info = link.TryGetProperty("linkinfo", out var linkInfo) ? linkInfo : (JsonElement?)null;
            links.Add((
                info?.GetProperty("info_kind").GetString(),
                new MacvlanLink(
                    link.GetProperty("ifname").GetString()!,
                    PhysicalAddress.Parse(address.GetString()!.ToUpperInvariant().Replace(':', '-')),
                    info is { } data && data.TryGetProperty("info_data", out var details) && details.TryGetProperty("mode", out var mode) ? mode.GetString() : null,
                    link.TryGetProperty("link", out var parent) ? parent.GetString() : null,
                    link.GetProperty("flags").EnumerateArray().Any(flag => flag.GetString() == "UP"))));
        }
        return links;
    }
}
