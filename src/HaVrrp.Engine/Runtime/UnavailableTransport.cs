using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// Stands in for a transport that could not be opened, most often because the interface does not exist
/// (keepalived: "interface eth9 for vrrp_instance VI_1 doesn't exist"). The instances on it are started with
/// the link down, so they sit in FAULT instead of taking the daemon down; nothing is ever sent.
/// </summary>
internal sealed class UnavailableTransport(TransportKey key, string reason) : IVrrpTransport
{
    public string Reason { get; } = reason;

    public void Send(ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination, byte timeToLive) =>
        throw new InvalidOperationException($"no VRRP socket on {key}: {Reason}");

    public void Dispose()
    {
    }
}
