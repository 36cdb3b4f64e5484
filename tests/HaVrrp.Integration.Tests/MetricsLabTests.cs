using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using HaVrrp.Engine.Configuration;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// A real havrrpd pair, each serving Prometheus metrics on its own namespace's loopback (IPv4 on one node, IPv6 on
/// the other), scraped over HTTP from inside the namespace as a node-local Prometheus agent would: the master shows
/// state 2 and the backup 1 in the keepalived exporters' encoding, the tracked script GOOD, and after the master
/// stops the backup's become-master and transition counters have moved and its state reads 2.
/// </summary>
public sealed partial class MetricsLabTests
{
    private static readonly IPEndPoint PreferredEndpoint = new(IPAddress.Loopback, 9650);
    private static readonly IPEndPoint OtherEndpoint = new(IPAddress.IPv6Loopback, 9650);

    [RootFact]
    public async Task Scrapes_ShowMasterAndBackup_AndTheTransitionAfterAFailover()
    {
        using var pair = await VrrpPair.StartAsync(
            LabProfile.Version3,
            pair => pair.PreferredConfiguration().WithEachInstance(instance => instance with { TrackScripts = [new TrackReference("chk_true")] }) with
            {
                Scripts = [new VrrpScriptConfig { Name = "chk_true", Script = "/bin/true", Interval = TimeSpan.FromSeconds(1), Weight = -10 }],
                Metrics = new MetricsSettings { Listen = PreferredEndpoint },
            },
            pair => pair.OtherConfiguration() with { Metrics = new MetricsSettings { Listen = OtherEndpoint } });
        await pair.WaitForPreferredAsMasterAsync();
        var vip = pair.Address.ToString();

        var master = await ScrapeUntilAsync(pair.Lab.Nodes[0], PreferredEndpoint, $"keepalived_vrrp_state{{iname=\"VI_1\",intf=\"eth0\",vrid=\"{Vrid(pair)}\",ip_address=\"{vip}/", "2");
        var backup = await ScrapeUntilAsync(pair.Lab.Nodes[1], OtherEndpoint, "keepalived_vrrp_state{iname=\"VI_1\",", "1");
        await ScrapeUntilAsync(pair.Lab.Nodes[0], PreferredEndpoint, "keepalived_script_status{name=\"chk_true\"}", "1");

        Assert.Equal(150, Value(master, "havrrp_vrrp_base_priority{iname=\"VI_1\","));
        Assert.Equal(100, Value(backup, "havrrp_vrrp_effective_priority{iname=\"VI_1\","));
        Assert.Equal(1, Value(master, "keepalived_become_master_total{iname=\"VI_1\","));
        Assert.Equal(0, Value(backup, "keepalived_become_master_total{iname=\"VI_1\","));
        Assert.True(Value(backup, "keepalived_advertisements_received_total{iname=\"VI_1\",") > 0, backup);
        var transitionsBefore = Value(backup, "havrrp_vrrp_transitions_total{iname=\"VI_1\",");

        // The master stops (priority 0, hand-over): the backup takes over, and its counters say so.
        Assert.Equal(0, await pair.Preferred.StopGracefullyAsync());
        await pair.WaitForSoleHolderAsync(pair.Lab.Nodes[1]);
        var after = await ScrapeUntilAsync(pair.Lab.Nodes[1], OtherEndpoint, "keepalived_vrrp_state{iname=\"VI_1\",", "2");

        Assert.Equal(1, Value(after, "keepalived_become_master_total{iname=\"VI_1\","));
        Assert.Equal(1, Value(after, "keepalived_vrrp_become_master{name=\"VI_1\","));
        Assert.True(Value(after, "havrrp_vrrp_transitions_total{iname=\"VI_1\",") > transitionsBefore, after);
        Assert.True(Value(after, "keepalived_priority_zero_received_total{iname=\"VI_1\",") >= 1, after);
    }

    private static string Vrid(VrrpPair pair) => pair.OtherConfiguration().Instances[0].VirtualRouterId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Scrapes until the first sample whose text starts with <paramref name="samplePrefix"/> has <paramref name="value"/>.</summary>
    private static Task<string> ScrapeUntilAsync(LabNode node, IPEndPoint endpoint, string samplePrefix, string value) =>
        Eventually.WaitUntilAsync(
            () => Scrape(node, endpoint),
            body => body.Split('\n').Any(line => line.StartsWith(samplePrefix, StringComparison.Ordinal) && line.EndsWith(" " + value, StringComparison.Ordinal)),
            VrrpPair.Deadline,
            $"{samplePrefix}... {value} from {node.Name}");

    /// <summary>The value of the first sample starting with <paramref name="samplePrefix"/>.</summary>
    private static long Value(string body, string samplePrefix)
    {
        var line = body.Split('\n').FirstOrDefault(line => line.StartsWith(samplePrefix, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no {samplePrefix} in:\n{body}");
        return long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>GET /metrics over a socket opened inside the node's namespace; the body, or the whole answer if not 200.</summary>
    private static string Scrape(LabNode node, IPEndPoint endpoint) => node.InNamespace(() =>
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000, SendTimeout = 10_000 };
        try
        {
            socket.Connect(endpoint);
            socket.Send(Encoding.ASCII.GetBytes($"GET /metrics HTTP/1.1\r\nHost: {endpoint}\r\nAccept: text/plain\r\n\r\n"));
            var answer = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int count;
            while ((count = socket.Receive(buffer)) > 0)
            {
                answer.Write(buffer, 0, count);
            }
            var text = Encoding.UTF8.GetString(answer.ToArray());
            return StatusOk().IsMatch(text) ? text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..] : text;
        }
        catch (SocketException exception)
        {
            return $"scrape failed: {exception.Message}";
        }
    });

    [GeneratedRegex(@"\AHTTP/1\.1 200 ")]
    private static partial Regex StatusOk();
}
