using System.Net;
using System.Text.RegularExpressions;
using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// An instance on an interface the host does not have (a typing mistake, a link not created yet) is a warning at
/// load (HV0202); at run time it must not take the daemon, and the instances that can run, down with it.
/// </summary>
public sealed class MissingInterfaceLabTests
{
    [RootFact]
    public async Task AnInstanceOnAMissingInterface_StaysInFault_AndTheOthersRun()
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        var node = lab.Nodes[0];
        var configuration = LabProfile.Version3.Configuration(lab, node, VrrpPair.PreferredPriority);
        var missing = configuration.Instances[0] with
        {
            Name = "VI_MISSING",
            Interface = "hvmissing0",
            VirtualRouterId = 52,
            // Benchmark-range (RFC 2544): never bound anywhere, the interface does not exist.
            VirtualIpAddresses = [new VirtualAddress(IPAddress.Parse("198.18.9.9")) { PrefixLength = 24 }],
        };
        using var daemon = HavrrpdNode.Start(node, configuration with { Instances = [.. configuration.Instances, missing] });

        await daemon.WaitForLogAsync(Regex.Escape("(VI_MISSING) cannot open the VRRP socket on hvmissing0/IPv4: There is no interface named 'hvmissing0'."));
        await daemon.WaitForLogAsync(Regex.Escape("(VI_MISSING) Entering FAULT STATE"));
        await daemon.WaitForStateAsync("MASTER");
        Assert.Equal(0, await daemon.StopGracefullyAsync());
    }
}
