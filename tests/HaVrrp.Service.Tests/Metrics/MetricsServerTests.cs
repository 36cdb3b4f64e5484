using System.Net;
using HaVrrp.Service.Metrics;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaVrrp.Service.Tests.Metrics;

/// <summary>The endpoint when the engine side misbehaves: it answers late or not at all, or a scrape throws.</summary>
public sealed class MetricsServerTests
{
    private static async Task<HttpResponseMessage> ScrapeAsync(Func<Task<MetricsSnapshot>> read)
    {
        using var server = new MetricsServer(MetricsListener.Bind(new IPEndPoint(IPAddress.Loopback, 0)), read, NullLogger.Instance);
        await server.StartAsync(CancellationToken.None);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
            return await http.GetAsync(new Uri($"http://{server.Endpoint}/metrics"));
        }
        finally
        {
            await server.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task EngineThatNeverAnswers_Is503_NotAHungScrape()
    {
        var never = new TaskCompletionSource<MetricsSnapshot>();

        using var response = await ScrapeAsync(() => never.Task);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task ScrapeThatThrows_Is500_AndTheEndpointServesTheNext()
    {
        var calls = 0;
        using var server = new MetricsServer(MetricsListener.Bind(new IPEndPoint(IPAddress.Loopback, 0)), () =>
            Interlocked.Increment(ref calls) == 1
                ? throw new InvalidOperationException("a bug")
                : Task.FromResult(new MetricsSnapshot([], [])), NullLogger.Instance);
        await server.StartAsync(CancellationToken.None);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
            var uri = new Uri($"http://{server.Endpoint}/metrics");

            using (var failed = await http.GetAsync(uri))
            {
                Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            }
            var body = await http.GetStringAsync(uri);

            Assert.StartsWith("# HELP keepalived_up ", body, StringComparison.Ordinal);
        }
        finally
        {
            await server.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A second havrrpd must not share the port (SO_REUSEPORT would let it, and take half the scrapes).</summary>
    [Fact]
    public void Binding_AnAddressInUse_SaysWhichAddress()
    {
        using var first = MetricsListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        var error = Assert.Throws<MetricsListenException>(() => MetricsListener.Bind(first.Endpoint));

        Assert.StartsWith($"metrics listen {first.Endpoint}: ", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The endpoint closes first, so its connections linger in TIME_WAIT: a restart must bind all the same.</summary>
    [Fact]
    public async Task Rebinding_RightAfterServingScrapes_Works()
    {
        IPEndPoint endpoint;
        using (var server = new MetricsServer(MetricsListener.Bind(new IPEndPoint(IPAddress.Loopback, 0)), () => Task.FromResult(new MetricsSnapshot([], [])), NullLogger.Instance))
        {
            await server.StartAsync(CancellationToken.None);
            endpoint = server.Endpoint;
            using var http = new HttpClient();
            await http.GetStringAsync(new Uri($"http://{endpoint}/metrics"));
            await server.StopAsync(CancellationToken.None);
        }

        using var again = MetricsListener.Bind(endpoint);

        Assert.Equal(endpoint, again.Endpoint);
    }
}
