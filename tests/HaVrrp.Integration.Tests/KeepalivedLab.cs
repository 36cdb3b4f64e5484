using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// The configuration the keepalived baseline tests share: one VRRPv2 instance, multicast, PASS
/// authentication, node1 preferred (priority 150) over node2 (100), both starting as BACKUP.
/// </summary>
internal static class KeepalivedLab
{
    public const string InstanceName = "VI_1";

    public static IPAddress VirtualAddress(NetworkLab lab) => IPAddress.Parse($"{lab.IPv4Prefix}.200");

    public static HaVrrpConfiguration Configuration(NetworkLab lab, LabNode node, int priority) => new()
    {
        Global = new GlobalSettings { RouterId = node.Name },
        Instances =
        [
            new VrrpInstanceConfig
            {
                Name = InstanceName,
                Interface = LabNode.InterfaceName,
                VirtualRouterId = 51,
                Priority = priority,
                AdvertInterval = TimeSpan.FromSeconds(1),
                Version = 2,
                Authentication = new AuthenticationConfig(AuthenticationType.Pass, "lab-pass"),
                VirtualIpAddresses = [new VirtualAddress(VirtualAddress(lab)) { PrefixLength = 24 }],
            },
        ],
    };

    /// <summary>Starts keepalived on node1 (priority 150) and node2 (100).</summary>
    public static (KeepalivedNode Preferred, KeepalivedNode Other) StartPair(NetworkLab lab)
    {
        var preferred = KeepalivedNode.Start(lab.Nodes[0], Configuration(lab, lab.Nodes[0], priority: 150));
        try
        {
            return (preferred, KeepalivedNode.Start(lab.Nodes[1], Configuration(lab, lab.Nodes[1], priority: 100)));
        }
        catch
        {
            preferred.Dispose();
            throw;
        }
    }
}
