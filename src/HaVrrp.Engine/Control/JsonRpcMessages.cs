using System.Text.Json;

namespace HaVrrp.Engine.Control;

/// <summary>A JSON-RPC 2.0 request or notification as read off the wire, before its params are looked at.</summary>
public sealed record JsonRpcRequest
{
    public string? Jsonrpc { get; init; }

    /// <summary>A number or a string, echoed in the response; absent for a notification.</summary>
    public JsonElement? Id { get; init; }

    public string? Method { get; init; }

    public JsonElement? Params { get; init; }
}

/// <summary>The error member of a response.</summary>
public sealed record JsonRpcError(int Code, string Message, ControlErrorData? Data = null);

/// <summary>
/// <c>error.data</c>: the stable <see cref="Name"/> (a <see cref="ControlErrorKind"/>), and what else helps the
/// caller act on it.
/// </summary>
public sealed record ControlErrorData(string Name)
{
    /// <summary>The instance the request named (InstanceNotFound, NotPossible, Timeout).</summary>
    public string? Instance { get; init; }

    /// <summary>The group whose members may change things (AccessDenied).</summary>
    public string? AdminGroup { get; init; }

    /// <summary>The limit that was reached (RequestTooLarge: bytes; TooManyConnections: connections).</summary>
    public long? Limit { get; init; }
}
