using HaVrrp.Engine.Control;
using HaVrrp.Service.Metrics;

namespace HaVrrp.Service.Tests.Metrics;

/// <summary>The text exposition format, version 0.0.4, as Prometheus parses it.</summary>
public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void Family_StartsWithHelpAndType_ThenItsSamples()
    {
        var family = MetricFamily.Counter("keepalived_advertisements_sent_total", "Advertisements sent", "iname", "vrid");
        var text = new PrometheusTextWriter(new PooledBufferWriter(16));

        text.Begin(family);
        text.Sample(family, 40, "VI_1", "51");
        text.Sample(family, 0, "VI_2", "52");

        Assert.Equal(
            """
            # HELP keepalived_advertisements_sent_total Advertisements sent
            # TYPE keepalived_advertisements_sent_total counter
            keepalived_advertisements_sent_total{iname="VI_1",vrid="51"} 40
            keepalived_advertisements_sent_total{iname="VI_2",vrid="52"} 0

            """.ReplaceLineEndings("\n"),
            text.ToString());
    }

    [Fact]
    public void Sample_WithoutLabels_HasNoBraces()
    {
        var family = MetricFamily.Gauge("keepalived_up", "Status");
        var text = new PrometheusTextWriter(new PooledBufferWriter(16));

        text.Sample(family, 1);

        Assert.Equal("keepalived_up 1\n", text.ToString());
    }

    [Theory]
    [InlineData("VI_1", "VI_1")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("double\"quote", "double\\\"quote")]
    [InlineData("line\nfeed", "line\\nfeed")]
    [InlineData("ünïcödé ✓ {x=\"y\"}", "ünïcödé ✓ {x=\\\"y\\\"}")]
    [InlineData("", "")]
    public void LabelValue_EscapesBackslashQuoteAndLineFeed(string value, string escaped)
    {
        var family = MetricFamily.Gauge("keepalived_script_status", "Script status", "name");
        var text = new PrometheusTextWriter(new PooledBufferWriter(16));

        text.Sample(family, 1, value);

        Assert.Equal($"keepalived_script_status{{name=\"{escaped}\"}} 1\n", text.ToString());
    }

    [Fact]
    public void Help_EscapesBackslashAndLineFeed_ButNotQuotes()
    {
        var family = MetricFamily.Gauge("x", "a \\ b\nc \"d\"");
        var text = new PrometheusTextWriter(new PooledBufferWriter(16));

        text.Begin(family);

        Assert.StartsWith("# HELP x a \\\\ b\\nc \"d\"\n# TYPE x gauge\n", text.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(255.0, "255")]
    [InlineData(-20.0, "-20")]
    [InlineData(0.5, "0.5")]
    [InlineData(1e20, "1E+20")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Values_AreWrittenAsPrometheusReadsThem(double value, string written)
    {
        var family = MetricFamily.Gauge("x", "x");
        var text = new PrometheusTextWriter(new PooledBufferWriter(16));

        text.Sample(family, value);

        Assert.Equal($"x {written}\n", text.ToString());
    }

    [Fact]
    public void Sample_WithTheWrongNumberOfLabels_IsABug()
    {
        var family = MetricFamily.Gauge("x", "x", "a", "b");

        Assert.Throws<ArgumentException>(() => new PrometheusTextWriter(new PooledBufferWriter(16)).Sample(family, 1, "only one"));
    }
}
