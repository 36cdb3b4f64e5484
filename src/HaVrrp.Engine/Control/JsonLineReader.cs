using System.Buffers;
using System.IO.Pipelines;

namespace HaVrrp.Engine.Control;

/// <summary>
/// Reads newline-delimited messages off a stream as bytes, without decoding them to text first: a 232 KiB
/// <c>instance.list</c> answer goes from the socket to the JSON reader as it came (docs/performance.md, "Control
/// plane"). A line handed out is valid until the next read.
/// </summary>
internal sealed class JsonLineReader(Stream stream) : IAsyncDisposable
{
    private readonly PipeReader _pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
    private SequencePosition? _lineEnd;

    /// <summary>The next line without its newline; null when the other side closed the stream.</summary>
    public async ValueTask<ReadOnlySequence<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        if (_lineEnd is { } previous)
        {
            _pipe.AdvanceTo(previous);
            _lineEnd = null;
        }
        while (true)
        {
            var read = await _pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } newline)
            {
                _lineEnd = buffer.GetPosition(1, newline);
                return buffer.Slice(0, newline);
            }
            if (read.IsCompleted)
            {
                _pipe.AdvanceTo(buffer.End);
                return null;
            }
            // Nothing consumed, everything looked at: the next read waits for more bytes.
            _pipe.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public ValueTask DisposeAsync() => _pipe.CompleteAsync();
}
