using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using System.Text;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Service.Metrics;
using HaVrrp.Service.Tests.Control;
using HaVrrp.TestSupport;

namespace HaVrrp.Service.Tests.Metrics;

/// <summary>
/// The whole daemon (fake ports, real engine) with its metrics endpoint on loopback, scraped over real HTTP,
/// and prodded by clients that are slow, oversized or not HTTP at all.
/// </summary>
public sealed class MetricsEndpointTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TemporaryDirectory _directory = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly IPEndPoint _endpoint = new(IPAddress.Loopback, FreePort());
    private Task<int>? _daemon;

    private string SocketPath => Path.Combine(_directory.Path, "ctl.sock");

    public async Task InitializeAsync()
    {
        var config = _directory.Write("havrrp.yaml", ControlHarness.Configuration + $"\nmetrics:\n  listen: {_endpoint}\n");
        _daemon = DaemonRunner.RunAsync(config, (_, _) => FakeEnginePorts.Create(), path => ConfigLoader.Load(path), SocketPath, cancellationToken: _stop.Token);
        await Eventually.WaitUntilAsync(() => File.Exists(SocketPath) || _daemon.IsCompleted, Deadline, "the daemon listening");
        Assert.False(_daemon.IsCompleted, "the daemon stopped at start");
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_daemon is not null)
        {
            Assert.Equal(ExitCodes.Success, await _daemon);
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Scrape_OverHttp_ShowsTheMasterInKeepalivedsEncoding()
    {
        await using (var client = await VrrpControlClient.ConnectAsync(SocketPath))
        {
            await client.WaitAsync(["VI_1"], VrrpState.Master, Deadline);
        }
        using var http = new HttpClient { BaseAddress = new Uri($"http://{_endpoint}/") };

        using var response = await http.GetAsync(new Uri("metrics", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("keepalived_up 1\n", body, StringComparison.Ordinal);
        Assert.Contains("keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth-test\",vrid=\"51\",ip_address=\"192.0.2.100/24\"} 2\n", body, StringComparison.Ordinal);
        Assert.Contains("havrrp_vrrp_base_priority{iname=\"VI_2\",intf=\"eth-test\",vrid=\"52\"} 50\n", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE keepalived_advertisements_sent_total counter\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScriptStatus_ComesFromScriptList_AndWaitsForTheFirstResult()
    {
        // No scheduler runs scripts on the fake ports: chk_service stays in INIT, which the exporters leave out
        // (the lab test sees it GOOD under a real havrrpd).
        using var http = new HttpClient();

        var body = await http.GetStringAsync(new Uri($"http://{_endpoint}/metrics"));

        Assert.Contains("# TYPE keepalived_script_status gauge\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("keepalived_script_status{", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 404 ")]
    [InlineData("POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 404 ")]
    [InlineData("GET /favicon.ico HTTP/1.1\r\n\r\n", "HTTP/1.1 404 ")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n", "HTTP/1.1 400 ")]
    public async Task AnythingButGetMetrics_IsRefused(string request, string statusLine)
    {
        var answer = await ExchangeAsync(Encoding.ASCII.GetBytes(request));

        Assert.StartsWith(statusLine, answer, StringComparison.Ordinal);
        Assert.Contains("Connection: close", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedRequestHead_Is431_AndTheConnectionEnds()
    {
        var request = Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nX-Padding: " + new string('a', 3 * MetricsHttp.MaxHeadBytes));

        var answer = await ExchangeAsync(request);

        Assert.StartsWith("HTTP/1.1 431 ", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SilentAndHalfSentClients_AreClosed_AndNeverStopTheDaemon()
    {
        // More silent connections than the endpoint serves at once, and some that stop halfway through a head.
        var idle = new List<Socket>();
        try
        {
            for (var i = 0; i < MetricsServer.MaxConnections * 2; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(_endpoint);
                if (i % 2 == 0)
                {
                    await socket.SendAsync("GET /metr"u8.ToArray(), SocketFlags.None);
                }
                idle.Add(socket);
            }

            // The engine and its control socket carry on meanwhile.
            await using (var client = await VrrpControlClient.ConnectAsync(SocketPath))
            {
                Assert.Equal(2, (await client.ListInstancesAsync()).Count);
            }

            // Every one of them is closed by the daemon (request timeout, or over the connection limit): an orderly
            // close, or a reset when the kernel still held bytes the daemon never read.
            foreach (var socket in idle)
            {
                using var deadline = new CancellationTokenSource(Deadline);
                var buffer = new byte[1024];
                try
                {
                    while (await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token) > 0)
                    {
                    }
                }
                catch (SocketException reset) when (reset.SocketErrorCode == SocketError.ConnectionReset)
                {
                }
            }
        }
        finally
        {
            idle.ForEach(socket => socket.Dispose());
        }

        // And the endpoint serves again.
        using var http = new HttpClient();
        var body = await http.GetStringAsync(new Uri($"http://{_endpoint}/metrics"));
        Assert.Contains("keepalived_up 1", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsListen_InUse_StopsHavrrpdAtStart_WithTheAddressInTheMessage()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var config = _directory.Write("other.yaml", ControlHarness.Configuration);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "havrrpd.dll"), "--config", config, "--socket", Path.Combine(_directory.Path, "other.sock"), "--metrics-listen", $"127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "havrrpd did not exit");

        Assert.Equal(ExitCodes.ConfigurationInvalid, process.ExitCode);
        Assert.Contains($"havrrpd: metrics listen 127.0.0.1:{port}: Address already in use; not starting", await errors, StringComparison.Ordinal);
    }

    /// <summary>Sends <paramref name="request"/> and reads the answer until the daemon closes the connection.</summary>
    private async Task<string> ExchangeAsync(byte[] request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(Deadline);
        await socket.ConnectAsync(_endpoint, deadline.Token);
        try
        {
            await socket.SendAsync(request, SocketFlags.None, deadline.Token);
        }
        catch (SocketException)
        {
            // An oversized request may be cut off once the daemon has answered and closed; read what it said.
        }
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int count;
            while ((count = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0)
            {
                answer.Write(buffer, 0, count);
            }
        }
        catch (SocketException) when (answer.Length > 0)
        {
            // Reset after the answer (unread request bytes): the answer is what counts.
        }
        return Encoding.ASCII.GetString(answer.ToArray());
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
