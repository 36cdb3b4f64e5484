using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using System.Text;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;

namespace HaVrrp.Engine.Control;

/// <summary>
/// A connection to havrrpd's control socket, with one typed method per protocol method (docs/control-protocol.md).
/// Every failure — an error the daemon answers, no daemon, no permission, a broken connection — is a
/// <see cref="VrrpControlException"/>; nothing of JSON-RPC reaches the caller. Requests on one client run one at
/// a time; a request cancelled half-way leaves the connection in an unknown state, so the client closes it. A
/// stream (<see cref="WatchAdvertsAsync"/>, <see cref="WatchEventsAsync"/>) holds the connection while it is
/// enumerated; cancelling it or leaving the loop cancels the subscription and leaves the connection usable.
/// </summary>
public sealed class VrrpControlClient : IAsyncDisposable, IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly JsonLineReader _lines;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private long _nextId;
    private bool _closed;

    private VrrpControlClient(Socket socket, string socketPath)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _lines = new JsonLineReader(_stream);
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    /// <summary>
    /// Connects to <paramref name="socketPath"/>, or when null to <c>$HAVRRP_SOCKET</c> or the default socket.
    /// Throws <see cref="VrrpControlException"/> with <see cref="ControlErrorKind.DaemonUnavailable"/> when no daemon
    /// listens there, and <see cref="ControlErrorKind.AccessDenied"/> when the socket may not be opened.
    /// </summary>
    public static async Task<VrrpControlClient> ConnectAsync(string? socketPath = null, CancellationToken cancellationToken = default)
    {
        var path = ControlProtocol.ResolveSocketPath(socketPath);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new VrrpControlClient(socket, path);
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            throw ConnectFailure(path, exception);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<HelloResult> HelloAsync(CancellationToken cancellationToken = default) =>
        await InvokeAsync(ControlMethods.Hello, new NoParams(), Json.NoParams, Json.HelloResult, cancellationToken).ConfigureAwait(false);

    /// <summary>Every instance, or those whose names match <paramref name="names"/> (patterns with <c>*</c> and <c>?</c>).</summary>
    public async Task<IReadOnlyList<InstanceInfo>> ListInstancesAsync(IEnumerable<string>? names = null, CancellationToken cancellationToken = default)
    {
        var parameters = new InstanceListParams { Names = names?.ToArray() };
        var result = await InvokeAsync(ControlMethods.InstanceList, parameters, Json.InstanceListParams, Json.InstanceListResult, cancellationToken).ConfigureAwait(false);
        return result.Instances;
    }

    /// <summary>Overrides the base priority at run time; with <paramref name="duration"/> it reverts by itself.</summary>
    public Task<InstanceChangeResult> SetPriorityAsync(string name, int priority, TimeSpan? duration = null, CancellationToken cancellationToken = default) =>
        InvokeAsync(
            ControlMethods.InstanceSetPriority,
            new SetPriorityParams { Name = name, Priority = priority, DurationSeconds = duration?.TotalSeconds },
            Json.SetPriorityParams,
            Json.InstanceChangeResult,
            cancellationToken);

    /// <summary>Ends a priority override: the configured priority applies again.</summary>
    public Task<InstanceChangeResult> ResetPriorityAsync(string name, CancellationToken cancellationToken = default) =>
        InvokeAsync(
            ControlMethods.InstanceSetPriority, new SetPriorityParams { Name = name, Reset = true }, Json.SetPriorityParams, Json.InstanceChangeResult, cancellationToken);

    public Task<InstanceChangeResult> FailoverAsync(string name, FailoverMode mode, CancellationToken cancellationToken = default) =>
        InvokeAsync(
            ControlMethods.InstanceFailover, new FailoverParams { Name = name, Mode = mode }, Json.FailoverParams, Json.InstanceChangeResult, cancellationToken);

    /// <summary>
    /// Returns once every named instance is in <paramref name="state"/> (the daemon watches; nobody polls); a
    /// <see cref="ControlErrorKind.Timeout"/> error after <paramref name="timeout"/>.
    /// </summary>
    public async Task<IReadOnlyList<InstanceInfo>> WaitAsync(
        IEnumerable<string> names, VrrpState state, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var parameters = new WaitParams { Names = names.ToArray(), State = state, TimeoutSeconds = timeout.TotalSeconds };
        var result = await InvokeAsync(ControlMethods.InstanceWait, parameters, Json.WaitParams, Json.InstanceListResult, cancellationToken).ConfigureAwait(false);
        return result.Instances;
    }

    public async Task<IReadOnlyList<ScriptInfo>> ListScriptsAsync(CancellationToken cancellationToken = default)
    {
        var result = await InvokeAsync(ControlMethods.ScriptList, new NoParams(), Json.NoParams, Json.ScriptListResult, cancellationToken).ConfigureAwait(false);
        return result.Scripts;
    }

    /// <summary>Reloads the configuration file as SIGHUP does, or with <paramref name="dryRun"/> only says what a reload would do.</summary>
    public Task<ReloadResult> ReloadAsync(bool dryRun = false, CancellationToken cancellationToken = default) =>
        InvokeAsync(ControlMethods.ConfigReload, new ReloadParams { DryRun = dryRun }, Json.ReloadParams, Json.ReloadResult, cancellationToken);

    /// <summary>
    /// Every advert the daemon receives (and with <c>IncludeSent</c>, sends) that <paramref name="parameters"/>
    /// selects, as it happens; an item with <c>Missed</c> &gt; 0 where this client read too slowly and the daemon
    /// dropped some. Ends at the count or timeout given; cancelling <paramref name="cancellationToken"/> cancels the
    /// subscription and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public IAsyncEnumerable<StreamItem<AdvertInfo>> WatchAdvertsAsync(AdvertWatchParams? parameters = null, CancellationToken cancellationToken = default) =>
        WatchAsync(
            ControlMethods.AdvertWatch, parameters ?? new AdvertWatchParams(), Json.AdvertWatchParams,
            ControlNotifications.Advert, Json.AdvertNotification, notification => notification.Advert, cancellationToken);

    /// <summary>State transitions, priority and hold changes, tracked-object changes, split-brain warnings and reloads, as they happen.</summary>
    public IAsyncEnumerable<StreamItem<EngineEventInfo>> WatchEventsAsync(EventWatchParams? parameters = null, CancellationToken cancellationToken = default) =>
        WatchAsync(
            ControlMethods.EventWatch, parameters ?? new EventWatchParams(), Json.EventWatchParams,
            ControlNotifications.Event, Json.EventNotification, notification => notification.Event, cancellationToken);

    /// <summary>Sends one request and reads its response; the typed methods above are built on it.</summary>
    public async Task<TResult> InvokeAsync<TParams, TResult>(
        string method,
        TParams parameters,
        JsonTypeInfo<TParams> parametersType,
        JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resultType);
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RequestAsync(method, parameters, parametersType, resultType, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closed = true;
        await _lines.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _oneAtATime.Dispose();
    }

    public void Dispose()
    {
        _closed = true;
        _lines.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Dispose();
        _oneAtATime.Dispose();
    }

    private async IAsyncEnumerable<StreamItem<T>> WatchAsync<TParams, TNotification, T>(
        string method,
        TParams parameters,
        JsonTypeInfo<TParams> parametersType,
        string itemMethod,
        JsonTypeInfo<TNotification> notificationType,
        Func<TNotification, T> itemOf,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The subscribe exchange is not cut short by the caller's token: the daemon answers it at once, and cutting
            // the read would leave half an answer on the wire and cost the connection. A cancel that comes meanwhile
            // cancels the subscription as soon as its id is known (the registration below fires at once).
            SubscriptionResult subscribed;
            using (var answerPatience = new CancellationTokenSource(StreamDrainTimeout))
            {
                subscribed = await RequestAsync(method, parameters, parametersType, Json.SubscriptionResult, answerPatience.Token).ConfigureAwait(false);
            }
            var subscription = subscribed.Subscription;
            var cancellation = new StreamCancellation(this, subscription);
            var ended = false;
            try
            {
                // The read itself is never cancelled (that would cut a line in half): cancelling asks the daemon to
                // end the stream, and its end notification ends the loop.
                using var registration = cancellationToken.Register(cancellation.Send);
                while (!ended)
                {
                    var incoming = await ReadIncomingAsync(CancellationToken.None).ConfigureAwait(false);
                    if (!IsOf(incoming, subscription))
                    {
                        continue;
                    }
                    // Deserialized before the yield: the line's bytes are only valid until the next read.
                    StreamItem<T>? item = incoming.Method switch
                    {
                        var itemName when itemName == itemMethod => new StreamItem<T>(itemOf(ParamsOf(incoming, notificationType)), 0),
                        ControlNotifications.Missed => new StreamItem<T>(null, ParamsOf(incoming, Json.MissedNotification).Count),
                        _ => null,
                    };
                    if (item is not null)
                    {
                        yield return item;
                        continue;
                    }
                    switch (incoming.Method)
                    {
                        case ControlNotifications.End:
                            ended = true;
                            break;
                    }
                }
            }
            finally
            {
                await FinishStreamAsync(cancellation, ended).ConfigureAwait(false);
            }
            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>One request and its response, on a connection this caller holds.</summary>
    private async Task<TResult> RequestAsync<TParams, TResult>(
        string method,
        TParams parameters,
        JsonTypeInfo<TParams> parametersType,
        JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken)
    {
        if (_closed)
        {
            throw Broken("the connection is closed (a cancelled request closes it); connect again");
        }
        var id = ++_nextId;
        var response = await ExchangeAsync(JsonRpcWire.Request(id, method, parameters, parametersType), id, cancellationToken).ConfigureAwait(false);
        if (ErrorOf(response) is { } error)
        {
            var data = error.Data ?? new ControlErrorData(string.Empty);
            throw new VrrpControlException(ControlErrorCodes.KindOf(data.Name, error.Code), error.Message, data);
        }
        if (!response.HasResult)
        {
            throw Broken("the daemon's response has neither a result nor an error");
        }
        try
        {
            return response.Result(resultType) ?? throw Broken("the daemon's result is null");
        }
        catch (JsonException exception)
        {
            throw Broken($"the daemon's result does not fit this client ({exception.Message})", exception);
        }
    }

    /// <summary>
    /// A stream left early (break, an exception, cancellation) is cancelled at the daemon, and what it still sends
    /// is read up to its end and the cancel's answer, so the connection can carry the next request. If the daemon
    /// does not answer in time the connection is closed instead.
    /// </summary>
    private async Task FinishStreamAsync(StreamCancellation cancellation, bool ended)
    {
        if (ended && !cancellation.WasSent)
        {
            return;
        }
        if (!ended)
        {
            cancellation.Send();
        }
        using var patience = new CancellationTokenSource(StreamDrainTimeout);
        try
        {
            while (!ended || !cancellation.WasAnswered)
            {
                var incoming = await ReadIncomingAsync(patience.Token).ConfigureAwait(false);
                if (incoming.NumericId == cancellation.RequestId)
                {
                    cancellation.WasAnswered = true;
                }
                else if (IsOf(incoming, cancellation.Subscription) && incoming.Method == ControlNotifications.End)
                {
                    ended = true;
                }
            }
        }
        catch (Exception exception) when (exception is VrrpControlException or OperationCanceledException)
        {
            _closed = true;
            _socket.Close();
        }
    }

    private async Task<JsonRpcEnvelope> ReadIncomingAsync(CancellationToken cancellationToken)
    {
        try
        {
            var line = await _lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw Broken("the daemon closed the connection");
            var incoming = JsonRpcEnvelope.Read(line);
            if (!incoming.HasId && ErrorOf(incoming) is { } error)
            {
                // An error about the connection itself (id null): nothing more will come.
                throw new VrrpControlException(ControlErrorCodes.KindOf(error.Data?.Name, error.Code), error.Message, error.Data);
            }
            return incoming;
        }
        catch (JsonException exception)
        {
            throw Broken($"the daemon sent something that is not JSON-RPC ({exception.Message})", exception);
        }
        catch (IOException exception)
        {
            throw Broken($"the connection broke ({exception.Message})", exception);
        }
    }

    private static bool IsOf(JsonRpcEnvelope incoming, long subscription) => !incoming.HasId && incoming.Subscription() == subscription;

    private T ParamsOf<T>(JsonRpcEnvelope incoming, JsonTypeInfo<T> type)
    {
        try
        {
            return incoming.Params(type) ?? throw Broken($"the daemon sent a {incoming.Method} notification without params");
        }
        catch (JsonException exception)
        {
            throw Broken($"the daemon's {incoming.Method} notification does not fit this client ({exception.Message})", exception);
        }
    }

    private static readonly TimeSpan StreamDrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Sends subscription.cancel at most once, from whichever comes first: the caller's token or leaving the loop.</summary>
    private sealed class StreamCancellation(VrrpControlClient client, long subscription)
    {
        private int _sent;

        public long Subscription => subscription;

        public long RequestId { get; private set; } = -1;

        public bool WasSent => Volatile.Read(ref _sent) == 1;

        public bool WasAnswered { get; set; }

        public void Send()
        {
            if (Interlocked.Exchange(ref _sent, 1) == 1)
            {
                return;
            }
            RequestId = Interlocked.Increment(ref client._nextId);
            var request = JsonRpcWire.Request(
                RequestId, ControlMethods.SubscriptionCancel, new SubscriptionCancelParams { Subscription = subscription }, Json.SubscriptionCancelParams);
            try
            {
                client._stream.Write(request);
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or SocketException)
            {
                // The connection is gone; the reader finds out.
            }
        }
    }

    private async Task<JsonRpcEnvelope> ExchangeAsync(byte[] request, long id, CancellationToken cancellationToken)
    {
        var completed = false;
        try
        {
            await _stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var line = await _lines.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                    ?? throw Broken("the daemon closed the connection");
                var response = JsonRpcEnvelope.Read(line);
                // Lines without our id are notifications of streams or an error about the connection itself
                // (TooManyConnections, RequestTooLarge: id null); only the latter concern us.
                if (response.NumericId == id || (response.HasError && !response.HasId))
                {
                    completed = true;
                    return response;
                }
            }
        }
        catch (JsonException exception)
        {
            throw Broken($"the daemon sent something that is not JSON-RPC ({exception.Message})", exception);
        }
        catch (IOException exception)
        {
            throw Broken($"the connection broke ({exception.Message})", exception);
        }
        finally
        {
            if (!completed)
            {
                // Half a request or half a response may be on the wire: the connection cannot be trusted any more.
                _closed = true;
                _socket.Close();
            }
        }
    }

    private JsonRpcError? ErrorOf(JsonRpcEnvelope envelope)
    {
        try
        {
            return envelope.Error(Json.JsonRpcError);
        }
        catch (JsonException exception)
        {
            throw Broken($"the daemon's error does not fit this client ({exception.Message})", exception);
        }
    }

    private VrrpControlException Broken(string why, Exception? inner = null) =>
        new(ControlErrorKind.DaemonUnavailable, $"havrrpd on {SocketPath}: {why}", innerException: inner);

    private static VrrpControlException ConnectFailure(string path, SocketException exception) => exception.SocketErrorCode switch
    {
        SocketError.AccessDenied => new VrrpControlException(
            ControlErrorKind.AccessDenied,
            $"permission denied opening {path}: run as root or as a member of the daemon's admin group",
            innerException: exception),
        _ when !File.Exists(path) => new VrrpControlException(
            ControlErrorKind.DaemonUnavailable, $"havrrpd is not running: there is no socket {path}", innerException: exception),
        _ => new VrrpControlException(
            ControlErrorKind.DaemonUnavailable, $"havrrpd is not running: nobody listens on {path} ({exception.Message})", innerException: exception),
    };

    private static ControlJsonContext Json => ControlJsonContext.Default;
}
