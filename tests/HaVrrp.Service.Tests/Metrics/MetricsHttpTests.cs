using System.Text;
using HaVrrp.Service.Metrics;

namespace HaVrrp.Service.Tests.Metrics;

/// <summary>What the endpoint answers to a request head: GET /metrics, else 404, or 400 for what is not HTTP.</summary>
public sealed class MetricsHttpTests
{
    [Theory]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "Metrics")]
    [InlineData("GET /metrics HTTP/1.0\r\n\r\n", "Metrics")]
    [InlineData("GET /metrics?name[]=keepalived_up HTTP/1.1\r\n\r\n", "Metrics")]
    [InlineData("GET / HTTP/1.1\r\n\r\n", "NotFound")]
    [InlineData("GET /metrics/ HTTP/1.1\r\n\r\n", "NotFound")]
    [InlineData("GET /Metrics HTTP/1.1\r\n\r\n", "NotFound")]
    [InlineData("POST /metrics HTTP/1.1\r\n\r\n", "NotFound")]
    [InlineData("HEAD /metrics HTTP/1.1\r\n\r\n", "NotFound")]
    [InlineData("get /metrics HTTP/1.1\r\n\r\n", "NotFound")]
    [InlineData("GET /metrics\r\n\r\n", "BadRequest")]
    [InlineData("GET /metrics SSH-2.0\r\n\r\n", "BadRequest")]
    [InlineData(" GET /metrics HTTP/1.1\r\n\r\n", "BadRequest")]
    [InlineData("\r\n\r\n", "BadRequest")]
    public void Route_ServesOnlyGetMetrics(string head, string route)
    {
        Assert.Equal(Enum.Parse<MetricsRoute>(route), MetricsHttp.Route(Encoding.ASCII.GetBytes(head)));
    }

    [Fact]
    public void HeadLength_WaitsForTheBlankLine()
    {
        Assert.Equal(-1, MetricsHttp.HeadLength("GET /metrics HTTP/1.1\r\nHost: x\r\n"u8));
        Assert.Equal(25, MetricsHttp.HeadLength("GET /metrics HTTP/1.1\r\n\r\nbody"u8));
    }

    [Fact]
    public void Response_SaysItsLengthAndCloses()
    {
        var head = Encoding.ASCII.GetString(MetricsHttp.Head(200, "OK", PrometheusTextWriter.ContentType, 16));
        var error = Encoding.ASCII.GetString(MetricsHttp.Error(404, "Not Found", "havrrpd serves only GET /metrics"));

        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: 16\r\nConnection: close\r\n\r\n", head);
        Assert.Equal("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 33\r\nConnection: close\r\n\r\nhavrrpd serves only GET /metrics\n", error);
    }
}
