using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Yaml;

namespace HaVrrp.Engine.Tests.Configuration;

public sealed class YamlMetricsReaderTests
{
    private static (HaVrrpConfiguration Config, string[] Diagnostics) Read(string yaml)
    {
        var diagnostics = new DiagnosticBag();
        var config = YamlConfigReader.ReadText(yaml, "havrrp.yaml", diagnostics);
        return (config, diagnostics.Items.Select(d => d.ToString()).ToArray());
    }

    [Theory]
    [InlineData("127.0.0.1:9650", "127.0.0.1", 9650)]
    [InlineData("0.0.0.0:9650", "0.0.0.0", 9650)]
    [InlineData("\"[::1]:9650\"", "::1", 9650)]
    [InlineData("'[::]:65535'", "::", 65535)]
    public void Listen_ReadsAddressAndPort(string text, string address, int port)
    {
        var (config, diagnostics) = Read($"metrics:\n  listen: {text}\n");

        Assert.Empty(diagnostics);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), config.Metrics.Listen);
    }

    [Fact]
    public void FlowMapping_AsTheDocsWriteIt_Works()
    {
        var (config, diagnostics) = Read("metrics: { listen: 127.0.0.1:9650 }\n");

        Assert.Empty(diagnostics);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9650), config.Metrics.Listen);
    }

    [Fact]
    public void NoMetricsBlock_MeansNoEndpoint()
    {
        var (config, _) = Read("global_defs:\n  router_id: lb1\n");

        Assert.True(config.Metrics.IsDefault);
        Assert.Null(config.Metrics.Listen);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:http")]
    [InlineData("localhost:9650")]
    [InlineData("\"::1:9650\"")]
    [InlineData("\"[::1]\"")]
    [InlineData("10.0.0.300:9650")]
    [InlineData("\"[fe80::1%eth0]:9650\"")]
    public void Listen_ThatIsNotAnAddressAndPort_IsAnErrorAtItsValue(string text)
    {
        var (config, diagnostics) = Read($"metrics:\n  listen: {text}\n");

        Assert.Null(config.Metrics.Listen);
        var diagnostic = Assert.Single(diagnostics);
        Assert.StartsWith("havrrp.yaml:2:11: error HV0150: metrics listen '", diagnostic, StringComparison.Ordinal);
        Assert.Contains("[::1]:9650", diagnostic, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKey_InMetrics_SuggestsTheNearest()
    {
        var (_, diagnostics) = Read("metrics:\n  listn: 127.0.0.1:9650\n");

        Assert.Contains(diagnostics, d => d.Contains("did you mean 'listen'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1", 9650)]
    [InlineData("::1", 9650)]
    public void Writer_RoundTripsTheMetricsBlock(string address, int port)
    {
        var metrics = new MetricsSettings { Listen = new IPEndPoint(IPAddress.Parse(address), port) };
        var written = YamlConfigWriter.Write(new HaVrrpConfiguration { Metrics = metrics });
        var (config, diagnostics) = Read(written);

        Assert.Empty(diagnostics);
        Assert.Equal(metrics, config.Metrics with { Source = SourceMap.None });
    }

    [Fact]
    public void Writer_LeavesTheBlockOut_WhenOff()
    {
        Assert.DoesNotContain("metrics", YamlConfigWriter.Write(new HaVrrpConfiguration()), StringComparison.Ordinal);
    }

    private const string WithMetrics = """
        metrics:
          listen: "[::1]:9650"
        vrrp_instances:
          VI_1:
            interface: eth0
            virtual_router_id: 51
            priority: 100
            virtual_ipaddress: [ 10.0.0.1/24 ]
        """;

    [Fact]
    public void ConversionToKeepalived_SaysTheMetricsBlockIsDropped_AtItsLine()
    {
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(WithMetrics));
        var result = ConfigConverter.Convert(input, ConfigFormat.Yaml, ConfigFormat.Keepalived);

        Assert.True(result.Succeeded);
        var dropped = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.DroppedInConversion);
        Assert.Equal(2, dropped.Location.Line);
        Assert.Contains("--metrics-listen", dropped.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("9650", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ConversionToYaml_KeepsTheMetricsBlock()
    {
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(WithMetrics));
        var result = ConfigConverter.Convert(input, ConfigFormat.Yaml, ConfigFormat.Yaml);

        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.DroppedInConversion);
        var (config, diagnostics) = Read(result.Text!);
        Assert.Empty(diagnostics);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 9650), config.Metrics.Listen);
    }
}
