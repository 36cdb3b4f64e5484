using System.Net;

namespace HaVrrp.Engine.Configuration;

/// <summary>
/// HaVrrp's own <c>metrics:</c> block (YAML only; keepalived.conf has no such block): where havrrpd serves its
/// Prometheus metrics (docs/daemon.md, "Prometheus metrics"). Off by default: no <see cref="Listen"/>, no listener.
/// </summary>
public sealed record MetricsSettings
{
    /// <summary>The address and port of the HTTP listener, e.g. 127.0.0.1:9650 or [::1]:9650; null means off.</summary>
    public IPEndPoint? Listen { get; init; }

    public SourceMap Source { get; init; } = SourceMap.None;

    public bool IsDefault => Listen is null;

    /// <summary>
    /// An address and an explicit port: <c>127.0.0.1:9650</c>, <c>[::1]:9650</c>, <c>0.0.0.0:9650</c>. A bare IPv6
    /// address has no port of its own to tell apart from its last group, so it needs the brackets.
    /// </summary>
    public static IPEndPoint? ParseListen(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            return null;
        }
        var host = text[..colon];
        if (host.Contains(':', StringComparison.Ordinal) && !(host.StartsWith('[') && host.EndsWith(']')))
        {
            return null;
        }
        if (!ushort.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port == 0)
        {
            return null;
        }
        var bare = host.StartsWith('[') ? host[1..^1] : host;
        return IPAddress.TryParse(bare, out var address) && !bare.Contains('%', StringComparison.Ordinal)
            ? new IPEndPoint(address, port)
            : null;
    }

    /// <summary>The form <see cref="ParseListen"/> reads: IPv6 in brackets.</summary>
    public static string FormatListen(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.ToString();
    }
}
