namespace HaVrrp.Engine.Configuration;

/// <summary>
/// HaVrrp's own <c>control:</c> block (YAML only; keepalived.conf has no such block): where the control socket
/// lives and which group may change things through it (docs/control-protocol.md). Null members mean the
/// defaults: <c>/run/havrrp/havrrpd.sock</c>, and the group <c>havrrp</c> if it exists.
/// </summary>
public sealed record ControlSettings
{
    /// <summary>The longest path a Unix socket address holds (sun_path is 108 bytes with its NUL).</summary>
    public const int MaxSocketPathBytes = 107;

    public string? SocketPath { get; init; }

    public string? AdminGroup { get; init; }

    public SourceMap Source { get; init; } = SourceMap.None;

    public bool IsDefault => SocketPath is null && AdminGroup is null;
}
