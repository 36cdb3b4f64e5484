using System.Globalization;
using System.Text;

namespace HaVrrp.Service.Metrics;

/// <summary>What a request head asks for.</summary>
internal enum MetricsRoute
{
    /// <summary><c>GET /metrics</c> (a query string is ignored, as Prometheus may add one).</summary>
    Metrics,

    /// <summary>Any other method or path.</summary>
    NotFound,

    /// <summary>Not an HTTP/1.x request line.</summary>
    BadRequest,
}

/// <summary>
/// The little of HTTP/1.1 the metrics endpoint speaks: one request per connection, read up to the end of its head,
/// and one answer with Connection: close. Only <c>GET /metrics</c> is served; everything else is 404.
/// </summary>
internal static class MetricsHttp
{
    /// <summary>The longest request head read; a scraper's is a few hundred bytes.</summary>
    public const int MaxHeadBytes = 8192;

    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    /// <summary>The length of the head (through its blank line) in <paramref name="received"/>, or -1 while incomplete.</summary>
    public static int HeadLength(ReadOnlySpan<byte> received)
    {
        var end = received.IndexOf(EndOfHead);
        return end < 0 ? -1 : end + EndOfHead.Length;
    }

    /// <summary>Routes a request by its first line (<c>GET /metrics HTTP/1.1</c>).</summary>
    public static MetricsRoute Route(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var line = lineEnd < 0 ? head : head[..lineEnd];
        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace <= 0)
        {
            return MetricsRoute.BadRequest;
        }
        var method = line[..firstSpace];
        var rest = line[(firstSpace + 1)..];
        var secondSpace = rest.IndexOf((byte)' ');
        if (secondSpace <= 0 || !rest[(secondSpace + 1)..].StartsWith("HTTP/1."u8))
        {
            return MetricsRoute.BadRequest;
        }
        var target = rest[..secondSpace];
        var query = target.IndexOf((byte)'?');
        var path = query < 0 ? target : target[..query];
        return method.SequenceEqual("GET"u8) && path.SequenceEqual("/metrics"u8) ? MetricsRoute.Metrics : MetricsRoute.NotFound;
    }

    /// <summary>A response head (status line and headers) for a body of <paramref name="contentLength"/> bytes.</summary>
    public static byte[] Head(int status, string reason, string contentType, int contentLength) =>
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {contentLength}\r\nConnection: close\r\n\r\n"));

    /// <summary>A whole error response with a one-line plain-text body.</summary>
    public static byte[] Error(int status, string reason, string message)
    {
        var body = Encoding.UTF8.GetBytes(message + "\n");
        return [.. Head(status, reason, "text/plain; charset=utf-8", body.Length), .. body];
    }
}
