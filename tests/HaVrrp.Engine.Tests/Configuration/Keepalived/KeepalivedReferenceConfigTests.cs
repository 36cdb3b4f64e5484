using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using static HaVrrp.Engine.Tests.Configuration.Keepalived.KeepalivedTestSupport;

namespace HaVrrp.Engine.Tests.Configuration.Keepalived;

/// <summary>The realistic configurations in TestData/keepalived/reference, copied from the shared references.</summary>
public class KeepalivedReferenceConfigTests
{
    private static (HaVrrpConfiguration Configuration, string[] Diagnostics) ReadReference(string fileName)
    {
        var directory = TestDataPath("reference");
        var diagnostics = new DiagnosticBag();
        var configuration = KeepalivedConfigReader.Read(Path.Combine(directory, fileName), Options, diagnostics);
        var lines = Lines(diagnostics).Select(line => line.Replace(directory + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal));
        return (configuration, [.. lines]);
    }

    [Fact]
    public void HaproxyUnicastPair_IsReadCompletely()
    {
        var (configuration, diagnostics) = ReadReference("lb1-haproxy-unicast.conf");

        Assert.Empty(diagnostics);
        Assert.Equal("LB1_MASTER", configuration.Global.RouterId);
        Assert.Equal(new[] { "admin@example.com" }, configuration.Global.NotificationEmails);
        Assert.Equal(TimeSpan.FromSeconds(30), configuration.Global.SmtpConnectTimeout);
        Assert.Equal(
            new VrrpScriptConfig { Name = "chk_haproxy", Script = "killall -0 haproxy", Interval = TimeSpan.FromSeconds(2), Weight = 2 },
            Assert.Single(configuration.Scripts));
        Assert.Equal(2, configuration.Instances.Count);
        var outside = configuration.Instances[0];
        Assert.Equal(
            new VrrpInstanceConfig
            {
                Name = "eth0_VIP",
                InitialState = InitialState.Master,
                Interface = "eth0",
                VirtualRouterId = 51,
                Priority = 100,
                AdvertInterval = TimeSpan.FromSeconds(1),
                Authentication = new AuthenticationConfig(AuthenticationType.Pass, "1111"),
                UnicastSourceIp = IPAddress.Parse("198.51.100.6"),
                UnicastPeers = new[] { new UnicastPeer(IPAddress.Parse("198.51.100.7")) },
                VirtualIpAddresses = new[]
                {
                    new VirtualAddress(IPAddress.Parse("198.51.100.8"))
                    {
                        PrefixLength = 25, Broadcast = IPAddress.Parse("198.51.100.127"), Device = "eth0", Label = "eth0:vip",
                    },
                },
                TrackScripts = new[] { new TrackReference("chk_haproxy") },
            },
            outside);
        Assert.Equal("eth1:vip", configuration.Instances[1].VirtualIpAddresses[0].Label);
    }

    [Fact]
    public void FullReference_ReadsEveryVrrpBlock_AndWarnsAboutTheRest()
    {
        var (configuration, diagnostics) = ReadReference("full-vrrp-reference.conf");

        Assert.Equal(
            new[]
            {
                "full-vrrp-reference.conf:10:5: warning HV0022: enable_traps is a keepalived keyword that HaVrrp does not support (HaVrrp has no SNMP or D-Bus interface; the control socket serves monitoring); ignored",
                "full-vrrp-reference.conf:90:1: warning HV0021: 1 LVS block (virtual_server, virtual_server_group) ignored: HaVrrp implements only the VRRP part of keepalived",
            },
            diagnostics);
        Assert.Equal("host163", configuration.Global.RouterId);
        Assert.Single(configuration.StaticAddresses);
        Assert.Single(configuration.StaticRoutes);
        Assert.Equal(-10, configuration.Scripts[0].Weight);
        var group = Assert.Single(configuration.SyncGroups);
        Assert.Equal(new[] { "inside_network", "outside_network" }, group.Members);
        Assert.Equal("/etc/keepalived/fault.sh VG_1", group.Notify.Fault!.Command);
        Assert.True(group.SmtpAlert);

        var inside = configuration.Instances[0];
        Assert.True(inside.DontTrackPrimary);
        Assert.Equal(new[] { "eth0", "eth1" }, inside.TrackInterfaces.Select(track => track.Name));
        Assert.Equal(TimeSpan.FromSeconds(10), inside.Garp.MasterDelay);
        Assert.False(inside.Preempt);
        Assert.Equal(TimeSpan.FromSeconds(300), inside.PreemptDelay);
        Assert.Equal(2, inside.VirtualIpAddresses.Count);
        Assert.Equal(2, inside.VirtualRoutes.Count);
        Assert.Equal(IPAddress.Parse("192.168.1.1"), inside.VirtualRoutes[1].Via);
        Assert.Equal("12345678", inside.Authentication!.Password);

        var outside = configuration.Instances[1];
        Assert.Equal("203.0.113.254", Assert.Single(outside.ExcludedVirtualIpAddresses).Address.ToString());
    }

    [Fact]
    public void NopreemptMaster_IsReadAsWritten_ForTheValidatorToWarn()
    {
        var (configuration, diagnostics) = ReadReference("nopreempt-master.conf");

        Assert.Empty(diagnostics);
        var instance = Assert.Single(configuration.Instances);
        Assert.Equal(InitialState.Master, instance.InitialState);
        Assert.False(instance.Preempt);
        Assert.True(instance.Source.Has("nopreempt"));
        Assert.Equal("systemctl status httpd.service > /dev/null 2>&1", configuration.Scripts[0].Script);
    }

    [Fact]
    public void ActiveActive_ReadsBothInstancesAndTheCustomGroup()
    {
        var (configuration, diagnostics) = ReadReference("active-active-node1.conf");

        Assert.Empty(diagnostics);
        Assert.Equal(IPAddress.Parse("224.0.0.111"), configuration.Global.MulticastGroup4);
        Assert.Equal(new[] { (101, 199), (102, 98) }, configuration.Instances.Select(instance => (instance.VirtualRouterId, instance.Priority)));
        Assert.Equal("/usr/local/keepalived/etc/keepalived/notify.sh fault", configuration.Instances[1].Notify.Fault!.Command);
    }

    [Fact]
    public void CaptureConfigs_AreReadWithoutAnyDiagnostic()
    {
        // The configurations the packet captures in TestData/keepalived/captures were recorded with.
        var paths = Directory.EnumerateFiles(TestDataPath("captures"), "*.conf").ToList();
        Assert.Equal(10, paths.Count);
        foreach (var path in paths)
        {
            var diagnostics = new DiagnosticBag();
            var configuration = KeepalivedConfigReader.Read(path, Options, diagnostics);
            Assert.True(diagnostics.Items.Count == 0, path + ": " + string.Join('\n', Lines(diagnostics)));
            Assert.NotEmpty(configuration.Instances);
        }
    }
}
