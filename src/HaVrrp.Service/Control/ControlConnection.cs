using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;
using HaVrrp.Engine.Control;

namespace HaVrrp.Service.Control;

/// <summary>
/// One client on the control socket. A reader splits the byte stream into lines (at most
/// <see cref="ControlProtocol.MaxRequestBytes"/> each) and hands each to the dispatcher; requests run side by side
/// (a long <c>instance.wait</c> does not hold up a <c>hello</c>); every outgoing line goes through one bounded
/// channel drained by a single writer, so responses and stream notifications never interleave. When the client
/// stops sending (EOF) its streams end and the requests in flight are still answered, then the connection closes.
/// </summary>
internal sealed class ControlConnection(Socket socket, ControlCaller caller, ControlDispatcher dispatcher) : IDisposable
{
    private const int MaxRequestsInFlight = 16;
    private const int OutgoingCapacity = 64;

    /// <summary>How many bytes of queued lines one send may gather; a busy stream then costs one system call per batch, not per line.</summary>
    private const int MostBytesPerSend = 64 * 1024;
    private const int InitialReadBufferBytes = 4096;

    private readonly Channel<byte[]> _outgoing = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(OutgoingCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly SemaphoreSlim _inFlight = new(MaxRequestsInFlight, MaxRequestsInFlight);
    private readonly List<Task> _requests = [];
    private bool _refusedLine;
    private ControlSession? _session;

    public ControlCaller Caller => caller;

    public async Task RunAsync(CancellationToken stopping)
    {
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var streamsEnd = CancellationTokenSource.CreateLinkedTokenSource(closing.Token);
        _session = new ControlSession(caller, SendAsync, streamsEnd.Token);
        var writer = WriteAllAsync(closing);
        try
        {
            await ReadAllAsync(closing.Token).ConfigureAwait(false);
            // A client that hangs up ends its streams; its requests in flight are still answered.
            await streamsEnd.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_requests).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
            // The daemon stops, or the client went away.
        }
        catch (Exception exception) when (exception is SocketException or IOException or ObjectDisposedException)
        {
            // The client went away while we read.
        }
        finally
        {
            // Streams write into the outgoing queue, so they stop (and leave the engine's broadcasters) first.
            await streamsEnd.CancelAsync().ConfigureAwait(false);
            await _session.StopStreamsAsync().ConfigureAwait(false);
            _outgoing.Writer.TryComplete();
            await writer.ConfigureAwait(false);
            await closing.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_requests).ConfigureAwait(false);
            if (_refusedLine)
            {
                await GracefulClose.CloseAsync(socket).ConfigureAwait(false);
            }
            socket.Dispose();
        }
    }

    public void Dispose()
    {
        _inFlight.Dispose();
        socket.Dispose();
    }

    /// <summary>Sends one line as soon as the writer gets to it; used for the refusal of a connection over the limit too.</summary>
    public ValueTask SendAsync(byte[] line, CancellationToken cancellationToken) => _outgoing.Writer.WriteAsync(line, cancellationToken);

    private async Task ReadAllAsync(CancellationToken cancellationToken)
    {
        // Starts small and grows towards the limit only for a long line, so a hundred idle clients cost kilobytes,
        // not 64 KiB each (docs/performance.md). One byte over the limit tells a line that is too long from one that
        // exactly fits.
        var buffer = new byte[InitialReadBufferBytes];
        var filled = 0;
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return; // EOF; an unfinished last line is dropped.
            }
            var start = 0;
            var end = filled + read;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', filled, end - filled)) >= 0)
            {
                await StartRequestAsync(buffer.AsMemory(start, newline - start), cancellationToken).ConfigureAwait(false);
                start = newline + 1;
                filled = start;
            }
            filled = end - start;
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, filled);
            }
            if (filled > ControlProtocol.MaxRequestBytes)
            {
                await SendAsync(
                    JsonRpcWire.Error(null, ControlErrorKind.RequestTooLarge,
                        $"a request line may be at most {ControlProtocol.MaxRequestBytes} bytes; closing the connection",
                        new ControlErrorData(nameof(ControlErrorKind.RequestTooLarge)) { Limit = ControlProtocol.MaxRequestBytes }),
                    cancellationToken).ConfigureAwait(false);
                _refusedLine = true;
                return;
            }
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(2 * buffer.Length, ControlProtocol.MaxRequestBytes + 1));
            }
            else if (buffer.Length > InitialReadBufferBytes && filled < InitialReadBufferBytes / 2)
            {
                // The long line is done: give its buffer back rather than keep it for an idle connection.
                var smaller = new byte[InitialReadBufferBytes];
                Buffer.BlockCopy(buffer, 0, smaller, 0, filled);
                buffer = smaller;
            }
        }
    }

    private async Task StartRequestAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        var text = line.Span;
        if (text.Length > 0 && text[^1] == (byte)'\r')
        {
            line = line[..^1];
        }
        if (line.Span.Trim(" \t"u8).IsEmpty)
        {
            return;
        }
        // The buffer is reused for the next lines: the request keeps its own copy.
        var request = line.ToArray();
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        _requests.RemoveAll(task => task.IsCompleted);
        _requests.Add(HandleAsync(request, cancellationToken));
    }

    private async Task HandleAsync(byte[] request, CancellationToken cancellationToken)
    {
        try
        {
            if (await dispatcher.DispatchAsync(request, _session!, cancellationToken).ConfigureAwait(false) is { } response)
            {
                await SendAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            // The connection is closing; nobody is left to answer.
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private async Task WriteAllAsync(CancellationTokenSource closing)
    {
        try
        {
            var reader = _outgoing.Reader;
            // Made on the first backlog only: an idle connection must not hold 64 KiB (docs/performance.md, idle clients).
            ArrayBufferWriter<byte>? batch = null;
            while (await reader.WaitToReadAsync(closing.Token).ConfigureAwait(false))
            {
                if (!reader.TryRead(out var line))
                {
                    continue;
                }
                if (!reader.TryPeek(out _))
                {
                    // The usual case, one answer at a time: sent as it is, without a copy.
                    await socket.SendAsync(line, SocketFlags.None, closing.Token).ConfigureAwait(false);
                    continue;
                }
                batch ??= new ArrayBufferWriter<byte>(MostBytesPerSend);
                batch.ResetWrittenCount();
                batch.Write(line);
                while (batch.WrittenCount < MostBytesPerSend && reader.TryRead(out var next))
                {
                    batch.Write(next);
                }
                await socket.SendAsync(batch.WrittenMemory, SocketFlags.None, closing.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is gone: stop reading and answering too.
            await closing.CancelAsync().ConfigureAwait(false);
        }
    }
}
