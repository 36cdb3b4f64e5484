using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HaVrrp.Engine.Control;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Service.Control;

/// <summary>
/// Turns one request line into one response line: reads the JSON-RPC envelope, finds the method, checks that the
/// caller may call it, logs every change, and maps every failure to an error with its stable name
/// (docs/control-protocol.md, "Errors"). A bad request never affects the next one on the same connection.
/// </summary>
internal sealed partial class ControlDispatcher(ControlMethodHandlers handlers, ControlStreamHandlers streams, ILogger logger)
{
    private static ControlJsonContext Json => ControlJsonContext.Default;

    /// <summary>
    /// The response line, or null for a notification (a request without id), for a caller that went away, and for a
    /// stream, which sends its answer itself before its first notification.
    /// </summary>
    public async Task<byte[]?> DispatchAsync(ReadOnlyMemory<byte> line, ControlSession session, CancellationToken cancellationToken)
    {
        if (line.Span.TrimStart(" \t"u8) is [(byte)'[', ..])
        {
            return JsonRpcWire.Error(null, ControlErrorKind.InvalidRequest, "batches are not supported: send one request per line");
        }
        JsonRpcRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(line.Span, Json.JsonRpcRequest);
        }
        catch (JsonException exception)
        {
            return JsonRpcWire.Error(null, ControlErrorKind.ParseError, $"not a JSON-RPC message: {exception.Message}");
        }
        if (request is null)
        {
            return JsonRpcWire.Error(null, ControlErrorKind.InvalidRequest, "a request must be a JSON object");
        }
        var id = request.Id;
        if (id is { ValueKind: not (JsonValueKind.Number or JsonValueKind.String) })
        {
            return JsonRpcWire.Error(null, ControlErrorKind.InvalidRequest, "id must be a number or a string");
        }
        if (request.Jsonrpc != "2.0" || string.IsNullOrEmpty(request.Method))
        {
            return JsonRpcWire.Error(id, ControlErrorKind.InvalidRequest, "a request needs \"jsonrpc\": \"2.0\" and a method");
        }
        try
        {
            var response = await InvokeAsync(request.Method, id, request.Params, session, cancellationToken).ConfigureAwait(false);
            return id is null ? null : response;
        }
        catch (VrrpControlException exception)
        {
            return id is null ? null : JsonRpcWire.Error(id, exception.Kind, exception.Message, exception.ErrorData);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            // The engine cancels what it can no longer answer: it is stopping.
            var stopping = ControlMethodHandlers.Stopping();
            return id is null ? null : JsonRpcWire.Error(id, stopping.Kind, stopping.Message);
        }
#pragma warning disable CA1031 // A bug in one method must cost one error response, never the daemon.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogInternalError(logger, request.Method, exception);
            return id is null ? null : JsonRpcWire.Error(id, ControlErrorKind.InternalError, $"internal error: {exception.Message}");
        }
    }

    private async Task<byte[]?> InvokeAsync(string method, JsonElement? id, JsonElement? parameters, ControlSession session, CancellationToken cancellationToken)
    {
        var caller = session.Caller;
        switch (method)
        {
            case ControlMethods.Hello:
                Params(parameters, Json.NoParams);
                return JsonRpcWire.Result(id, handlers.Hello(caller), Json.HelloResult);
            case ControlMethods.InstanceList:
                return JsonRpcWire.Result(id, await handlers.ListInstancesAsync(Params(parameters, Json.InstanceListParams)).ConfigureAwait(false), Json.InstanceListResult);
            case ControlMethods.InstanceWait:
                return JsonRpcWire.Result(id, await handlers.WaitAsync(Params(parameters, Json.WaitParams), cancellationToken).ConfigureAwait(false), Json.InstanceListResult);
            case ControlMethods.ScriptList:
                Params(parameters, Json.NoParams);
                return JsonRpcWire.Result(id, await handlers.ListScriptsAsync().ConfigureAwait(false), Json.ScriptListResult);
            case ControlMethods.InstanceSetPriority:
            {
                var setPriority = Params(parameters, Json.SetPriorityParams);
                Authorize(method, parameters, caller);
                return JsonRpcWire.Result(id, await handlers.SetPriorityAsync(setPriority).ConfigureAwait(false), Json.InstanceChangeResult);
            }
            case ControlMethods.InstanceFailover:
            {
                var failover = Params(parameters, Json.FailoverParams);
                Authorize(method, parameters, caller);
                return JsonRpcWire.Result(id, await handlers.FailoverAsync(failover).ConfigureAwait(false), Json.InstanceChangeResult);
            }
            case ControlMethods.ConfigReload:
            {
                var reload = Params(parameters, Json.ReloadParams);
                Authorize(method, parameters, caller);
                return JsonRpcWire.Result(id, await handlers.ReloadAsync(reload, cancellationToken).ConfigureAwait(false), Json.ReloadResult);
            }
            case ControlMethods.AdvertWatch:
                return await streams.WatchAdvertsAsync(id, Params(parameters, Json.AdvertWatchParams), session).ConfigureAwait(false);
            case ControlMethods.EventWatch:
                return await streams.WatchEventsAsync(id, Params(parameters, Json.EventWatchParams), session).ConfigureAwait(false);
            case ControlMethods.SubscriptionCancel:
                return JsonRpcWire.Result(
                    id, await ControlStreamHandlers.CancelAsync(Params(parameters, Json.SubscriptionCancelParams), session).ConfigureAwait(false), Json.SubscriptionCancelResult);
            default:
                throw new VrrpControlException(ControlErrorKind.MethodNotFound, $"no method named {method}");
        }
    }

    /// <summary>Changes need root or the admin group; each one allowed is logged with who asked, as keepalived logs its signals.</summary>
    private void Authorize(string method, JsonElement? parameters, ControlCaller caller)
    {
        var arguments = parameters is { } given ? given.GetRawText() : "{}";
        if (!caller.MayChange)
        {
            LogDenied(logger, method, arguments, caller.UserName ?? "?", caller.Credentials.Uid, caller.Credentials.Pid);
            var who = caller.AdminGroup is { } group ? $"root or a member of the group {group}" : "root (there is no admin group)";
            throw new VrrpControlException(
                ControlErrorKind.AccessDenied,
                $"{method} changes the daemon: only {who} may call it; uid {caller.Credentials.Uid} may only read",
                new ControlErrorData(nameof(ControlErrorKind.AccessDenied)) { AdminGroup = caller.AdminGroup });
        }
        LogChange(logger, method, arguments, caller.UserName ?? "?", caller.Credentials.Uid, caller.Credentials.Pid);
    }

    /// <summary>Absent params read as <c>{}</c>; wrong types and unknown members are InvalidParams.</summary>
    private static T Params<T>(JsonElement? parameters, JsonTypeInfo<T> type)
    {
        if (parameters is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return JsonSerializer.Deserialize("{}"u8, type)!;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new VrrpControlException(ControlErrorKind.InvalidParams, "params must be an object");
        }
        try
        {
            return element.Deserialize(type) ?? throw new VrrpControlException(ControlErrorKind.InvalidParams, "params must be an object");
        }
        catch (JsonException exception)
        {
            throw new VrrpControlException(ControlErrorKind.InvalidParams, Describe(exception));
        }
    }

    /// <summary>The serializer's message names the member by its JSON path, which is what the caller wrote.</summary>
    private static string Describe(JsonException exception)
    {
        var text = new StringBuilder("invalid params");
        if (exception.Path is { Length: > 0 } path && path != "$")
        {
            text.Append(" at ").Append(path);
        }
        text.Append(": ").Append(exception.Message);
        return text.ToString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Control: {Method} {Arguments} requested by {User} (uid {Uid}, pid {Pid})")]
    private static partial void LogChange(ILogger logger, string method, string arguments, string user, uint uid, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control: {Method} {Arguments} refused for {User} (uid {Uid}, pid {Pid}): not root and not in the admin group")]
    private static partial void LogDenied(ILogger logger, string method, string arguments, string user, uint uid, int pid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Control: {Method} failed")]
    private static partial void LogInternalError(ILogger logger, string method, Exception exception);
}
