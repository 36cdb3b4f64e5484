using System.Net.Sockets;
using HaVrrp.Engine.Control;
using HaVrrp.Service.Control;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Service.Metrics;

/// <summary>What one scrape shows: the control plane's views of the instances and scripts.</summary>
internal sealed record MetricsSnapshot(IReadOnlyList<InstanceInfo> Instances, IReadOnlyList<ScriptInfo> Scripts);

/// <summary>
/// Serves <c>GET /metrics</c> on the <see cref="MetricsListener"/> (docs/daemon.md, "Prometheus metrics"). Nothing
/// a client does reaches the engine loop beyond the two status requests of a scrape (instances, scripts): at most
/// <see cref="MaxConnections"/> connections at once (more are closed at once), a request head of at most
/// <see cref="MetricsHttp.MaxHeadBytes"/> within <see cref="RequestTimeout"/>, and a response the client must take
/// within <see cref="ResponseTimeout"/>. A client that breaks any of these is closed; the daemon carries on.
/// </summary>
internal sealed partial class MetricsServer(MetricsListener listener, Func<Task<MetricsSnapshot>> read, ILogger logger)
    : BackgroundService
{
    public const int MaxConnections = 8;

    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a scrape waits for the engine's answer (it answers in microseconds unless stopping).</summary>
    public static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Enough for a few instances; the pool lends more for a large scrape and takes it back after.</summary>
    private const int InitialBodyBytes = 16 * 1024;

    private readonly OpenConnections _connections = new();

    public System.Net.IPEndPoint Endpoint => listener.Endpoint;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await _connections.WhenAllClosedAsync(cancellationToken).ConfigureAwait(false);
        listener.Dispose();
    }

    public override void Dispose()
    {
        listener.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogListening(logger, listener.Endpoint.ToString());
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.Socket.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                // EMFILE and friends: this client is lost, the next may fare better.
                LogClientProblem(logger, "accept", exception.Message);
                continue;
            }
            if (_connections.Count >= MaxConnections)
            {
                LogClientProblem(logger, client.RemoteEndPoint?.ToString() ?? "?", $"more than {MaxConnections} connections at once; closed");
                client.Dispose();
                continue;
            }
            _connections.Track(ServeAsync(client, stoppingToken));
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var remote = client.RemoteEndPoint?.ToString() ?? "?";
        using var body = new PooledBufferWriter(InitialBodyBytes);
        try
        {
            try
            {
                var head = await AnswerAsync(client, remote, body, stoppingToken).ConfigureAwait(false);
                if (head is not null)
                {
                    using var sendDeadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    sendDeadline.CancelAfter(ResponseTimeout);
                    await client.SendAsync(head, SocketFlags.None, sendDeadline.Token).ConfigureAwait(false);
                    if (body.WrittenCount > 0)
                    {
                        await client.SendAsync(body.WrittenMemory, SocketFlags.None, sendDeadline.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                LogClientProblem(logger, remote, "too slow; closed");
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
            catch (SocketException exception)
            {
                LogClientProblem(logger, remote, exception.Message);
            }
#pragma warning disable CA1031 // One client's trouble must not stop the endpoint, let alone the daemon.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogClientProblem(logger, remote, exception.Message);
            }
        }
        finally
        {
            // Unread request bytes would reset the connection and lose the answer just sent.
            await GracefulClose.CloseAsync(client).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the request head within the limits and answers: the response head, with a scrape written into
    /// <paramref name="body"/>, or a whole error response; null when there is nobody to answer.
    /// </summary>
    private async Task<byte[]?> AnswerAsync(Socket client, string remote, PooledBufferWriter body, CancellationToken stoppingToken)
    {
        var buffer = new byte[MetricsHttp.MaxHeadBytes];
        var received = 0;
        using (var readDeadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            readDeadline.CancelAfter(RequestTimeout);
            while (MetricsHttp.HeadLength(buffer.AsSpan(0, received)) < 0)
            {
                if (received == buffer.Length)
                {
                    LogClientProblem(logger, remote, $"request head over {MetricsHttp.MaxHeadBytes} bytes");
                    return MetricsHttp.Error(431, "Request Header Fields Too Large", "request head too large");
                }
                var count = await client.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, readDeadline.Token).ConfigureAwait(false);
                if (count == 0)
                {
                    return null;
                }
                received += count;
            }
        }
        switch (MetricsHttp.Route(buffer.AsSpan(0, received)))
        {
            case MetricsRoute.BadRequest:
                LogClientProblem(logger, remote, "not an HTTP/1.x request");
                return MetricsHttp.Error(400, "Bad Request", "bad request");
            case MetricsRoute.NotFound:
                return MetricsHttp.Error(404, "Not Found", "havrrpd serves only GET /metrics");
        }
        try
        {
            using var scrapeDeadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            scrapeDeadline.CancelAfter(ScrapeTimeout);
            // Only the reading is abandoned on timeout; the text is written here, so nothing late writes into body.
            var snapshot = await read().WaitAsync(scrapeDeadline.Token).ConfigureAwait(false);
            KeepalivedMetrics.Write(body, snapshot.Instances, snapshot.Scripts);
            return MetricsHttp.Head(200, "OK", PrometheusTextWriter.ContentType, body.WrittenCount);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return MetricsHttp.Error(503, "Service Unavailable", "the engine did not answer in time");
        }
        catch (OperationCanceledException)
        {
            return MetricsHttp.Error(503, "Service Unavailable", "havrrpd is stopping");
        }
#pragma warning disable CA1031 // A bug in a scrape is that scrape's 500, never the daemon's end.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogScrapeFailed(logger, exception.Message);
            body.Reset(InitialBodyBytes);
            return MetricsHttp.Error(500, "Internal Server Error", "the scrape failed; havrrpd logged why");
        }
    }

    [LoggerMessage(EventId = 50, Level = LogLevel.Information, Message = "Serving Prometheus metrics on http://{Endpoint}/metrics")]
    private static partial void LogListening(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 51, Level = LogLevel.Debug, Message = "Metrics client {Remote}: {Problem}")]
    private static partial void LogClientProblem(ILogger logger, string remote, string problem);

    [LoggerMessage(EventId = 53, Level = LogLevel.Warning, Message = "Metrics scrape failed: {Error}")]
    private static partial void LogScrapeFailed(ILogger logger, string error);
}
