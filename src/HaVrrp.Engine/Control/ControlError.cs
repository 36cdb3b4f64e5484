namespace HaVrrp.Engine.Control;

/// <summary>
/// Every way a control request can fail. The name is stable and travels in <c>error.data.name</c>; scripts match
/// on it. <see cref="DaemonUnavailable"/> never travels: the client raises it when nobody answers on the socket.
/// </summary>
public enum ControlErrorKind
{
    ParseError,
    InvalidRequest,
    MethodNotFound,
    InvalidParams,
    InternalError,
    InstanceNotFound,
    NotPossible,
    AccessDenied,
    Timeout,
    RequestTooLarge,
    TooManyConnections,
    DaemonUnavailable,
}

/// <summary>The JSON-RPC integer codes: the standard ones where one fits, the -32000..-32099 server range for ours.</summary>
public static class ControlErrorCodes
{
    public static int CodeOf(ControlErrorKind kind) => kind switch
    {
        ControlErrorKind.ParseError => -32700,
        ControlErrorKind.InvalidRequest => -32600,
        ControlErrorKind.MethodNotFound => -32601,
        ControlErrorKind.InvalidParams => -32602,
        ControlErrorKind.InternalError => -32603,
        ControlErrorKind.InstanceNotFound => -32001,
        ControlErrorKind.NotPossible => -32002,
        ControlErrorKind.AccessDenied => -32003,
        ControlErrorKind.Timeout => -32004,
        ControlErrorKind.RequestTooLarge => -32005,
        ControlErrorKind.TooManyConnections => -32006,
        ControlErrorKind.DaemonUnavailable => -32010,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind a received error names; an unknown name falls back to the code, then to InternalError.</summary>
    public static ControlErrorKind KindOf(string? name, int code)
    {
        if (name is not null && Enum.TryParse<ControlErrorKind>(name, ignoreCase: false, out var named) && Enum.IsDefined(named))
        {
            return named;
        }
        foreach (var kind in Enum.GetValues<ControlErrorKind>())
        {
            if (CodeOf(kind) == code)
            {
                return kind;
            }
        }
        return ControlErrorKind.InternalError;
    }
}

/// <summary>
/// A control request that failed, whatever the reason: the daemon answered with an error, nobody listens on the
/// socket, the socket may not be opened, or the connection broke. The one exception type callers catch.
/// </summary>
public sealed class VrrpControlException : Exception
{
    public VrrpControlException()
        : this(ControlErrorKind.InternalError, "The control request failed.")
    {
    }

    public VrrpControlException(string message)
        : this(ControlErrorKind.InternalError, message)
    {
    }

    public VrrpControlException(string message, Exception innerException)
        : this(ControlErrorKind.InternalError, message, data: null, innerException)
    {
    }

    public VrrpControlException(ControlErrorKind kind, string message, ControlErrorData? data = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        ErrorData = data ?? new ControlErrorData(kind.ToString());
    }

    public ControlErrorKind Kind { get; }

    /// <summary>The stable name, as in <c>error.data.name</c>.</summary>
    public string Name => Kind.ToString();

    /// <summary>The JSON-RPC integer code.</summary>
    public int Code => ControlErrorCodes.CodeOf(Kind);

    /// <summary>What the daemon said beyond the message (the instance, the admin group, a limit).</summary>
    public ControlErrorData ErrorData { get; }
}
